// HELM's run expanders as they change a RunSpec's name and model: facts read from run_expander.py, applied without Python.
import type { Registry } from '../registry/types';
import { floatRepr, pyStr, type PyValue } from './staticPyValues';

/** A RunSpec while it is expanded: its name, and the adapter's model and deployment as far as known. */
export interface PendingRunSpec {
  name: string;
  model?: string;
  modelDeployment?: string;
  /** Why the name may differ from HELM's, when it may. */
  approximate?: string;
}

/**
 * `PERTURBATION_SPECS_DICT`: each data_augmentation value → the names of the RunSpecs it makes
 * (`,data_augmentation=<name>` each). Only `misspelling_sweep` makes several.
 */
export const DATA_AUGMENTATION_NAMES: Readonly<Record<string, readonly string[]>> = {
  extra_space: ['extra_space2'],
  contrast_sets: ['contrast_sets'],
  space: ['space3'],
  lower: ['lower'],
  contract: ['contract'],
  filler: ['filler0.3'],
  misspelling_mild: ['misspelling0.05'],
  misspelling_medium: ['misspelling0.20'],
  misspelling_hard: ['misspelling0.5'],
  misspelling_sweep: ['misspelling0', 'misspelling0.05', 'misspelling0.2', 'misspelling0.5'],
  typo_easy: ['typo0.1'],
  typo_medium: ['typo0.3'],
  typo_hard: ['typo0.5'],
  synonym: ['synonym0.5'],
  dialect_easy: ['dialect_easy_prob=0.1_source=SAE_target=AAVE'],
  dialect_medium: ['dialect_prob=0.3_source=SAE_target=AAVE'],
  dialect_hard: ['dialect_prob=0.5_source=SAE_target=AAVE'],
  dialect_deterministic: ['dialect_prob=1.0_source=SAE_target=AAVE'],
  person_name_first_hard_preserve_gender: ['person_name_first_prob=0.5_source=white_target=black_preserve_gender=True'],
  person_name_first_hard_dont_preserve_gender: ['person_name_first_prob=0.5_source=white_target=black_preserve_gender=False'],
  person_name_first_deterministic: ['person_name_first_prob=1.0_source=white_target=black_preserve_gender=True'],
  person_name_last_deterministic: ['person_name_last_prob=1.0_source=white_target=hispanic'],
  person_name_last_hard: ['person_name_last_prob=0.5_source=white_target=hispanic'],
  gender_terms_easy: ['gender_terms_prob=0.1_source=male_target=female'],
  gender_terms_medium: ['gender_terms_prob=0.3_source=male_target=female'],
  gender_terms_hard: ['gender_terms_prob=0.5_source=male_target=female'],
  gender_terms_deterministic: ['gender_terms_prob=1.0_source=male_target=female'],
  gender_pronouns_easy: ['gender_pronouns_prob=0.1_source=male_target=female'],
  gender_pronouns_medium: ['gender_pronouns_prob=0.3_source=male_target=female'],
  gender_pronouns_hard: ['gender_pronouns_prob=0.5_source=male_target=female'],
  gender_pronouns_deterministic: ['gender_pronouns_prob=1.0_source=male_target=female'],
  robustness: ['robustness'],
  fairness: ['fairness'],
  canonical: ['canonical'],
  robustness_all: ['robustness_all'],
  cleva_robustness: ['robustness'],
  cleva_fairness: ['fairness'],
  cleva: ['cleva'],
  chinese: ['chinese'],
  hindi: ['hindi'],
  spanish: ['spanish'],
  swahili: ['swahili'],
  art: ['art'],
};

const int = (n: number): PyValue => ({ t: 'int', v: String(n) });

/** The `values_dict` of the expanders that fan one value out to a list (keys are str; an int value never matches). */
const VALUES_DICTS: Readonly<Record<string, Readonly<Record<string, readonly PyValue[]>>>> = {
  num_train_trials: { '1': [int(1)], '2': [int(2)], '3': [int(3)], '4': [int(4)], '5': [int(5)] },
  max_train_instances: {
    zero: [int(0)],
    one: [int(1)],
    all: [0, 1, 2, 4, 8, 16].map(int),
    big_bench_few_shot_setting: [0, 1, 2, 3].map(int),
    vhelm: [0, 1, 2, 4, 8].map(int),
    melt: [0, 1, 5].map(int),
  },
  max_eval_instances: { default: [int(1000)], heim_default: [int(100)], heim_fid: [int(30000)], heim_art_styles: [int(17)] },
  num_outputs: { default: [int(1)], copyright_sweep: [int(1), int(10)] },
  num_trials: { heim_efficiency: [int(5)] },
  model_deployment: {},
  num_prompt_tokens: { default_sweep: [1, 256, 512, 1024, 1536].map(int) },
  num_output_tokens: { default_sweep: [1, 2, 4, 8, 16, 32, 64].map(int) },
};

/** Expanders that append `,key=value` always with a comma, and the values their `expand` accepts. */
const COMMA_EXPANDERS: Readonly<Record<string, readonly string[]>> = {
  instructions: ['none', 'expert'],
  prompt: ['human_assistant', 'question_answer', 'qa', 'input_output_html', 'input_output', 'i_o'],
  newline: ['semicolon', 'br'],
  stop: ['none', 'hash', 'semicolon', 'br'],
  global_prefix: ['nlg'],
};

/** Expanders that leave the name alone. */
const SILENT_EXPANDERS = new Set([
  'add_to_stop', 'format_prompt', 'follow_format_instructions', 'temperature', 'increase_temperature',
  'increase_max_tokens', 'output_format_instructions', 'process_output', 'chatml',
]);

