// Validation: each rule on a valid and an invalid run entry, asserting code, severity, message and exact range.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { RuleSeverity } from '../../server/src/common/protocol';
import { parseConf } from '../../server/src/parser/index';
import { RULES } from '../../server/src/services/rules';
import { validate } from '../../server/src/services/validation';
import { createRegistry, loadSnapshot, readModelDeploymentsYaml, readModelMetadataYaml } from '../../server/src/registry/index';
import type { Registry, RegistryData } from '../../server/src/registry/types';
import { corpusConfFiles, corpusDir, describeWithCorpus, projectRoot } from '../helpers/corpus';
import { markText, parseMarkers } from '../helpers/markers';
import { snapshotRegistry } from '../helpers/registry';

// The bundled snapshot: what a user without an installed HELM gets.
const registry = snapshotRegistry()!;
const GPT2 = 'model=openai/gpt2';

interface Row {
  /** The whole conf text, `<|…|>` around each expected range, in document order. */
  conf: string;
  expected: Array<[code: string, severity: string, message: string]>;
  modelsToRun?: string[];
  rules?: Record<string, RuleSeverity>;
}

/** One entry with this description (markers allowed inside). */
const entry = (description: string): string => `entries: [\n  {description: "${description}", priority: 1}\n]\n`;

