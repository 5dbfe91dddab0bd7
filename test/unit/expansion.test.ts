// Static expansion of run entries, checked against names read by hand from HELM's run spec functions and expanders.
import * as assert from 'assert';
import type { ExpansionFilters } from '../../server/src/common/protocol';
import { expandConf, expandEntry, type StaticExpansion } from '../../server/src/expansion/staticExpansion';
import { parseConf } from '../../server/src/parser/index';
import type { Registry } from '../../server/src/registry/types';
import { describeWithRegistry } from '../helpers/registry';

let registry: Registry;

/** Expands the single entry of `entries: [ <entry> ]`. */
function expand(entry: string, filters: ExpansionFilters = {}): StaticExpansion {
  const conf = parseConf(`entries: [\n  ${entry}\n]\n`);
  assert.strictEqual(conf.entries.length, 1, `one entry in ${entry}`);
  return expandEntry(conf.entries[0], registry, filters);
}

const names = (e: StaticExpansion): string[] => e.runSpecs.map((r) => r.name);
const gpt2: ExpansionFilters = { modelsToRun: ['openai/gpt2'] };

interface Row {
  title: string;
  entry: string;
  filters?: ExpansionFilters;
  expected: string[];
}

const rows: Row[] = [
  {
    title: 'a model with `/`, a parameter default from a module constant',
    entry: '{description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}',
    expected: ['mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2'],
  },
  {
    title: 'no model=: --models-to-run adds model last, so it expands after data_augmentation',
    entry: '{description: "boolq:data_augmentation=canonical"}',
    filters: gpt2,
    expected: ['boolq,data_augmentation=canonical:model=openai_gpt2'],
  },
  {
    title: 'a wildcard rewritten once per --models-to-run model, in their order',
    entry: '{description: "mmlu:subject=anatomy,model=text"}',
    filters: { modelsToRun: ['openai/gpt2', 'anthropic/claude-v1.3'] },
    expected: [
      'mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2',
      'mmlu:subject=anatomy,method=multiple_choice_joint,model=anthropic_claude-v1.3',
    ],
  },
  {
    title: 'a model with `/` that --models-to-run does not list is dropped',
    entry: '{description: "mmlu:subject=anatomy,model=openai/gpt-4-0613"}',
    filters: gpt2,
    expected: [],
  },
  {
    title: 'expanders in the order written; a name without `:` gets `:` first',
    entry: '{description: "boolq:data_augmentation=robustness,model=openai/gpt2"}',
    expected: ['boolq,data_augmentation=robustness:model=openai_gpt2'],
  },
  {
    title: 'data_augmentation=misspelling_sweep fans out to four RunSpecs',
    entry: '{description: "boolq:model=openai/gpt2,data_augmentation=misspelling_sweep"}',
    expected: ['misspelling0', 'misspelling0.05', 'misspelling0.2', 'misspelling0.5'].map(
      (m) => `boolq:model=openai_gpt2,data_augmentation=${m}`,
    ),
  },
  {
    title: 'max_train_instances=big_bench_few_shot_setting fans out to 0..3',
    entry: '{description: "wikifact:k=5,subject=author,model=openai/gpt2,max_train_instances=big_bench_few_shot_setting"}',
    expected: [0, 1, 2, 3].map((n) => `wikifact:k=5,subject=author,model=openai_gpt2,max_train_instances=${n}`),
  },
  {
    title: 'groups appended sorted and joined with `-`',
    entry: '{description: "mmlu:subject=anatomy,model=openai/gpt2", groups: ["zeta", "alpha"]}',
    expected: ['mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2,groups=alpha-zeta'],
  },
  {
    title: 'an empty groups list adds nothing',
    entry: '{description: "mmlu:subject=anatomy,model=openai/gpt2", groups: []}',
    expected: ['mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2'],
  },
  {
    title: 'a `/` in an argument becomes `_` (RunSpec.__post_init__)',
    entry: '{description: "grammar:path=src/x.yaml,tags=,num_respondents=1,model=openai/gpt2"}',
    expected: ['grammar:path=src_x.yaml,tags=,model=openai_gpt2'],
  },
  {
    title: 'an int argument is written as str(int(v)) does (`1_0` → `10`)',
    entry: '{description: "cleva:task=summarization,version=v1,prompt_id=1_0,model=openai/gpt2"}',
    expected: ['cleva:task=summarization,version=v1,prompt_id=10,model=openai_gpt2'],
  },
  {
    title: 'a float argument is written as str(float(v)) does (`1e3` → `1000.0`)',
    entry: '{description: "wikifact:k=1e3,subject=author,model=openai/gpt2"}',
    expected: ['wikifact:k=1000.0,subject=author,model=openai_gpt2'],
  },
  {
    title: 'tokenizer=default without a model deployment yet: no tokenizer, no RunSpec',
    entry: '{description: "synthetic_efficiency:model=openai/gpt2,tokenizer=default"}',
    expected: [],
  },
  {
    title: '--groups-to-run keeps RunSpecs whose function groups match',
    entry: '{description: "mmlu:subject=anatomy,model=openai/gpt2"}',
    filters: { groupsToRun: ['mmlu'] },
    expected: ['mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2'],
  },
  {
    title: '--groups-to-run drops RunSpecs of other groups',
    entry: '{description: "mmlu:subject=anatomy,model=openai/gpt2"}',
    filters: { groupsToRun: ['boolq'] },
    expected: [],
  },
];

