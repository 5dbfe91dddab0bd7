// Completion of what follows: a function's `:` and required arguments as tab stops, and the values after `key=` (snapshot facts).
import * as assert from 'assert';
import { parseConf } from '../../server/src/parser/index';
import { createRegistry, loadSnapshot } from '../../server/src/registry/index';
import type { Registry, RunSpecFunction } from '../../server/src/registry/types';
import { doComplete, type CompletionOptions, type HelmCompletionItem } from '../../server/src/services/completion';
import { applyEdits, markText, withCursor } from '../helpers/markers';
import { describeWithRegistry } from '../helpers/registry';

function items(source: string, registry: Registry, options?: CompletionOptions): { text: string; offset: number; items: HelmCompletionItem[] } {
  const { text, offset } = withCursor(source);
  const list = doComplete(parseConf(text), offset, registry, options).items;
  list.sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label) || a.label.localeCompare(b.label));
  return { text, offset, items: list };
}

/** The text after accepting `label`, snippet placeholders as sent; `⟳` at the end when the editor opens the list again. */
function accept(source: string, label: string, registry: Registry, options?: CompletionOptions): string {
  const { text, offset, items: list } = items(source, registry, options);
  const item = list.find((i) => i.label === label);
  assert.ok(item, `no item ${label} at ${markText(text, [offset])}; got ${list.slice(0, 15).map((i) => i.label).join(', ')}`);
  return applyEdits(text, [item.edit]) + (item.retrigger ? '⟳' : '');
}

const entry = (description: string): string => `entries: [{description: "${description}"}]`;