const rows: Array<[string, Row]> = [
  ['a valid entry', { conf: entry(`mmlu:subject=anatomy,${GPT2}`), expected: [] }],
  ['description-syntax: a value cannot hold a comma', {
    conf: entry(`mmlu:subject=a,<|b|>,${GPT2}`),
    expected: [['description-syntax', 'error', "`b` is not `key=value`: a value cannot contain `,` (HELM splits the description on every `,`, so `subject` gets `a` and `b` stands alone); HELM stops with `ValueError: Expected <key>=<value>, got 'b'`."]],
  }],
  ['unknown-run-spec-function with did-you-mean', {
    conf: entry(`<|mmul|>:subject=anatomy,${GPT2}`),
    expected: [['unknown-run-spec-function', 'error', 'No run spec function is named `mmul`: HELM stops with `ValueError: Unknown run spec name: mmul`. Did you mean `mmlu`?']],
  }],
  ['unknown-run-spec-function without a name', {
    conf: entry(`<|:|>subject=anatomy,${GPT2}`),
    expected: [['unknown-run-spec-function', 'error', 'The description has no run spec function name before the `:`: HELM stops with `ValueError: Unknown run spec name: `.']],
  }],
  ['untrimmed-space around the function name', {
    conf: entry(`<| mmlu|>:subject=anatomy,${GPT2}`),
    expected: [['untrimmed-space', 'error', '` mmlu` has spaces around the run spec function name: HELM does not trim them and stops with `ValueError: Unknown run spec name:  mmlu`.']],
  }],
  ['unknown-argument with did-you-mean (and no missing-argument twice)', {
    conf: entry(`mmlu:<|subjet|>=anatomy,${GPT2}`),
    expected: [['unknown-argument', 'error', "`mmlu` has no parameter `subjet` and no run expander has this name: HELM stops with `TypeError: get_mmlu_spec() got an unexpected keyword argument 'subjet'`. Did you mean `subject`?"]],
  }],
  ['unknown-argument without a close name lists the parameters (HELM docs: disinformation:type=…)', {
    conf: entry(`boolq:<|type|>=wedging,${GPT2}`),
    expected: [['unknown-argument', 'error', "`boolq` has no parameter `type` and no run expander has this name: HELM stops with `TypeError: get_boolq_spec() got an unexpected keyword argument 'type'`. Its parameters: `only_contrast`."]],
  }],
  ['unknown-argument: a name given twice, and again in an entry of another function (each told its own function)', {
    conf: `entries: [\n  {description: "mmlu:subject=anatomy,<|type|>=a,<|type|>=b,${GPT2}", priority: 1}\n  {description: "boolq:<|type|>=c,${GPT2}", priority: 1}\n]\n`,
    rules: { 'duplicate-key': 'off' },
    expected: [
      ['unknown-argument', 'error', "`mmlu` has no parameter `type` and no run expander has this name: HELM stops with `TypeError: get_mmlu_spec() got an unexpected keyword argument 'type'`. Its parameters: `subject` and `method`."],
      ['unknown-argument', 'error', "`mmlu` has no parameter `type` and no run expander has this name: HELM stops with `TypeError: get_mmlu_spec() got an unexpected keyword argument 'type'`. Its parameters: `subject` and `method`."],
      ['unknown-argument', 'error', "`boolq` has no parameter `type` and no run expander has this name: HELM stops with `TypeError: get_boolq_spec() got an unexpected keyword argument 'type'`. Its parameters: `only_contrast`."],
    ],
  }],
  ['unknown-argument is fine under **kwargs', { conf: entry(`ice:anything=1,${GPT2}`), expected: [] }],
  ['empty-key', {
    conf: entry(`mmlu:subject=a,<|=x|>,${GPT2}`),
    expected: [['empty-key', 'error', "An argument without a name: HELM stops with `TypeError: get_mmlu_spec() got an unexpected keyword argument ''`."]],
  }],
  ['missing-argument', {
    conf: entry(`<|mmlu|>:${GPT2}`),
    expected: [['missing-argument', 'error', "`mmlu` needs `subject`: HELM stops with `TypeError: get_mmlu_spec() missing 1 required positional argument: 'subject'`."]],
  }],
  ['missing-argument: two, as in HELM docs (commonsense without method)', {
    conf: entry(`<|commonsense|>`),
    expected: [['missing-argument', 'error', "`commonsense` needs `dataset`, `method`: HELM stops with `TypeError: get_commonsense_spec() missing 2 required positional arguments: 'dataset' and 'method'`."]],
  }],
  ['empty-value', {
    conf: entry(`boolq:<|only_contrast=|>,${GPT2}`),
    expected: [['empty-value', 'warning', "`only_contrast=` is empty: HELM passes `only_contrast=''` to `get_boolq_spec` instead of its default `False`."]],
  }],
  ['duplicate-key', {
    conf: entry(`mmlu:<|subject=a|>,subject=b,${GPT2}`),
    expected: [['duplicate-key', 'warning', '`subject` is given again later (`subject=b`): HELM keeps the last one and ignores `subject=a`.']],
  }],
  ['duplicate-key with the same value: it changes nothing', {
    conf: entry(`mmlu:<|subject=a|>,${GPT2},subject=a`),
    expected: [['duplicate-key', 'warning', '`subject=a` is given again later: HELM keeps the last one, so this one changes nothing.']],
  }],
  ['untrimmed-space around a key', {
    conf: entry(`mmlu:<| subject|>=a,${GPT2}`),
    expected: [['untrimmed-space', 'error', "` subject` has spaces around the argument name: HELM does not trim them, and it stops with `TypeError: get_mmlu_spec() got an unexpected keyword argument ' subject'`."]],
  }],
  ['untrimmed-space around a value', {
    conf: entry(`mmlu:subject=<|anatomy |>,${GPT2}`),
    expected: [['untrimmed-space', 'warning', 'The value `anatomy ` has spaces around it: HELM does not trim them, so `subject` gets `anatomy `, not `anatomy`.']],
  }],
  ['spaces around a number are fine (int() strips them)', { conf: entry(`boolq:max_train_instances= 5,${GPT2}`), expected: [] }],
  ['expander-shadows-argument', {
    conf: entry(`summarization_xsum:<|temperature|>=0.5,${GPT2}`),
    expected: [['expander-shadows-argument', 'warning', '`temperature` names both a run expander and a parameter of `get_xsum_summarization_spec`: HELM gives the value to the run expander, and the parameter keeps its default `0.3`.']],
  }],
  ['unknown-expander-value (checked: error)', {
    conf: entry(`boolq:data_augmentation=<|canonicall|>,${GPT2}`),
    expected: [['unknown-expander-value', 'error', `\`canonicall\` is not a value of the run expander \`data_augmentation\` (\`extra_space\`, \`contrast_sets\`, \`space\`, \`lower\`, \`contract\`, \`filler\`, \`misspelling_mild\`, \`misspelling_medium\`, … (43 in all)): HELM stops with \`ValueError: Unknown data_augmentation: canonicall; possible choices: …\`. Did you mean \`canonical\`?`]],
  }],
  ['unknown-expander-value (unchecked: warning)', {
    conf: entry(`boolq:max_train_instances=<|some|>,${GPT2}`),
    expected: [['unknown-expander-value', 'warning', '`some` is neither a number nor a value of the run expander `max_train_instances` (`zero`, `one`, `all`, `big_bench_few_shot_setting`, `vhelm` or `melt`): HELM does not check it while building the RunSpec: `max_train_instances` is set to `some` as written, which fails or misbehaves only when the run starts.']],
  }],
  ['a known expander value', { conf: entry(`boolq:data_augmentation=canonical,max_train_instances=zero,stop=hash,${GPT2}`), expected: [] }],
  ['a number is never one of a set (Python compares int to str)', {
    conf: entry(`boolq:stop=<|1|>,${GPT2}`),
    expected: [['unknown-expander-value', 'error', '`1` is not a value of the run expander `stop` (`none`, `hash`, `semicolon` or `br`): HELM stops with `Exception: Unknown value: 1`.']],
  }],
  ['expander-value-not-number (unchecked)', {
    conf: entry(`boolq:temperature=<|hot|>,${GPT2}`),
    expected: [['expander-value-not-number', 'warning', 'The run expander `temperature` needs a number; `hot` is text: HELM does not check it while building the RunSpec: `temperature` is set to `hot` as written, which fails or misbehaves only when the run starts.']],
  }],
  ['expander-value-not-number (checked)', {
    conf: entry(`boolq:increase_max_tokens=<|lots|>,${GPT2}`),
    expected: [['expander-value-not-number', 'error', "The run expander `increase_max_tokens` needs a number; `lots` is text: HELM stops with `TypeError: unsupported operand type(s) for +: 'int' and 'str' (lots)`."]],
  }],
  ['numbers for number expanders', { conf: entry(`boolq:temperature=0.7,increase_max_tokens=5,num_train_trials=3,${GPT2}`), expected: [] }],
  ['expander-takes-no-value', {
    conf: entry(`boolq:<|chatml=1|>,${GPT2}`),
    expected: [['expander-takes-no-value', 'error', 'The run expander `chatml` takes no value, but HELM always passes the one written after `=`: it stops with `TypeError: ChatMLRunExpander.__init__() takes 1 positional argument but 2 were given`. `chatml` cannot be used in a run entry.']],
  }],
  ['unknown-model', {
    conf: entry('boolq:model=<|foo/gpt2|>'),
    expected: [['unknown-model', 'error', `\`foo/gpt2\` is neither a model wildcard, a model nor a model deployment HELM knows: HELM stops with \`ValueError: Unknown model or no default model deployment found for model foo/gpt2\`. Did you mean \`openai/gpt2\` or \`nvidia/megatron-gpt2\`?`]],
  }],
  ['unlisted-generated-model', {
    conf: entry('boolq:model=<|openai/gpt5|>'),
    expected: [['unlisted-generated-model', 'warning', 'HELM does not list `openai/gpt5`, but it makes a model deployment for any name under `openai/`: the entry constructs, and fails only when the model is called if the provider does not know it. Did you mean `openai/gpt2`?']],
  }],
  ['model-expands-to-nothing', {
    conf: entry('boolq:model=<|opinions_qa_openai|>'),
    expected: [['model-expands-to-nothing', 'warning', '`model=opinions_qa_openai` stands for no model HELM would run (its models are all deprecated or unsupported, or it has none): this entry makes no RunSpec and HELM says nothing; if no entry makes one, helm-run ends with "There were no RunSpecs or they got filtered out."']],
  }],
  ['deprecated-model', {
    conf: entry('boolq:model=<|openai/davinci|>'),
    expected: [['deprecated-model', 'warning', "`openai/davinci` is tagged deprecated in HELM's model metadata: named directly it still runs (only wildcards such as `model=text` leave deprecated models out), but its provider may no longer serve it."]],
  }],
  ['deployment-as-model', {
    conf: entry('boolq:model=<|huggingface/gpt2|>'),
    expected: [['deployment-as-model', 'error', "`huggingface/gpt2` is a model deployment serving `openai/gpt2`, not a model: HELM reads the model `huggingface/gpt2` from it and stops with `ValueError: Invalid RunSpec: selected model deployment 'huggingface/gpt2'for model 'huggingface/gpt2' but the model deployment is for a different model 'openai/gpt2'`. Write `model=openai/gpt2` (and `model_deployment=huggingface/gpt2` to choose this deployment)."]],
  }],
  ['a deployment named after its own model is fine', { conf: entry('boolq:model=openai/gpt-4-0613'), expected: [] }],
  ['model-not-string', {
    conf: entry('boolq:model=<|1|>'),
    expected: [['model-not-string', 'error', "HELM reads `model=1` as the int 1, not a name: helm-run fails (`AttributeError: 'int' object has no attribute 'split'`; with `--models-to-run`, `TypeError: argument of type 'int' is not iterable`)."]],
  }],
  ['empty-model without --models-to-run', {
    conf: entry(`boolq:<|model=|>`),
    expected: [['empty-model', 'warning', 'An empty `model=`: helm-run replaces it with each model of `--models-to-run`; without that flag HELM stops with `ValueError: At least one of model_deployment and model must be specified`.']],
  }],
  ['empty-model with modelsToRun', {
    conf: entry(`boolq:<|model=|>`),
    modelsToRun: ['openai/gpt2'],
    expected: [['empty-model', 'info', 'An empty `model=`: helm-run replaces it with each model of `--models-to-run` (`openai/gpt2`).']],
  }],
  ['a model without `/` is replaced by modelsToRun', { conf: entry('boolq:model=nonsense'), modelsToRun: ['openai/gpt2'], expected: [] }],
  ['unknown model deployment', {
    conf: entry(`boolq:model_deployment=<|acme/gpt2|>,${GPT2}`),
    expected: [['unknown-model', 'error', 'No model deployment is named `acme/gpt2`: HELM stops with `ModelDeploymentNotFoundError: Model deployment acme/gpt2 not found`.']],
  }],
  ['a misspelt model deployment: the close one', {
    conf: entry(`boolq:model_deployment=<|simple/modell|>,${GPT2}`),
    expected: [['unknown-model', 'error', 'No model deployment is named `simple/modell`: HELM stops with `ModelDeploymentNotFoundError: Model deployment simple/modell not found`. Did you mean `simple/model1`?']],
  }],
  ['duplicate-description', {
    conf: `entries: [\n  {description: "boolq:${GPT2}", priority: 1}\n  {description: <|"boolq:${GPT2}"|>, priority: 2}\n]\n`,
    expected: [['duplicate-description', 'warning', 'The same description as the entry on line 2: helm-run makes the same RunSpecs again (same names, same output folders).']],
  }],
  ['the same description with other groups is not a duplicate', {
    conf: `entries: [\n  {description: "boolq:${GPT2}", groups: ["a"]}\n  {description: "boolq:${GPT2}", groups: ["b"]}\n]\n`,
    expected: [],
  }],
  ['wildcard-needs-models-to-run', {
    conf: entry('boolq:model=<|text|>'),
    rules: {},
    expected: [['wildcard-needs-models-to-run', 'hint', 'helm-run refuses `model=text` without `--models-to-run` ("--models-to-run must be set (because the `model=` run expander expands to multiple models)"). Set `helmConf.runSuite.modelsToRun` or pass the flag.']],
  }],
  ['wildcard-needs-models-to-run: once per file, on the first entry that names a wildcard', {
    conf: `entries: [\n  {description: "boolq:${GPT2}"}\n  {description: "boolq:model=<|text|>"}\n  {description: "mmlu:subject=a,model=all"}\n  {description: "ice:model=code"}\n]\n`,
    rules: {},
    expected: [['wildcard-needs-models-to-run', 'hint', 'helm-run refuses `model=text` without `--models-to-run` ("--models-to-run must be set (because the `model=` run expander expands to multiple models)"). 2 more entries of this file name a wildcard too. Set `helmConf.runSuite.modelsToRun` or pass the flag.']],
  }],
  ['wildcard-needs-models-to-run: no entry names a model', {
    conf: `<|entries|>: [\n  {description: "boolq"}\n]\n`,
    rules: {},
    expected: [['wildcard-needs-models-to-run', 'hint', 'No entry of this file names `model=`: helm-run run on this file alone refuses to start without `--models-to-run` ("--models-to-run must be set (because the `model=` run expander is omitted)").']],
  }],
  ['vlm is not among helm-run\'s 7 wildcards', { conf: entry('boolq:model=vlm'), rules: {}, expected: [] }],
  // helm-run's `\b` is Python's, between Unicode word characters: a letter outside ASCII counts.
  ['a wildcard that runs on into a letter outside ASCII is another name', { conf: entry('boolq:model=texté'), rules: { 'unknown-model': 'off' }, expected: [] }],
  ['`model=` before a letter outside ASCII names a model', { conf: entry('boolq:model=é'), rules: { 'unknown-model': 'off' }, expected: [] }],
  ['a letter beyond the BMP before `model=` makes it another key', { conf: entry(`boolq:𝐀model=code,${GPT2}`), rules: { 'unknown-argument': 'off' }, expected: [] }],
  ['a wildcard with modelsToRun set', { conf: entry('boolq:model=text'), rules: {}, modelsToRun: ['openai/gpt2'], expected: [] }],
  ['a parser problem comes through with its severity', {
    conf: `entries: [\n  {description: "boolq:${GPT2}", priority: <|"1"|>}\n]\n`,
    expected: [['priority-not-int', 'error', '`priority` is the string "1", not an int: dacite fails. Write an int from 1 to 5 without quotes.']],
  }],
  ['a rule set to another severity', {
    conf: entry(`mmlu:<|subject=a|>,subject=b,${GPT2}`),
    rules: { 'wildcard-needs-models-to-run': 'off', 'duplicate-key': 'error' },
    expected: [['duplicate-key', 'error', '`subject` is given again later (`subject=b`): HELM keeps the last one and ignores `subject=a`.']],
  }],
  ['a rule turned off', { conf: entry(`mmlu:subject=a,subject=b,${GPT2}`), rules: { 'wildcard-needs-models-to-run': 'off', 'duplicate-key': 'off' }, expected: [] }],
  ['disable-next-line with a code', {
    conf: `entries: [\n  # helm-conf: disable-next-line duplicate-key\n  {description: "mmlu:subject=a,subject=b,${GPT2}"}\n]\n`,
    expected: [],
  }],
  ['disable-next-line names another code', {
    conf: `entries: [\n  # helm-conf: disable-next-line unknown-model, empty-value\n  {description: "mmlu:<|subject=a|>,subject=b,${GPT2}"}\n]\n`,
    expected: [['duplicate-key', 'warning', '`subject` is given again later (`subject=b`): HELM keeps the last one and ignores `subject=a`.']],
  }],
  ['disable-next-line without codes', {
    conf: `entries: [\n  // helm-conf: disable-next-line\n  {description: "mmul:subject=a,subject=b,${GPT2}"}\n]\n`,
    expected: [],
  }],
  ['disable-line at the end of the line', {
    conf: `entries: [\n  {description: "mmul:${GPT2}"}  # helm-conf: disable-line unknown-run-spec-function\n  {description: "<|mmul|>:model=openai/gpt-4-0613"}\n]\n`,
    expected: [['unknown-run-spec-function', 'error', 'No run spec function is named `mmul`: HELM stops with `ValueError: Unknown run spec name: mmul`. Did you mean `mmlu`?']],
  }],
  ["deployment-for-other-model: the deployment serves another model", {
    conf: entry("mmlu:subject=anatomy,model=openai/gpt2,model_deployment=<|openai/gpt-4o-2024-05-13|>"),
    expected: [
      ["deployment-for-other-model","error","The model deployment `openai/gpt-4o-2024-05-13` serves `openai/gpt-4o-2024-05-13`, but the entry's model is `openai/gpt2`: HELM stops with `ValueError: Invalid RunSpec: selected model deployment 'openai/gpt-4o-2024-05-13'for model 'openai/gpt2' but the model deployment is for a different model 'openai/gpt-4o-2024-05-13'`."],
    ],
  }],
  ["deployment-for-other-model: together/bloom (deprecated too) for openai/gpt2", {
    conf: entry("mmlu:subject=anatomy,model=openai/gpt2,model_deployment=<|together/bloom|>"),
    expected: [
      ["deployment-for-other-model","error","The model deployment `together/bloom` serves `bigscience/bloom`, but the entry's model is `openai/gpt2`: HELM stops with `ValueError: Invalid RunSpec: selected model deployment 'together/bloom'for model 'openai/gpt2' but the model deployment is for a different model 'bigscience/bloom'`."],
    ],
    rules: {"deprecated-deployment":"off","wildcard-needs-models-to-run":"off"},
  }],
  ["deprecated-deployment alone: together/bloom for its own model", {
    conf: entry("mmlu:subject=anatomy,model=bigscience/bloom,model_deployment=<|together/bloom|>"),
    expected: [
      ["deprecated-deployment","warning","The model deployment `together/bloom` is marked deprecated in HELM's model_deployments.yaml: HELM still builds the RunSpec, but its provider may no longer serve it."],
    ],
  }],
  ["deployment-for-other-model: helm-run gives a wildcard each model of --models-to-run", {
    conf: entry("mmlu:subject=anatomy,model=text,model_deployment=<|openai/gpt-4o-2024-05-13|>"),
    modelsToRun: ["openai/gpt2"],
    expected: [
      ["deployment-for-other-model","error","The model deployment `openai/gpt-4o-2024-05-13` serves `openai/gpt-4o-2024-05-13`, but the entry's model is `openai/gpt2`: HELM stops with `ValueError: Invalid RunSpec: selected model deployment 'openai/gpt-4o-2024-05-13'for model 'openai/gpt2' but the model deployment is for a different model 'openai/gpt-4o-2024-05-13'`."],
    ],
  }],
  ["deployment-for-other-model: a misspelt model HELM would generate a deployment for", {
    conf: entry("mmlu:subject=anatomy,model=google/genini-2.0-flash-001,model_deployment=<|stanfordhealthcare/gemini-2.0-flash-001|>"),
    expected: [
      ["deployment-for-other-model","error","The model deployment `stanfordhealthcare/gemini-2.0-flash-001` serves `google/gemini-2.0-flash-001`, but the entry's model is `google/genini-2.0-flash-001`: HELM stops with `ValueError: Invalid RunSpec: selected model deployment 'stanfordhealthcare/gemini-2.0-flash-001'for model 'google/genini-2.0-flash-001' but the model deployment is for a different model 'google/gemini-2.0-flash-001'`."],
    ],
    rules: {"unlisted-generated-model":"off","wildcard-needs-models-to-run":"off"},
  }],
  ["a deployment serving the entry's model is fine", {
    conf: entry("mmlu:subject=anatomy,model=openai/gpt2,model_deployment=huggingface/gpt2"),
    expected: [],
  }],
  ["number-for-str-parameter: a number where the function calls a str method", {
    conf: entry("mmlu:subject=<|1|>,model=openai/gpt2"),
    expected: [
      ["number-for-str-parameter","error","HELM reads `subject=1` as the int 1, but `get_mmlu_spec` calls `subject.replace(…)` (annotated `str`): HELM stops with `AttributeError: 'int' object has no attribute 'replace'`. A description cannot make `1` text."],
    ],
  }],
  ["a number for a str parameter the function does not treat as text is fine (wikifact k=5)", {
    conf: entry("wikifact:k=5,subject=author,model=openai/gpt2"),
    expected: [],
  }],
  ["unknown-expander-value: output_format_instructions on a generation run spec", {
    conf: entry("narrative_qa:output_format_instructions=<|bogus|>,model=openai/gpt2"),
    expected: [
      ["unknown-expander-value","error","`bogus` is not a scenario `output_format_instructions` knows for the `generation` adapter method of `get_narrativeqa_spec` (`narrative_qa`, `natural_qa`, `natural_qa_short_answer`, `legalbench`, `legalbench_abercrombie`, `legalbench_function_of_decision_section`, `legalbench_yes_or_no`, `wmt_14`, … (14 in all), with `_suffix` or `_no_prefix` after it): HELM stops with `ValueError: Unknown scenario bogus`."],
    ],
  }],
  ["output_format_instructions: a known generation scenario with a suffix is fine", {
    conf: entry("narrative_qa:output_format_instructions=narrative_qa_no_prefix,model=openai/gpt2"),
    expected: [],
  }],
  ["output_format_instructions: any value on multiple_choice_joint is fine", {
    conf: entry("mmlu:subject=anatomy,output_format_instructions=whatever,model=openai/gpt2"),
    expected: [],
  }],
  ["expander-not-for-method: output_format_instructions on multiple_choice_separate_*", {
    conf: entry("commonsense:dataset=hellaswag,method=multiple_choice_separate_original,<|output_format_instructions=mmlu|>,model=openai/gpt2"),
    expected: [
      ["expander-not-for-method","error","`output_format_instructions` has no instructions for the `multiple_choice_separate_original` adapter method of `get_commonsense_spec`, whatever the value: HELM stops with `UnboundLocalError: cannot access local variable 'instructions' where it is not associated with a value`. It works with `multiple_choice_joint`, `generation` and `multiple_choice_joint_chain_of_thought` run specs only."],
    ],
  }],
  ["expander-not-for-method: follow_format_instructions on a multiple_choice_joint run spec", {
    conf: entry("mmlu:subject=anatomy,model=openai/gpt2,<|follow_format_instructions=all|>"),
    expected: [
      ["expander-not-for-method","error","`follow_format_instructions` works on `generation` run specs only, and `get_mmlu_spec` makes a `multiple_choice_joint` one here: HELM stops with `Exception: follow_format_instructions run expander only supports the generation adaptation method`."],
    ],
  }],
  ["follow_format_instructions on a generation run spec is fine", {
    conf: entry("narrative_qa:model=openai/gpt2,follow_format_instructions=instruct"),
    expected: [],
  }],
  ["follow_format_instructions: a value its constructor refuses is told alone (HELM stops there, before expand)", {
    conf: entry("mmlu:subject=anatomy,model=openai/gpt2,follow_format_instructions=<|al|>"),
    expected: [
      ["unknown-expander-value","error","`al` is not a value of the run expander `follow_format_instructions` (`all` or `instruct`): HELM stops with `ValueError: Value of add_follow_the_format_instructions run expander must be 'all' or 'instruct'`. Did you mean `all`?"],
    ],
  }],
  ["invalid-adapter-method: a misspelt method= for a function whose adapter is get_multiple_choice_adapter_spec", {
    conf: entry("mmlu:subject=anatomy,method=<|multiple_choice_jont|>,model=openai/gpt2"),
    expected: [
      ["invalid-adapter-method","error","`multiple_choice_jont` is not an adaptation method `get_mmlu_spec` can build: its adapter comes from `get_multiple_choice_adapter_spec`, which takes `multiple_choice_joint`, `multiple_choice_joint_chain_of_thought`, `multiple_choice_separate_original` or `multiple_choice_separate_calibrated`; HELM stops with `ValueError: Invalid adaptation method: multiple_choice_jont`. Did you mean `multiple_choice_joint`?"],
    ],
  }],
  ["invalid-adapter-method: a number for method= (HELM compares it to the method names)", {
    conf: entry("mmlu:subject=anatomy,method=<|1|>,model=openai/gpt2"),
    expected: [
      ["invalid-adapter-method","error","`1` is not an adaptation method `get_mmlu_spec` can build: its adapter comes from `get_multiple_choice_adapter_spec`, which takes `multiple_choice_joint`, `multiple_choice_joint_chain_of_thought`, `multiple_choice_separate_original` or `multiple_choice_separate_calibrated`; HELM stops with `ValueError: Invalid adaptation method: 1`."],
    ],
  }],
  ["a method= the function's adapter helper takes is fine", {
    conf: entry("mmlu:subject=anatomy,method=multiple_choice_separate_calibrated,model=openai/gpt2"),
    expected: [],
  }],
  ["a method= of a function that reads it itself is left to HELM (lindsea: mcq)", {
    conf: entry("lindsea_syntax_minimal_pairs:model=openai/gpt2,method=mcq,language=id"),
    expected: [],
  }],
];

