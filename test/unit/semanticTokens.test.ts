// Semantic tokens: the token type and modifiers at each `<|…|>` range of a description, and the LSP encoding.
import * as assert from 'assert';
import { parseConf } from '../../server/src/parser/index';
import { updateConf } from '../../server/src/parser/incremental';
import { encode, getSemanticTokens, LEGEND, packTokens, tokenEdits } from '../../server/src/services/semanticTokens';
import * as fs from 'fs';
import { corpusConfFiles, describeWithCorpus, fixturePath } from '../helpers/corpus';
import { parseMarkers } from '../helpers/markers';
import { seededRandom } from '../helpers/random';
import { applyTokenEdits } from '../helpers/tokenEdits';
import { describeWithRegistry } from '../helpers/registry';

describe('semantic token edits (full/delta)', () => {
  it('none between equal encodings; else one edit that turns the old into the new', () => {
    assert.deepStrictEqual(tokenEdits([1, 2, 3], [1, 2, 3]), []);
    assert.deepStrictEqual(tokenEdits([1, 2, 3, 4, 5], [1, 2, 9, 4, 5]), [{ start: 2, deleteCount: 1, data: [9] }]);
    assert.deepStrictEqual(tokenEdits([1, 2, 3], [1, 2, 3, 4, 5]), [{ start: 3, deleteCount: 0, data: [4, 5] }]);
    assert.deepStrictEqual(tokenEdits([1, 2, 3, 4, 5], []), [{ start: 0, deleteCount: 5, data: [] }]);
    const rnd = seededRandom(3);
    const list = (): number[] => Array.from({ length: Math.floor(rnd() * 12) }, () => Math.floor(rnd() * 3));
    for (let i = 0; i < 2000; i++) {
      const a = list();
      const b = rnd() < 0.5 ? list() : [...a.slice(0, 3), ...list(), ...a.slice(5)];
      assert.deepStrictEqual(applyTokenEdits(a, tokenEdits(a, b)), b, `${a} → ${b}`);
    }
  });
});

