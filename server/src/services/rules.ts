// The table of diagnostic codes: default severity and a one-line description; each code is a `helmConf.rules.<code>` setting.
import type { HelmDiagnostic, Severity } from '../common/diagnostic';
import type { RuleSeverity } from '../common/protocol';

export interface Rule {
  code: string;
  /**
   * The severity when the settings say nothing. Where HELM's verdict depends on the value (an
   * expander that checks its value while building the RunSpec, or one that lets it pass), a check
   * may report a milder severity than this; a setting for the code replaces both.
   */
  severity: Severity;
  description: string;
}

/** Problems the conf parser finds (syntax, pyhocon's traps, the file's shape as dacite reads it). */
const PARSER_RULES: Rule[] = [
  { code: 'syntax-error', severity: 'error', description: 'pyhocon cannot read the file: HELM stops before any run.' },
  { code: 'missing-value', severity: 'error', description: 'A field without a value (`priority:`): pyhocon reads an empty string. An error where HELM then fails (`entries`, and a run entry\'s `description`, `priority` and `groups`), else a warning.' },
  { code: 'bom', severity: 'error', description: 'A UTF-8 byte order mark: pyhocon refuses the whole file.' },
  { code: 'not-utf8', severity: 'error', description: 'Bytes that are not UTF-8: Python cannot read the file as text, and helm-run stops with UnicodeDecodeError.' },
  { code: 'nbsp', severity: 'error', description: 'A no-break space (U+00A0) outside a string: pyhocon refuses the whole file.' },
  { code: 'form-feed', severity: 'error', description: 'A form feed outside a string: pyhocon refuses the whole file.' },
  { code: 'undecoded-escape', severity: 'warning', description: 'An escape pyhocon does not decode (`\\u00e9`, `\\/`): HELM gets the backslash and what follows as written.' },
  { code: 'unresolved-substitution', severity: 'info', description: 'A `${…}` substitution: its value comes from the environment when helm-run runs.' },
  { code: 'include-not-followed', severity: 'info', description: 'An `include`: pyhocon resolves it against the working folder and ignores a missing file silently.' },
  { code: 'fields-run-together', severity: 'error', description: 'Two fields on one line without a comma: pyhocon joins them into one string silently.' },
  { code: 'entries-merged', severity: 'error', description: 'Two objects on one line: pyhocon merges them into one run entry. An error when both have a `description` (one entry is lost), else a warning (one valid entry).' },
  { code: 'double-comma', severity: 'error', description: '`,,` in a list: pyhocon accepts it, but it is almost always a mistake.' },
  { code: 'leading-comma', severity: 'error', description: 'A comma right after `[`: pyhocon accepts it, but it is almost always a mistake.' },
  { code: 'no-entries', severity: 'error', description: 'The file has no `entries` list: dacite fails.' },
  { code: 'entries-not-list', severity: 'error', description: '`entries` is not a list: dacite fails.' },
  { code: 'entry-not-object', severity: 'error', description: 'An item of `entries` is not an object: dacite fails.' },
  { code: 'missing-description', severity: 'error', description: 'A run entry without `description`: dacite fails.' },
  { code: 'description-not-string', severity: 'error', description: '`description` is not a string: dacite fails.' },
  { code: 'priority-not-int', severity: 'error', description: '`priority` is not an int (`"1"`, `1.0`): dacite fails.' },
  { code: 'priority-suspicious', severity: 'warning', description: 'A priority dacite accepts but no one means (`true`, `null`, `0`, negative).' },
  { code: 'priority-out-of-range', severity: 'info', description: 'A priority outside 1 (highest) to 5 (lowest).' },
  { code: 'groups-not-string-list', severity: 'error', description: '`groups` is not a list of strings: dacite fails.' },
  { code: 'unknown-entry-key', severity: 'warning', description: 'A run entry field HELM ignores silently (`prority: 1`).' },
  { code: 'description-syntax', severity: 'error', description: 'A description piece that is not `key=value`: HELM stops with `ValueError: Expected <key>=<value>`.' },
];