describe('validate', () => {
  for (const [title, row] of rows) {
    it(title, () => {
      const { text, ranges } = parseMarkers(row.conf);
      const diagnostics = validate(parseConf(text), registry, {
        rules: row.rules ?? { 'wildcard-needs-models-to-run': 'off' },
        modelsToRun: row.modelsToRun ?? [],
      });
      const actual = diagnostics.map((d) => [d.code, d.severity, d.message]);
      assert.deepStrictEqual(actual, row.expected);
      assert.strictEqual(markText(text, [], diagnostics.map((d) => d.span)), markText(text, [], ranges));
    });
  }

  it('gives duplicate-key related information pointing at the argument HELM keeps', () => {
    const text = entry(`mmlu:subject=a,subject=b,${GPT2}`);
    const [d] = validate(parseConf(text), registry, { rules: { 'wildcard-needs-models-to-run': 'off' }, modelsToRun: [] });
    const [rel] = d.related ?? [];
    assert.ok(rel?.span);
    assert.strictEqual(text.slice(rel.span.start, rel.span.end), 'subject=b');
  });

  it('points expander-shadows-argument at both definitions', () => {
    const text = entry(`summarization_xsum:temperature=0.5,${GPT2}`);
    const [d] = validate(parseConf(text), registry, { rules: { 'wildcard-needs-models-to-run': 'off' }, modelsToRun: [] });
    const expander = registry.expanders.get('temperature');
    const fn = registry.functions.get('summarization_xsum');
    assert.ok(expander && fn);
    assert.match(expander.origin.file, /run_expander\.py$/);
    assert.match(fn.origin.file, /run_specs\/.*\.py$/);
    assert.deepStrictEqual(
      d.related?.map((r) => [r.message, r.path, r.line]),
      [
        ['The run expander `temperature` (TemperatureRunExpander)', expander.origin.file, expander.origin.line],
        ['The parameter `temperature` of `get_xsum_summarization_spec`', fn.origin.file, fn.origin.line],
      ],
    );
  });

  it('leaves out "Choose a value…" where asked (the command line prints no snippet fix), and nothing else', () => {
    const text = entry(`mmlu:subject=,${GPT2},num_output_tokens=lots`);
    const fixes = (valueListFixes?: boolean): string[][] =>
      validate(parseConf(text), registry, { rules: { 'wildcard-needs-models-to-run': 'off' }, modelsToRun: [], ...(valueListFixes === undefined ? {} : { valueListFixes }) }).map((d) => [
        d.code,
        d.message,
        ...(d.fixes ?? []).map((f) => f.title),
      ]);
    const offered = fixes();
    assert.deepStrictEqual(
      offered.map((d) => d.filter((t) => t.startsWith('Choose'))),
      [['Choose a value for `subject`…'], ['Choose a value for `num_output_tokens`…']],
    );
    assert.deepStrictEqual(fixes(false), offered.map((d) => d.filter((t) => !t.startsWith('Choose'))));
  });

  it('offers every rule as a setting with its severity and description', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { properties: Record<string, { default: string; markdownDescription: string }> }> } };
    };
    const settings = manifest.contributes.configuration.properties['helmConf.rules'].properties;
    assert.deepStrictEqual(
      Object.entries(settings).map(([code, s]) => [code, s.default, s.markdownDescription]),
      RULES.map((r) => [r.code, r.severity, r.description]),
    );
    // The setting's own example names real codes.
    const example = /Example: `(.*)`/.exec((manifest.contributes.configuration.properties['helmConf.rules'] as unknown as { markdownDescription: string }).markdownDescription)?.[1] ?? '{}';
    const named = Object.keys(JSON.parse(example) as object);
    assert.ok(named.length > 0 && named.every((c) => settings[c] !== undefined), `the example names ${named.join(', ')}`);
  });

  it('has a rule for every code it reports and for every row above', () => {
    const codes = new Set(RULES.map((r) => r.code));
    for (const [, row] of rows) for (const [c] of row.expected) assert.ok(codes.has(c), c);
    assert.strictEqual(codes.size, RULES.length, 'codes are unique');
  });
});