describeWithRegistry('semantic tokens', (registry) => {
  /** Each token as `text:type[+modifier]`, in document order. */
  function tokens(text: string): string[] {
    const conf = parseConf(text);
    return getSemanticTokens(conf, registry).map((t) => `${text.slice(t.span.start, t.span.end)}:${[t.type, ...t.modifiers].join('+')}`);
  }

  const rows: Array<{ title: string; source: string; expected: string[] }> = [
    {
      title: 'function, parameter and expander keys, `=`, a wildcard, a number, a set value, a string',
      source: 'entries: [\n  {description: "<|mmlu|>:<|subject|><|=|><|anatomy|>,<|model|><|=|><|text|>,<|max_train_instances|><|=|><|5|>,<|stop|><|=|><|hash|>", priority: 1}\n]',
      expected: [
        'mmlu:function', 'subject:parameter', '=:operator', 'anatomy:string',
        'model:macro', '=:operator', 'text:enum',
        'max_train_instances:macro', '=:operator', '5:number',
        'stop:macro', '=:operator', 'hash:enumMember',
      ],
    },
    {
      title: 'a model, a deprecated model and a deployment',
      source: '{description: "<|boolq|>:<|model|><|=|><|openai/gpt2|>"}\n{description: "<|boolq|>:<|model|><|=|><|openai/davinci|>,<|model_deployment|><|=|><|huggingface/gpt2|>"}',
      expected: [
        'boolq:function', 'model:macro', '=:operator', 'openai/gpt2:enumMember',
        'boolq:function', 'model:macro', '=:operator', 'openai/davinci:enumMember+deprecated',
        'model_deployment:macro', '=:operator', 'huggingface/gpt2:enumMember',
      ],
    },
    {
      title: 'a two-part deployment name after model= is no model to HELM: a plain string',
      source: '{description: "<|boolq|>:<|model|><|=|><|huggingface/gpt2|>"}',
      expected: ['boolq:function', 'model:macro', '=:operator', 'huggingface/gpt2:string'],
    },
    {
      title: 'escaped quotes stay inside the value token',
      source: 'entries: [{description: "<|mmlu|>:<|subject|><|=|><|\\"a b\\"|>"}]',
      expected: ['mmlu:function', 'subject:parameter', '=:operator', '\\"a b\\":string'],
    },
    {
      title: 'a triple-quoted description split per line',
      source: 'entries: [\n  {description: """<|mmlu|>:<|subject|><|=|><|ana|>\r\n<|tomy|>"""}\n]',
      expected: ['mmlu:function', 'subject:parameter', '=:operator', 'ana:string', 'tomy:string'],
    },
  ];
  for (const row of rows) {
    it(row.title, () => {
      const m = parseMarkers(row.source.startsWith('{') ? `entries: [\n${row.source}\n]` : row.source);
      assert.deepStrictEqual(tokens(m.text), row.expected);
      // Every token lies exactly on a marked range.
      const conf = parseConf(m.text);
      assert.deepStrictEqual(getSemanticTokens(conf, registry).map((t) => t.span), m.ranges);
    });
  }

  it('no tokens outside descriptions, nor for an empty one', () => {
    assert.deepStrictEqual(tokens('entries: [\n  {description: "", priority: 1, groups: ["a"]}\n]'), []);
  });

  it('after edits read incrementally, the same tokens as a fresh parse; typing in one entry changes a few numbers', () => {
    const text = fs.readFileSync(fixturePath('conf', 'incremental.conf'), 'utf8');
    let conf = parseConf(text);
    let data = Array.from(encode(conf, registry));
    const first = conf.entries.find((e) => e.description?.parsed?.name.text === 'boolq');
    assert.ok(first);
    const at = first.description!.parsed!.name.span.end;
    const lineEnd = text.indexOf('\n', first.node.span.end);
    // A name typed longer and back, Enter after the entry, then Backspace.
    for (const next of [
      text.slice(0, at) + 'x' + text.slice(at),
      text.slice(0, at) + 'xy' + text.slice(at),
      text,
      text.slice(0, lineEnd) + '\n  ' + text.slice(lineEnd),
      text,
    ]) {
      conf = updateConf(conf, next);
      const fresh = parseConf(next);
      const shown = (c: typeof conf): string[] => getSemanticTokens(c, registry).map((t) => `${t.span.start}-${t.span.end}:${t.type}`);
      assert.deepStrictEqual(shown(conf), shown(fresh));
      const now = Array.from(encode(conf, registry));
      const edits = tokenEdits(data, now);
      assert.deepStrictEqual(applyTokenEdits(data, edits), now);
      assert.ok(edits.every((e) => e.data.length <= 30), JSON.stringify(edits));
      data = now;
    }
  });

  it('encodes for LSP: relative lines and columns, legend indexes, modifier bits', () => {
    const text = 'entries: [\n  {description: "boolq:model=openai/davinci"}\n  {description: "mmlu"}\n]';
    const conf = parseConf(text);
    const data = Array.from(encode(conf, registry));
    const type = (t: string): number => LEGEND.tokenTypes.indexOf(t);
    assert.deepStrictEqual(data, [
      1, 17, 5, type('function'), 0,
      0, 6, 5, type('macro'), 0,
      0, 5, 1, type('operator'), 0,
      0, 1, 14, type('enumMember'), 1 << LEGEND.tokenModifiers.indexOf('deprecated'),
      1, 17, 4, type('function'), 0,
    ]);
  });
});

describeWithCorpus('semantic tokens on HELM\'s conf files', () => {
  describeWithRegistry('every file', (registry) => {
    it('one function token per description, tokens on one line, in order, never overlapping', () => {
      for (const file of corpusConfFiles()) {
        const conf = parseConf(fs.readFileSync(file, 'utf8'));
        const tokens = getSemanticTokens(conf, registry);
        const described = conf.entries.filter((e) => e.description?.parsed && e.description.node.kind === 'string' && e.description.parsed.name.text);
        assert.strictEqual(tokens.filter((t) => t.type === 'function').length, described.length, file);
        for (let i = 0; i < tokens.length; i++) {
          const t = tokens[i];
          assert.ok(t.span.end > t.span.start && !/[\r\n]/.test(conf.text.slice(t.span.start, t.span.end)), file);
          if (i > 0) assert.ok(tokens[i - 1].span.end <= t.span.start, `${file}: overlap at ${t.span.start}`);
        }
        assert.strictEqual(packTokens(conf, tokens).length, tokens.length * 5);
      }
    });
  });
});