describeWithRegistry('static expansion', (r) => {
  registry = r;
  for (const row of rows) {
    it(row.title, () => {
      const e = expand(row.entry, row.filters);
      assert.strictEqual(e.error, undefined);
      assert.deepStrictEqual(names(e), row.expected);
      assert.strictEqual(e.approximate, false);
    });
  }

  it('a wildcard expands to its members in order, deprecated ones left out', () => {
    for (const wildcard of ['text', 'vlm', 'ablation_text']) {
      const e = expand(`{description: "boolq:model=${wildcard}"}`);
      const members = registry.wildcardMembers(wildcard);
      assert.ok(members.length > 0, wildcard);
      assert.deepStrictEqual(e.runSpecs.map((r) => r.model), members);
      e.runSpecs.forEach((r, i) => assert.ok(r.name.startsWith(`boolq:model=${members[i].replace(/\//g, '_')}`), r.name));
      for (const m of members) assert.ok(!registry.models.get(m)?.deprecated, `${m} is deprecated`);
    }
    assert.ok(!names(expand('{description: "boolq:model=text"}')).includes('boolq:model=openai_davinci'));
  });

  it('model tags add what alter_run_spec adds: `,stop=hash` for generation, `,global_prefix=nlg`', () => {
    // google/ul2 is tagged NO_NEWLINES_TAG and NLG_PREFIX_TAG; boolq adapts by generation.
    assert.deepStrictEqual(names(expand('{description: "boolq:model=google/ul2"}')), ['boolq:model=google_ul2,stop=hash,global_prefix=nlg']);
    // mmlu's method is multiple_choice_joint: also `,stop=hash`.
    assert.deepStrictEqual(names(expand('{description: "mmlu:subject=anatomy,model=google/t5-11b"}')), [
      'mmlu:subject=anatomy,method=multiple_choice_joint,model=google_t5-11b,stop=hash',
    ]);
    // A separate-choices method adds nothing.
    assert.deepStrictEqual(names(expand('{description: "mmlu:subject=anatomy,method=multiple_choice_separate_original,model=google/t5-11b"}')), [
      'mmlu:subject=anatomy,method=multiple_choice_separate_original,model=google_t5-11b',
    ]);
    assert.deepStrictEqual(names(expand('{description: "boolq:model=google/medlm-large"}')), ['boolq:model=google_medlm-large,stop=none']);
  });

  it('the model expander names a three-part deployment by its last two parts', () => {
    const e = expand('{description: "boolq:model=huggingface/openai/gpt2"}');
    assert.deepStrictEqual(names(e), ['boolq:model=openai_gpt2']);
    assert.strictEqual(e.runSpecs[0].model, 'openai/gpt2');
  });

  it('--priority drops entries with a higher priority, keeps those without one', () => {
    assert.strictEqual(expand('{description: "boolq:model=openai/gpt2", priority: 2}', { priority: 1 }).filteredOut, true);
    assert.deepStrictEqual(names(expand('{description: "boolq:model=openai/gpt2", priority: 1}', { priority: 1 })), ['boolq:model=openai_gpt2']);
    assert.deepStrictEqual(names(expand('{description: "boolq:model=openai/gpt2"}', { priority: 1 })), ['boolq:model=openai_gpt2']);
  });

  it('reports what HELM raises', () => {
    const rowsErr: Array<[string, string]> = [
      ['{description: "nope:model=openai/gpt2"}', 'ValueError: Unknown run spec name: nope'],
      ['{description: "mmlu:model=openai/gpt2"}', "TypeError: get_mmlu_spec() missing 1 required positional argument: 'subject'"],
      ['{description: "mmlu:subject=a,subjet=b,model=openai/gpt2"}', "TypeError: get_mmlu_spec() got an unexpected keyword argument 'subjet'"],
      ['{description: "boolq:model=openai/gpt2,data_augmentation=nope"}', 'ValueError: Unknown data_augmentation: nope'],
      ['{description: "boolq:model=openai/gpt2,stop=nope"}', 'Exception: Unknown value: nope'],
      ['{description: "mmlu:subject=anatomy,model=openai/gpt2,follow_format_instructions=all"}', 'Exception: follow_format_instructions run expander only supports the generation adaptation method'],
      ['{description: "mmlu:subject=anatomy,method=multiple_choice_jont,model=openai/gpt2"}', 'ValueError: Invalid adaptation method: multiple_choice_jont'],
      // pyhocon reads an empty string for a field without a value.
      ['{description: , priority: 1}', 'ValueError: Unknown run spec name: '],
      // The last `description` is the one HELM keeps: here one without a value after a string.
      ['{description: "mmlu:subject=anatomy,model=openai/gpt2"} {description: , priority: 1}', 'ValueError: Unknown run spec name: '],
      // A dotted key under it after the empty one makes it an object: dacite fails, no run spec name is looked up.
      ['{description: , description.x: 1}', 'the description is not a string'],
      ['{priority: 1}', 'the entry has no description'],
    ];
    for (const [entry, error] of rowsErr) {
      const e = expand(entry);
      assert.strictEqual(e.error, error, entry);
      assert.deepStrictEqual(e.runSpecs, []);
    }
  });

  it('follow_format_instructions leaves a generation RunSpec its name', () => {
    const e = expand('{description: "narrative_qa:model=openai/gpt2,follow_format_instructions=all"}');
    assert.strictEqual(e.error, undefined);
    assert.deepStrictEqual(names(e), ['narrative_qa:model=openai_gpt2']);
  });

  it('marks a name built by code approximate instead of guessing silently', () => {
    const e = expand('{description: "codeinsights_correct_code:model=openai/gpt2,tpr=0.0"}');
    assert.strictEqual(e.approximate, true);
    assert.ok(e.runSpecs.every((r) => r.approximate && r.reason));
  });

  it('expands a whole file in order', () => {
    const conf = parseConf('entries: [\n  {description: "boolq:model=openai/gpt2"}\n  {description: "nope"}\n]\n');
    const all = expandConf(conf, registry, {});
    assert.deepStrictEqual(all.map((e) => [e.entryIndex, names(e), e.error]), [
      [0, ['boolq:model=openai_gpt2'], undefined],
      [1, [], 'ValueError: Unknown run spec name: nope'],
    ]);
  });
});
