// References and rename of a run spec function or a model across conf files: exact spans only.
import * as assert from 'assert';
import { parseConf } from '../../server/src/parser/index';
import { prepareRename, referencesAt, rename } from '../../server/src/services/references';
import { applyEdits, markText, parseMarkers, withCursor } from '../helpers/markers';

const A = `entries: [
  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}
  {description: "mmlu_pro:subject=law,model=openai/gpt2-xl", priority: 2}
  {description: "boolq:model=openai/gpt2,data_augmentation=canonical", priority: 1}
  # mmlu in a comment is not a reference
]`;
const B = `entries: [ {description: "mmlu:subject=philosophy,model=text"} ]`;

describe('references', () => {
  const rows: Array<{ title: string; cursorIn: string; expectedA: string; expectedB: string }> = [
    {
      title: 'a function name: every description naming it, not longer names or comments',
      cursorIn: '"mm<|>lu:subject=anatomy',
      expectedA: A.replace('"mmlu:subject=anatomy', '"<|mmlu|>:subject=anatomy'),
      expectedB: B.replace('mmlu', '<|mmlu|>'),
    },
    {
      title: 'a model name: every model= value equal to it',
      cursorIn: 'model=openai/g<|>pt2", priority: 1}',
      expectedA: A.replace('model=openai/gpt2", priority: 1}', 'model=<|openai/gpt2|>", priority: 1}').replace('boolq:model=openai/gpt2', 'boolq:model=<|openai/gpt2|>'),
      expectedB: B,
    },
  ];
  for (const row of rows) {
    it(row.title, () => {
      const at = A.indexOf(row.cursorIn.replace('<|>', ''));
      const offset = at + row.cursorIn.indexOf('<|>');
      const files = [
        { uri: 'a', conf: parseConf(A) },
        { uri: 'b', conf: parseConf(B) },
      ];
      const refs = referencesAt(files[0].conf, offset, files);
      assert.strictEqual(markText(A, [], refs.filter((r) => r.uri === 'a').map((r) => r.span)), row.expectedA);
      assert.strictEqual(markText(B, [], refs.filter((r) => r.uri === 'b').map((r) => r.span)), row.expectedB);
    });
  }

  it('nothing on an argument key', () => {
    const { text, offset } = withCursor('entries: [{description: "mmlu:sub<|>ject=x"}]');
    const conf = parseConf(text);
    assert.deepStrictEqual(referencesAt(conf, offset, [{ uri: 'a', conf }]), []);
  });
});

describe('rename', () => {
  it('renames a function in every file, touching only the name', () => {
    const { text, offset } = withCursor(A.replace('"mmlu:subject=anatomy', '"mm<|>lu:subject=anatomy'));
    const a = parseConf(text);
    const b = parseConf(B);
    const result = rename(a, offset, 'mmlu_clinical', [{ uri: 'a', conf: a }, { uri: 'b', conf: b }]);
    assert.ok(result.ok);
    assert.strictEqual(applyEdits(text, result.edits.get('a') ?? []), A.replace('"mmlu:subject=anatomy', '"mmlu_clinical:subject=anatomy'));
    assert.strictEqual(applyEdits(B, result.edits.get('b') ?? []), B.replace('mmlu', 'mmlu_clinical'));
  });

  it('renames a model in every model= value equal to it', () => {
    const { text, offset } = withCursor(A.replace('boolq:model=openai/gpt2', 'boolq:model=openai/<|>gpt2'));
    const a = parseConf(text);
    const result = rename(a, offset, 'openai/gpt2-medium', [{ uri: 'a', conf: a }]);
    assert.ok(result.ok);
    const expected = A.replace('model=openai/gpt2", priority: 1}', 'model=openai/gpt2-medium", priority: 1}').replace('boolq:model=openai/gpt2', 'boolq:model=openai/gpt2-medium');
    assert.strictEqual(applyEdits(text, result.edits.get('a') ?? []), expected);
  });

  const refused: Array<{ newName: string; message: string }> = [
    { newName: 'a,b', message: '"a,b" is not a valid run spec function name.' },
    { newName: 'x:y', message: '"x:y" is not a valid run spec function name.' },
    { newName: '', message: '"" is not a valid run spec function name.' },
  ];
  for (const row of refused) {
    it(`refuses ${JSON.stringify(row.newName)}: it would change how HELM splits the description`, () => {
      const { text, offset } = withCursor('entries: [{description: "mm<|>lu:x=1"}]');
      const conf = parseConf(text);
      assert.deepStrictEqual(rename(conf, offset, row.newName, [{ uri: 'a', conf }]), { ok: false, error: row.message });
    });
  }

  it('prepareRename gives the name span and its text', () => {
    const m = parseMarkers('entries: [{description: "<|mmlu|>:x=1"}]');
    const conf = parseConf(m.text);
    assert.deepStrictEqual(prepareRename(conf, m.ranges[0].start + 1), { span: m.ranges[0], placeholder: 'mmlu' });
    assert.strictEqual(prepareRename(conf, m.text.indexOf('x=1') + 1), undefined);
  });
});
