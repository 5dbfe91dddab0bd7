// What HELM accepts: run spec functions, run expanders, model wildcards, models and deployments.
// Facts only (names, parameters, defaults, tags); prose such as docstrings comes from an installed HELM.
import type { RunSpecNameTemplate } from '../expansion/runSpecName';

/** Where an item was read from. Later sources win: snapshot → installed HELM → workspace/plugins. */
export interface Origin {
  source: 'snapshot' | 'installed' | 'workspace' | 'plugin';
  /**
   * The file that defines it. For the snapshot, the path relative to HELM's `src/` folder
   * (e.g. `helm/benchmark/run_specs/lite_run_specs.py`); otherwise an absolute path.
   */
  file: string;
  /** 0-based line of the definition in that file. */
  line: number;
}

export interface RunSpecParameter {
  name: string;
  kind: 'positional' | 'keyword-only' | 'var-positional' | 'var-keyword';
  /** The annotation as written in the source, e.g. `str`, `Optional[int]`. */
  annotation?: string;
  /** The default as written in the source, e.g. `ADAPT_MULTIPLE_CHOICE_JOINT`, `"all"`, `None`. */
  default?: string;
  /** True when a run entry must give it (no default, not `*args`/`**kwargs`). */
  required: boolean;
  /**
   * A `str` method the function calls on it (`replace` for `subject.replace('_', ' ')`) without assigning
   * it first: a number given for it (`subject=1`) fails with AttributeError while the RunSpec is built.
   */
  textMethod?: string;
}

export interface RunSpecFunction {
  /** The name given to `@run_spec_function("…")`, used in run entries. */
  name: string;
  /** The Python `def` name, e.g. `get_mmlu_spec`. */
  pythonName: string;
  parameters: RunSpecParameter[];
  /** The function takes `**kwargs`: any argument name is accepted. */
  takesKwargs: boolean;
  /** Dotted module, e.g. `helm.benchmark.run_specs.lite_run_specs`. */
  module: string;
  origin: Origin;
  /** Only from an installed HELM or a plugin file at run time; never in the bundled snapshot. */
  docstring?: string;
  /** How the function names its RunSpec (read from its source; see expansion/runSpecName.ts). */
  runSpecName?: RunSpecNameTemplate;
}

/** What values a run expander takes. */
export type RunExpanderValues =
  /** The keys of its `values_dict` (or `PERTURBATION_SPECS_DICT` for data_augmentation). */
  | { kind: 'set'; values: string[] }
  /** A number, or one of the named values. */
  | { kind: 'number'; integer: boolean; values: string[] }
  /** Any text (e.g. `output_format_instructions`). */
  | { kind: 'free' }
  /** The model expander: a wildcard, a model or a deployment name. */
  | { kind: 'model' }
  /** Takes no value at all (HELM raises TypeError when given one, e.g. `chatml`). */
  | { kind: 'none' };

export interface RunExpander {
  /** The key used in run entries, e.g. `data_augmentation`. */
  name: string;
  /** The Python class, e.g. `DataAugmentationRunExpander`. */
  className: string;
  values: RunExpanderValues;
  /**
   * Whether HELM checks the value while building the RunSpec (a value outside the set raises),
   * or lets it pass unchecked.
   */
  checked: boolean;
  origin: Origin;
  docstring?: string;
}

/** One term of a model wildcard's definition; members are the union of the terms. */
export type ModelWildcardTerm =
  | { kind: 'tag'; tag: string }
  | { kind: 'models'; models: string[] }
  | { kind: 'all' };

export interface ModelWildcard {
  /** The value written after `model=`, e.g. `text`, `vlm`, `ablation_text`. */
  name: string;
  terms: ModelWildcardTerm[];
  /** `ablation_*`: the members are intersected with the models tagged ABLATION_MODEL_TAG. */
  ablation: boolean;
  /** One of the 7 wildcards helm-run refuses without `--models-to-run`. */
  needsModelsToRun: boolean;
}

export interface Model {
  name: string;
  displayName?: string;
  creator?: string;
  access?: string;
  releaseDate?: string;
  tags: string[];
  /** Tagged DEPRECATED_MODEL_TAG. */
  deprecated: boolean;
  /** Tagged UNSUPPORTED_MODEL_TAG. */
  unsupported: boolean;
  origin: Origin;
  /** Only from the user's own files or an installed HELM; never in the bundled snapshot. */
  description?: string;
}

export interface ModelDeployment {
  name: string;
  /** The model it serves (defaults to the deployment's own name, as in HELM). */
  modelName: string;
  tokenizerName?: string;
  maxSequenceLength?: number;
  clientClass?: string;
  /** `deprecated: true` in model_deployments.yaml: HELM still builds it (and warns when asked to). */
  deprecated?: boolean;
  origin: Origin;
}

/**
 * How often HELM's own conf files (`helm/benchmark/presentation/*.conf`) give each value (facts): what
 * a user is most likely to write after `key=`. `model=` and `model_deployment=` are left out (the
 * registry lists those).
 */
export interface ConfValueCounts {
  /** Run spec function → argument key (not a run expander) → value → number of entries. */
  arguments: Record<string, Record<string, Record<string, number>>>;
  /** Run expander key → value → number of entries. */
  expanders: Record<string, Record<string, number>>;
}

/** One value HELM's conf files give after `key=`, and in how many entries. */
export interface ConfValue {
  value: string;
  count: number;
}

/** Everything one source contributes; the registry merges these. */
export interface RegistryData {
  functions: RunSpecFunction[];
  expanders: RunExpander[];
  wildcards: ModelWildcard[];
  models: Model[];
  deployments: ModelDeployment[];
  /** Prefixes (`openai/`, …) for which HELM generates a deployment for an unlisted name. */
  deploymentGeneratorPrefixes: string[];
  /** The values HELM's conf files use; absent when the source has no conf files. */
  confValues?: ConfValueCounts;
}

/** A problem met while reading a source: the source keeps what it could read. */
export interface RegistryProblem {
  file: string;
  /** 0-based. */
  line: number;
  character: number;
  message: string;
}

/** The merged, read-only view every service uses. */
export interface Registry {
  /** Increments whenever a source changes; part of every cache key. */
  readonly version: number;
  /** Human-readable summary of where the items come from, e.g. `HELM 0.5.6 (installed)` or `bundled snapshot 63754d05`. */
  readonly describeSource: string;
  readonly functions: ReadonlyMap<string, RunSpecFunction>;
  readonly expanders: ReadonlyMap<string, RunExpander>;
  readonly wildcards: ReadonlyMap<string, ModelWildcard>;
  readonly models: ReadonlyMap<string, Model>;
  readonly deployments: ReadonlyMap<string, ModelDeployment>;
  readonly deploymentGeneratorPrefixes: readonly string[];
  readonly problems: readonly RegistryProblem[];
  /** The models a wildcard stands for, deprecated and unsupported ones left out, in HELM's order. */
  wildcardMembers(name: string): readonly string[];
  /**
   * The values HELM's conf files give after `key=` (for a run expander key, in any entry; otherwise in
   * entries of run spec function `functionName`), most frequent first.
   */
  confValues(functionName: string | undefined, key: string): readonly ConfValue[];
}