/** The parser's codes for which pyhocon refuses the whole file: helm-run reads no entry of it. */
export const FILE_REFUSED: ReadonlySet<string> = new Set(['syntax-error', 'bom', 'nbsp', 'form-feed']);

/** The parser's codes for which dacite refuses the file's shape once pyhocon has read it: helm-run reads no entry of it either. */
export const SHAPE_REFUSED: ReadonlySet<string> = new Set([
  'no-entries',
  'entries-not-list',
  'entry-not-object',
  'missing-description',
  'description-not-string',
  'priority-not-int',
  'groups-not-string-list',
]);

/** Checks of the descriptions against HELM's run spec functions, run expanders and models. */
const REGISTRY_RULES: Rule[] = [
  { code: 'empty-value', severity: 'warning', description: 'An argument with an empty value (`subject=`): HELM passes the empty string.' },
  { code: 'empty-key', severity: 'error', description: 'An argument without a name (`=x`): the run spec function gets an unexpected keyword argument.' },
  { code: 'duplicate-key', severity: 'warning', description: 'The same argument twice: HELM keeps the last one silently.' },
  { code: 'untrimmed-space', severity: 'warning', description: 'Spaces around a name or value: HELM does not trim them.' },
  { code: 'unknown-run-spec-function', severity: 'error', description: 'No run spec function has this name: `ValueError: Unknown run spec name`.' },
  { code: 'unknown-argument', severity: 'error', description: 'The run spec function has no such parameter and no run expander has this name: TypeError.' },
  { code: 'missing-argument', severity: 'error', description: 'A required parameter of the run spec function is not given: TypeError.' },
  { code: 'number-for-str-parameter', severity: 'error', description: 'A number (`subject=1`) for a parameter the run spec function treats as text (it calls a `str` method on it): AttributeError while HELM builds the RunSpec.' },
  { code: 'expander-shadows-argument', severity: 'warning', description: 'The key names a run expander and a parameter: the expander takes it, the parameter keeps its default.' },
  { code: 'unknown-expander-value', severity: 'error', description: 'A value the run expander does not know (an error where HELM checks it, else a warning).' },
  { code: 'expander-value-not-number', severity: 'error', description: 'The run expander needs a number (an error where HELM fails on text, else a warning).' },
  { code: 'invalid-adapter-method', severity: 'error', description: 'A `method=` the run spec function\'s adapter helper has no branch for (`multiple_choice_jont`): HELM stops while building the RunSpec (`ValueError: Invalid adaptation method`).' },
  { code: 'expander-not-for-method', severity: 'error', description: 'A run expander that fails on every value for the run spec\'s adapter method (`output_format_instructions` on `multiple_choice_separate_*`, `follow_format_instructions` on anything but `generation`).' },
  { code: 'expander-takes-no-value', severity: 'error', description: 'The run expander takes no value (`chatml`): TypeError.' },
  { code: 'unknown-model', severity: 'error', description: 'Neither a model wildcard, a model nor a model deployment HELM knows.' },
  { code: 'unlisted-generated-model', severity: 'warning', description: 'A model HELM does not list, under a prefix for which HELM makes a deployment: fails only when called.' },
  { code: 'model-expands-to-nothing', severity: 'warning', description: 'Every model the value stands for is deprecated or unsupported: HELM makes no RunSpec, silently.' },
  { code: 'deprecated-model', severity: 'warning', description: 'A deprecated or unsupported model named directly.' },
  { code: 'empty-model', severity: 'warning', description: 'An empty `model=`: replaced by `--models-to-run`, else a ValueError.' },
  { code: 'deployment-as-model', severity: 'error', description: 'A model deployment name given as `model=` for another model: HELM stops with `Invalid RunSpec`.' },
  { code: 'deployment-for-other-model', severity: 'error', description: 'A `model_deployment` that serves another model than the entry runs: HELM stops with `Invalid RunSpec`.' },
  { code: 'deprecated-deployment', severity: 'warning', description: 'A `model_deployment` marked deprecated in HELM\'s model_deployments.yaml: it builds, but its provider may no longer serve it.' },
  { code: 'model-not-string', severity: 'error', description: 'A number as `model=`: helm-run fails (AttributeError, TypeError with `--models-to-run`).' },
  { code: 'duplicate-description', severity: 'warning', description: 'The same description twice in a file: HELM runs the same RunSpecs twice.' },
  { code: 'wildcard-needs-models-to-run', severity: 'hint', description: 'helm-run refuses this file without `--models-to-run`: an entry names a model wildcard, or none names a model (one hint per file).' },
];