/** Every key in HELM's `RUN_EXPANDERS`. */
export const RUN_EXPANDER_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(VALUES_DICTS), ...Object.keys(COMMA_EXPANDERS), ...SILENT_EXPANDERS,
  'model', 'data_augmentation', 'tokenizer', 'eval_split',
]);

const sep = (name: string): string => (name.includes(':') ? ',' : ':');
const sanitize = (v: PyValue): string => pyStr(v).replace(/\//g, '_');

export type ExpanderResult = { ok: PendingRunSpec[] } | { error: string };

/** What FollowFormatInstructionsRunExpander.expand raises on a RunSpec whose adapter method is not `generation`. */
export const FOLLOW_FORMAT_NOT_GENERATION = 'Exception: follow_format_instructions run expander only supports the generation adaptation method';

/** The constructor checks of `RUN_EXPANDERS[key](value)`, run before the function is called. */
export function checkExpanderValue(key: string, value: PyValue): string | undefined {
  if (key === 'data_augmentation' && !(value.t === 'str' && value.v in DATA_AUGMENTATION_NAMES)) {
    return `ValueError: Unknown data_augmentation: ${pyStr(value)}`;
  }
  if (key === 'follow_format_instructions' && !(value.t === 'str' && (value.v === 'all' || value.v === 'instruct'))) {
    return "ValueError: Value of add_follow_the_format_instructions run expander must be 'all' or 'instruct'";
  }
  if (key === 'eval_split' && !(value.t === 'str' && (value.v === 'test' || value.v === 'valid'))) {
    return `ValueError: Split must be "test" or "valid", but got "${pyStr(value)}"`;
  }
  if (key === 'chatml') return 'TypeError: ChatMLRunExpander.__init__() takes 1 positional argument but 2 were given';
  if (key === 'output_format_instructions' && value.t !== 'str') return `AttributeError: '${value.t}' object has no attribute 'endswith'`;
  return undefined;
}

/** One expander applied to one RunSpec, as its `expand` does; `method`: the RunSpec's adapter method, when known. */
export function applyExpander(key: string, value: PyValue, spec: PendingRunSpec, registry: Registry, method?: string): ExpanderResult {
  const text = pyStr(value);
  if (key === 'follow_format_instructions' && method !== undefined && method !== 'generation') return { error: FOLLOW_FORMAT_NOT_GENERATION };
  if (key === 'model') {
    const members = value.t === 'str' && registry.wildcards.has(value.v) ? registry.wildcardMembers(value.v) : [text];
    const prefix = `${spec.name}${sep(spec.name)}model=`;
    return {
      ok: members.map((deployment) => {
        const parts = deployment.split('/');
        const model = parts.length > 2 ? parts.slice(-2).join('/') : deployment;
        const next: PendingRunSpec = { name: prefix + model.replace(/\//g, '_'), model };
        if (parts.length > 2) next.modelDeployment = deployment;
        else if (spec.modelDeployment) next.modelDeployment = spec.modelDeployment;
        if (spec.approximate) next.approximate = spec.approximate;
        return next;
      }),
    };
  }
  if (key === 'data_augmentation') {
    const names = DATA_AUGMENTATION_NAMES[text] ?? [];
    return { ok: names.map((aug) => ({ ...spec, name: `${spec.name},data_augmentation=${aug}` })) };
  }
  if (key in COMMA_EXPANDERS) {
    if (!COMMA_EXPANDERS[key].includes(text)) return { error: `Exception: Unknown value: ${text}` };
    return { ok: [{ ...spec, name: `${spec.name},${key}=${text}` }] };
  }
  if (key === 'eval_split') return { ok: [{ ...spec, name: `${spec.name}${sep(spec.name)}eval_split=${text}` }] };
  if (key === 'increase_max_tokens' && value.t !== 'int' && value.t !== 'float') {
    return { error: `TypeError: unsupported operand type(s) for +: 'int' and '${value.t}'` };
  }
  if (SILENT_EXPANDERS.has(key)) return { ok: [spec] };
  if (key === 'tokenizer') {
    if (text === 'default') {
      // HELM looks the tokenizer up by the adapter's model_deployment, which only a three-part model
      // name or model_deployment= sets at this point: without one there is no tokenizer and no RunSpec.
      if (!spec.modelDeployment) return { ok: [] };
      return { ok: [{ ...spec, approximate: 'tokenizer=default depends on the model deployment' }] };
    }
    return { ok: [{ ...spec, name: `${spec.name}${sep(spec.name)}tokenizer=${sanitize(value)}` }] };
  }
  const dict = VALUES_DICTS[key];
  if (dict) {
    const values = value.t === 'str' && Object.prototype.hasOwnProperty.call(dict, value.v) ? dict[value.v] : [value];
    return {
      ok: values.map((v) => {
        // num_output_tokens writes the value unsanitised; the others replace '/' with '_'.
        const shown = key === 'num_output_tokens' ? pyStr(v) : sanitize(v);
        const next: PendingRunSpec = { ...spec, name: `${spec.name}${sep(spec.name)}${key}=${shown}` };
        if (key === 'model_deployment') next.modelDeployment = pyStr(v);
        return next;
      }),
    };
  }
  return { ok: [{ ...spec, approximate: `the run expander '${key}' is not known` }] };
}

/** A float value written as Python formats it (exported for tests of value formatting). */
export const formatFloat = floatRepr;