// ---------------------------------------------------------------- the real corpus with the real registry

/**
 * Errors the corpus holds where HELM fails too (checked against HELM's code): `file:line code`.
 * Each one is explained in the project's notes on the validation rules.
 */
const CORPUS_ERRORS_HELM_SHARES: ReadonlySet<string> = new Set<string>([]);

/** The bundled snapshot plus the corpus's own model YAMLs, read as a workspace's `prod_env` would be. */
function corpusRegistry(): Registry | undefined {
  if (!snapshotRegistry() || !corpusDir) return undefined;
  const config = path.join(corpusDir, 'config');
  const read = (name: string): string => fs.readFileSync(path.join(config, name), 'utf8');
  const models = readModelMetadataYaml(read('model_metadata.yaml'), { source: 'workspace', file: path.join(config, 'model_metadata.yaml') });
  const deployments = readModelDeploymentsYaml(read('model_deployments.yaml'), { source: 'workspace', file: path.join(config, 'model_deployments.yaml') });
  const workspace: RegistryData = { functions: [], expanders: [], wildcards: [], models: models.items, deployments: deployments.items, deploymentGeneratorPrefixes: [] };
  return createRegistry([loadSnapshot(), workspace]);
}

describeWithCorpus('validate on the real corpus', () => {
  const real = corpusRegistry();
  (real ? it : it.skip)('reports no error on an entry HELM accepts', function () {
    this.timeout(120_000);
    const errors: string[] = [];
    for (const file of corpusConfFiles()) {
      const text = fs.readFileSync(file, 'utf8');
      const conf = parseConf(text);
      for (const d of validate(conf, real as NonNullable<typeof real>, { rules: {}, modelsToRun: [] })) {
        if (d.severity !== 'error') continue;
        const line = conf.lines.positionAt(d.span.start).line + 1;
        const key = `${path.basename(file)}:${line} ${d.code}`;
        if (!CORPUS_ERRORS_HELM_SHARES.has(key)) errors.push(`${key}: ${d.message}`);
      }
    }
    assert.deepStrictEqual(errors, []);
  });
});