/** Checks of runner_config.yaml (HELM's RunnerConfigSpec, SlurmRunner's sbatch options). */
const RUNNER_CONFIG_RULES: Rule[] = [
  { code: 'runner-config-syntax', severity: 'error', description: 'runner_config.yaml: PyYAML cannot read the file (syntax, several documents, a plain `=`): helm-run stops.' },
  { code: 'runner-config-empty', severity: 'error', description: 'runner_config.yaml: an empty file: dacite fails on None and helm-run stops.' },
  { code: 'runner-config-not-mapping', severity: 'warning', description: 'runner_config.yaml: not a mapping of fields: HELM reads no setting from it.' },
  { code: 'runner-config-unknown-key', severity: 'warning', description: 'runner_config.yaml: a field RunnerConfigSpec does not have: dacite ignores it silently.' },
  { code: 'runner-config-wrong-type', severity: 'error', description: 'runner_config.yaml: a field of the wrong type (`"4"`, `4.0`, `null` for an int): dacite fails.' },
  { code: 'runner-config-duplicate-key', severity: 'warning', description: 'runner_config.yaml: a key given twice: PyYAML keeps the last one silently.' },
  { code: 'slurm-monitor-interval-range', severity: 'error', description: 'runner_config.yaml: a negative `slurm_monitor_interval` (time.sleep fails) or 0 (no pause between looks).' },
  { code: 'slurm-args-missing', severity: 'info', description: 'runner_config.yaml: no `slurm_args`: SlurmRunner uses HELM\'s built-in sbatch options, made for Stanford\'s cluster.' },
  { code: 'unknown-slurm-arg', severity: 'error', description: 'runner_config.yaml: a `slurm_args` key simple_slurm does not take (`cpus-per-task`, `partion`): helm-run exits at the first submission.' },
  { code: 'slurm-arg-overwritten', severity: 'warning', description: 'runner_config.yaml: `job_name`, `output` or `chdir` in `slurm_args`: HELM overwrites it for each job.' },
  { code: 'slurm-arg-not-string', severity: 'error', description: 'runner_config.yaml: a `slurm_args` value that is not a string (`4`, `4:00:00`): shlex.quote fails with TypeError.' },
];


/** HELM's own verdict, when exact checking asks HELM through the bridge (trusted workspaces, `check --exact`). */
const HELM_RULES: Rule[] = [
  { code: 'helm-error', severity: 'error', description: 'HELM itself fails while building the entry\'s RunSpecs: its exception, where it was raised (exact checking).' },
  { code: 'helm-needs-download', severity: 'info', description: 'Building the entry\'s RunSpecs downloads a file: exact checking does not ask HELM about it (it never downloads).' },
  { code: 'helm-side-effect', severity: 'info', description: 'Building the entry\'s RunSpecs would start a program or write a file: exact checking does not ask HELM about it (it has no side effects).' },
];

export const RULES: readonly Rule[] = [...PARSER_RULES, ...REGISTRY_RULES, ...HELM_RULES, ...RUNNER_CONFIG_RULES];

const BY_CODE = new Map(RULES.map((r) => [r.code, r]));

export function ruleOf(code: string): Rule | undefined {
  return BY_CODE.get(code);
}

/**
 * The severity a diagnostic is shown with: the setting for its code when there is one (undefined
 * for `off`: drop it), else the severity the check chose.
 */
export function effectiveSeverity(d: HelmDiagnostic, rules: Readonly<Record<string, RuleSeverity>>): Severity | undefined {
  const setting = Object.prototype.hasOwnProperty.call(rules, d.code) ? rules[d.code] : undefined;
  if (setting === 'off') return undefined;
  if (setting === 'error' || setting === 'warning' || setting === 'info' || setting === 'hint') return setting;
  return d.severity;
}
