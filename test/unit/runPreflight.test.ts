// Run suite's pre-flight rules: errors in what runs, helm-run's --models-to-run checks, selections that make 0 RunSpecs.
import * as assert from 'node:assert/strict';
import type { ExpandedEntry } from '../../server/src/common/protocol';
import { emptySelectionMessage, errorsMessage, modelsToRunRequirement } from '../../client/src/runSuite/preflight';

describe('pre-flight: errors in what is about to run', () => {
  it('says nothing when there is no error', () => {
    assert.equal(errorsMessage([], 'file'), undefined);
  });

  it('names the count and the first three errors in line order, and counts the rest', () => {
    const errors = [
      { line: 17, message: '`priority` is the string "1", not an int: dacite fails.', code: 'priority-not-int' },
      { line: 17, message: '`mmlu` needs `subject`.', code: 'missing-argument' },
      { line: 3, message: 'HELM: ValueError: Unknown run spec name: mmlux', code: 'helm-error' },
      { line: 40, message: 'Unknown model `openai/gpt9`.', code: 'unknown-model' },
    ];
    assert.deepEqual(errorsMessage(errors, 'file'), {
      message: 'This file has 4 errors: helm-run is likely to stop on them.',
      detail: [
        'line 4: HELM: ValueError: Unknown run spec name: mmlux [helm-error]',
        'line 18: `priority` is the string "1", not an int: dacite fails. [priority-not-int]',
        'line 18: `mmlu` needs `subject`. [missing-argument]',
        '… and 1 more.',
      ].join('\n'),
    });
  });

  it('speaks of the entry for Run this entry', () => {
    assert.equal(errorsMessage([{ line: 0, message: 'x' }], 'entry')?.message, 'This run entry has 1 error: helm-run is likely to stop on it.');
  });
});

describe('pre-flight: helm-run refuses some entries without --models-to-run', () => {
  const rows: Array<[string, string[], string | undefined]> = [
    ['a wildcard of helm-run\'s list', ['mmlu:subject=anatomy,model=openai/gpt2', 'boolq:model=text'], 'model=text needs --models-to-run'],
    ['every wildcard of the list', ['a:model=all', 'a:model=text_code', 'a:model=code', 'a:model=instruction_following', 'a:model=full_functionality_text', 'a:model=limited_functionality_text'], 'model=all needs --models-to-run'],
    ['a wildcard helm-run does not check (vlm)', ['a:model=vlm'], undefined],
    ['an ablation wildcard', ['a:model=ablation_text'], undefined],
    ['a model whose name starts like a wildcard', ['a:model=textual/model', 'b:model=code_llama'], undefined],
    ['a key that ends in model', ['a:reward_model=text,model=openai/gpt2'], undefined],
    ['no entry with model=', ['mmlu:subject=anatomy', 'boolq'], 'no model=: --models-to-run needed'],
    ['one entry with model= is enough', ['mmlu:subject=anatomy', 'boolq:model=openai/gpt2'], undefined],
    ['an empty model= does not count', ['boolq:model='], 'no model=: --models-to-run needed'],
    ['no entries', [], undefined],
  ];
  for (const [name, descriptions, short] of rows) {
    it(name, () => assert.equal(modelsToRunRequirement(descriptions)?.short, short));
  }

  it('says why in HELM\'s terms', () => {
    assert.equal(modelsToRunRequirement(['boolq:model=text'])?.reason, 'helm-run refuses `model=text` without --models-to-run: pick the models to run.');
  });
});

describe('pre-flight: a selection that makes 0 RunSpecs', () => {
  const entry = (line: number, description: string, runSpecs: string[], extra: Partial<ExpandedEntry> = {}): ExpandedEntry => ({
    line,
    description,
    runSpecs,
    exact: false,
    approximate: false,
    ...extra,
  });

  it('lets a selection with RunSpecs through', () => {
    assert.equal(emptySelectionMessage([entry(1, 'boolq:model=openai/gpt2', ['boolq:model=openai_gpt2'])], {}), undefined);
  });

  it('gives the reason per entry: priority, HELM\'s error, models, groups, nothing to expand', () => {
    const entries = [
      entry(1, 'mmlu:subject=anatomy,model=openai/gpt2', [], { filteredOut: true }),
      entry(2, 'mmlux:model=openai/gpt2', [], { error: 'Unknown run spec name: mmlux' }),
      entry(3, 'boolq:model=openai/gpt2', []),
      entry(4, 'narrative_qa:model=openai/gpt2', []),
      entry(5, 'boolq:model=openai/curie', []),
    ];
    const filters = { priority: 1, modelsToRun: ['together/llama'], groupsToRun: ['core'] };
    const withoutGroups = [entry(3, '', []), entry(4, '', ['narrative_qa:model=openai_gpt2']), entry(5, '', [])];
    const withoutModels = [entry(3, '', ['boolq:model=openai_gpt2']), entry(4, '', ['x']), entry(5, '', [])];
    assert.deepEqual(emptySelectionMessage(entries, filters, { withoutGroups, withoutModels }), {
      message: 'This selection makes 0 RunSpecs: helm-run would run nothing.',
      detail: [
        'line 2 (mmlu:subject=anatomy,model=openai/gpt2): its priority is above --priority 1.',
        'line 3 (mmlux:model=openai/gpt2): Unknown run spec name: mmlux',
        'line 4 (boolq:model=openai/gpt2): none of its models is in --models-to-run together/llama.',
        'line 5 (narrative_qa:model=openai/gpt2): none of its RunSpecs is in --groups-to-run core.',
        'line 6 (boolq:model=openai/curie): it expands to no RunSpec (its models are deprecated, or its wildcard has no model).',
      ].join('\n'),
    });
  });

  it('does not refuse on a static answer that may be incomplete', () => {
    assert.equal(emptySelectionMessage([entry(1, 'custom:model=openai/gpt2', [], { approximate: true })], {}), undefined);
  });

  it('refuses a file without run entries', () => {
    assert.equal(emptySelectionMessage([], {})?.message, 'This file has no run entries: helm-run would run nothing.');
  });
});
