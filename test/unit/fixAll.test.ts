// Fix-all applies every fix that cannot change what HELM runs, and only those; repeated diagnostics say "Same as line N".
import * as assert from 'assert';
import { parseConf } from '../../server/src/parser/index';
import { fixAll } from '../../server/src/services/fixAll';
import { collapseRepeats } from '../../server/src/services/repeats';
import { validate } from '../../server/src/services/validation';
import { applyEdits } from '../helpers/markers';
import { describeWithRegistry } from '../helpers/registry';

const conf = (...lines: string[]): string => `entries: [\n${lines.map((l) => `  ${l}`).join('\n')}\n]\n`;

describeWithRegistry('fix-all', (registry) => {
  const rows: Array<{ title: string; before: string; after: string; fixed: number }> = [
    {
      title: 'an ignored duplicate argument goes (HELM keeps the last one)',
      before: conf('{description: "mmlu:subject=anatomy,subject=philosophy,model=openai/gpt2"}'),
      after: conf('{description: "mmlu:subject=philosophy,model=openai/gpt2"}'),
      fixed: 1,
    },
    {
      title: 'a comma right after `[` and `,,` go (pyhocon adds no item for them)',
      before: 'entries: [,\n  {description: "boolq:model=openai/gpt2"},,\n  {description: "imdb:model=openai/gpt2"}\n]\n',
      after: 'entries: [\n  {description: "boolq:model=openai/gpt2"},\n  {description: "imdb:model=openai/gpt2"}\n]\n',
      fixed: 2,
    },
    {
      title: 'three of the same key: the first two go, one round after the other',
      before: conf('{description: "mmlu:subject=a,subject=b,subject=c,model=openai/gpt2"}'),
      after: conf('{description: "mmlu:subject=c,model=openai/gpt2"}'),
      fixed: 2,
    },
    {
      title: 'what would change what HELM runs stays: a typo, a misspelt key, priority "1", an empty value',
      before: conf('{description: "mmlux:subject=anatomy,model=openai/gpt2", prority: 1}', '{description: "boolq:model=openai/gpt2,only_contrast=", priority: "1"}'),
      after: conf('{description: "mmlux:subject=anatomy,model=openai/gpt2", prority: 1}', '{description: "boolq:model=openai/gpt2,only_contrast=", priority: "1"}'),
      fixed: 0,
    },
    {
      title: 'a suppressed line is left alone',
      before: conf('# helm-conf: disable-next-line duplicate-key', '{description: "mmlu:subject=a,subject=b,model=openai/gpt2"}'),
      after: conf('# helm-conf: disable-next-line duplicate-key', '{description: "mmlu:subject=a,subject=b,model=openai/gpt2"}'),
      fixed: 0,
    },
  ];
  for (const row of rows) {
    it(row.title, () => {
      const result = fixAll(row.before, registry);
      assert.strictEqual(result.text, row.after);
      assert.strictEqual(result.fixed, row.fixed);
      // The one edit it sends turns the text into the fixed one, touching only what changed.
      assert.strictEqual(result.edit ? applyEdits(row.before, [result.edit]) : row.before, row.after);
    });
  }

  it('a rule set to off is not fixed', () => {
    const text = conf('{description: "mmlu:subject=a,subject=b,model=openai/gpt2"}');
    assert.strictEqual(fixAll(text, registry, { rules: { 'duplicate-key': 'off' } }).fixed, 0);
  });
});

describeWithRegistry('repeated diagnostics', (registry) => {
  it('every occurrence keeps its range; the first its message, the others "Same as line N" pointing to it', () => {
    const text = conf(
      '{description: "boolq:model=openai/davinci"}',
      '{description: "imdb:model=openai/davinci"}',
      '{description: "imdb:model=openai/babbage"}',
      '{description: "narrative_qa:model=openai/davinci"}',
    );
    const c = parseConf(text);
    const found = validate(c, registry, {}).filter((d) => d.code === 'deprecated-model');
    const shown = collapseRepeats(c, found);
    assert.deepStrictEqual(
      shown.map((d) => [text.slice(d.span.start, d.span.end), d.message.includes('same as line') ? d.message : 'full', d.related?.[0]?.span?.start]),
      [
        ['openai/davinci', 'full', undefined],
        ['openai/davinci', '`openai/davinci`: same as line 2.', found[0].span.start],
        ['openai/babbage', 'full', undefined],
        ['openai/davinci', '`openai/davinci`: same as line 2.', found[0].span.start],
      ],
    );
    assert.deepStrictEqual(shown.map((d) => d.fixes?.length), found.map((d) => d.fixes?.length), 'the quick fixes stay');
  });
});
