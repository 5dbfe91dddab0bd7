// Inlay hints: the model count shown after a wildcard value, at the `<|>` places.
import * as assert from 'assert';
import { parseConf } from '../../server/src/parser/index';
import { getInlayHints } from '../../server/src/services/inlayHints';
import { parseMarkers } from '../helpers/markers';
import { describeWithRegistry } from '../helpers/registry';

describeWithRegistry('inlay hints', (registry) => {
  // Counted from HELM 63754d05's model_metadata.yaml as ModelRunExpander does: the models with the
  // wildcard's tag (text: TEXT_MODEL_TAG; all: every name once), less those tagged deprecated or
  // unsupported. `text` keeps inceptionai/jais-family-6p7b-chat twice: the YAML lists it twice.
  const rows: Array<{ title: string; source: string; labels: string[] }> = [
    { title: 'after model=text', source: 'entries: [\n  {description: "mmlu:subject=anatomy,model=text<|>", priority: 1}\n]', labels: ['481 models'] },
    { title: 'after a wildcard in the middle', source: 'entries: [{description: "mmlu:model=vlm<|>,subject=x"}]', labels: ['131 models'] },
    { title: 'a wildcard with no model at all', source: 'entries: [{description: "mmlu:model=biomedical<|>"}]', labels: ['0 models'] },
    { title: 'in several entries, CRLF', source: 'entries: [\r\n  {description: "a:model=all<|>"}\r\n  {description: "b:model=code<|>"}\r\n]', labels: ['566 models', '5 models'] },
    { title: 'none after a model name, a deployment or another key', source: 'entries: [{description: "mmlu:model=openai/gpt2,model_deployment=huggingface/gpt2,subject=text"}]', labels: [] },
  ];
  for (const row of rows) {
    it(row.title, () => {
      const m = parseMarkers(row.source);
      const hints = getInlayHints(parseConf(m.text), { start: 0, end: m.text.length }, registry);
      assert.deepStrictEqual(hints.map((h) => [h.offset, h.label]), m.cursors.map((o, i) => [o, row.labels[i]]));
      for (const h of hints) assert.ok(h.paddingLeft && h.tooltip.includes('model wildcard'));
    });
  }

  it('only the hints inside the requested range', () => {
    const m = parseMarkers('entries: [\n  {description: "a:model=all"}\n<|  {description: "b:model=code<|>"}|>\n]');
    const hints = getInlayHints(parseConf(m.text), m.ranges[0], registry);
    assert.deepStrictEqual(hints.map((h) => h.offset), m.cursors);
  });
});