describeWithRegistry('completion: what follows, and the values', (registry) => {
  describe('a run spec function: `name:` and the required arguments as tab stops, the value list opened at the first', () => {
    const rows: Array<{ title: string; source: string; label: string; expected: string; options?: CompletionOptions }> = [
      { title: 'one required argument', source: entry('mml<|>'), label: 'mmlu', expected: `${entry('mmlu:subject=${1}')}⟳` },
      { title: 'two required arguments, in order', source: entry('mmlu_cl<|>'), label: 'mmlu_clinical_afr', expected: `${entry('mmlu_clinical_afr:subject=${1},lang=${2}')}⟳` },
      { title: 'none required: `name:`, and the argument list opens', source: entry('boo<|>'), label: 'boolq', expected: `${entry('boolq:')}⟳` },
      { title: 'an empty description', source: entry('<|>'), label: 'mmlu', expected: `${entry('mmlu:subject=${1}')}⟳` },
      { title: 'opinions_qa', source: entry('opinions_q<|>'), label: 'opinions_qa', expected: `${entry('opinions_qa:survey_type=${1},num_logprobs=${2}')}⟳` },
      {
        title: 'in a triple-quoted string',
        source: 'entries: [{description: """mm<|>"""}]',
        label: 'mmlu',
        expected: 'entries: [{description: """mmlu:subject=${1}"""}]⟳',
      },
      { title: 'renaming the function of a written description keeps its arguments', source: entry('mm<|>lu:subject=anatomy'), label: 'mmlu_pro', expected: entry('mmlu_pro:subject=anatomy') },
      { title: 'an editor without snippets gets the name alone', source: entry('mml<|>'), label: 'mmlu', expected: entry('mmlu'), options: { snippets: false } },
    ];
    for (const row of rows) it(row.title, () => assert.strictEqual(accept(row.source, row.label, registry, row.options), row.expected));
  });

  describe('values after `key=`', () => {
    const rows: Array<{ title: string; source: string; first: string[]; detail?: string; count?: number }> = [
      // 57 MMLU subjects from HELM's conf files, the most used first.
      { title: 'subject of mmlu: the 57 subjects HELM runs', source: entry('mmlu:subject=<|>'), first: ['abstract_algebra', 'college_chemistry'], detail: "used by 19 of HELM's entries", count: 57 },
      { title: 'method: HELM’s usage for this function first, then every adapter method', source: entry('mmlu:subject=anatomy,method=<|>'), first: ['multiple_choice_joint', 'multiple_choice_separate_calibrated', 'multiple_choice_separate_original', 'generation'] },
      { title: 'a default is offered and says so', source: entry('mmlu_pro:subject=<|>'), first: ['all'], detail: "used by 4 of HELM's entries (default)" },
      { title: 'bool: true and false', source: entry('mscoco_captioning:long=<|>'), first: ['true', 'false'], detail: 'bool' },
      { title: 'a number-valued run expander: HELM’s numbers first, then its named values', source: entry('mmlu:num_output_tokens=<|>'), first: ['4000', 'default_sweep', '10000'] },
      { title: 'max_train_instances: the most used first', source: entry('mmlu:max_train_instances=<|>'), first: ['0', 'big_bench_few_shot_setting', 'melt'] },
      { title: 'a run expander’s set: used values first, then the rest', source: entry('mmlu:eval_split=<|>'), first: ['test', 'valid'] },
      { title: 'model_deployment=: the entry’s model’s deployments first', source: entry('mmlu:model=openai/gpt2,model_deployment=<|>'), first: ['huggingface/gpt2'], detail: "deployment of openai/gpt2 (this entry's model)" },
    ];
    for (const row of rows) {
      it(row.title, () => {
        const list = items(row.source, registry).items;
        assert.deepStrictEqual(list.slice(0, row.first.length).map((i) => i.label), row.first);
        if (row.detail) assert.strictEqual(list[0].detail, row.detail);
        if (row.count !== undefined) assert.strictEqual(list.length, row.count);
      });
    }

    const accepts: Array<{ title: string; source: string; label: string; expected: string }> = [
      { title: 'a subject', source: entry('mmlu:subject=<|>'), label: 'anatomy', expected: entry('mmlu:subject=anatomy') },
      { title: 'a subject in place of a partly typed one', source: entry('mmlu:subject=ana<|>,model=text'), label: 'anatomy', expected: entry('mmlu:subject=anatomy,model=text') },
      { title: 'a method', source: entry('mmlu:subject=anatomy,method=<|>'), label: 'multiple_choice_separate_original', expected: entry('mmlu:subject=anatomy,method=multiple_choice_separate_original') },
      { title: 'a deployment of the entry’s model', source: entry('mmlu:model=openai/gpt2,model_deployment=<|>'), label: 'huggingface/gpt2', expected: entry('mmlu:model=openai/gpt2,model_deployment=huggingface/gpt2') },
    ];
    for (const row of accepts) it(row.title, () => assert.strictEqual(accept(row.source, row.label, registry), row.expected));
  });

  describe('where the values come from', () => {
    const task: RunSpecFunction = {
      name: 'my_task',
      pythonName: 'get_my_task_spec',
      parameters: [{ name: 'split', kind: 'positional', annotation: 'Literal["train", "test"]', required: true }],
      takesKwargs: false,
      module: 'my_plugin',
      origin: { source: 'plugin', file: '/ws/my_plugin.py', line: 3 },
    };
    const installed = {
      functions: [task],
      expanders: [],
      wildcards: [],
      models: [],
      deployments: [],
      deploymentGeneratorPrefixes: [],
      // An installed HELM's conf files add their values to the snapshot's.
      confValues: { arguments: { mmlu: { subject: { zoology: 100 } } }, expanders: {} },
    };
    const layered = createRegistry([loadSnapshot(), installed]);

    it('Literal annotations give their values', () => {
      assert.deepStrictEqual(items(entry('my_task:split=<|>'), layered).items.map((i) => [i.label, i.detail]), [
        ['train', 'Literal'],
        ['test', 'Literal'],
      ]);
    });

    it('an installed HELM’s conf files add to the snapshot’s values', () => {
      const labels = items(entry('mmlu:subject=<|>'), layered).items.map((i) => i.label);
      assert.strictEqual(labels[0], 'zoology');
      assert.strictEqual(labels.length, 58);
    });
  });
});
