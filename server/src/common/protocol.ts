// What the client and the server say to each other beyond LSP: custom requests and the settings.

/** Language id of run entry conf files. */
export const LANGUAGE_ID = 'helm-conf';
/** Settings section: `helmConf.*`. */
export const SETTINGS_SECTION = 'helmConf';

export type RuleSeverity = 'error' | 'warning' | 'info' | 'hint' | 'off';

/** The `helmConf.*` settings, as the server receives them through `workspace/configuration`. */
export interface HelmConfSettings {
  /** Python interpreter that has HELM installed; empty: the Python extension's, else `python3`. */
  pythonPath: string;
  /** A HELM source checkout (the folder holding `src/helm` or `helm`), read instead of the installed package. */
  helmSourcePath: string;
  /** Plugin modules: `.py` files or folders holding `@run_spec_function`s (as `helm-run --plugins`). */
  plugins: string[];
  /** HELM's `--local-path`: the folder with model_deployments.yaml / model_metadata.yaml. */
  localPath: string;
  /** Rule code → severity or `off`. */
  rules: Record<string, RuleSeverity>;
  /** Ask HELM itself (through the Python helper) for the exact RunSpecs (trusted workspaces only). */
  exactExpansion: boolean;
  /** Code lenses: one per `#####` section (its entries, RunSpecs, Run section), one per run entry, or none. */
  codeLens: CodeLensMode;
  /** Inlay hints (the model count after a wildcard). */
  inlayHints: boolean;
  /** Hints (severity `hint`) listed in the Problems panel too: sent as information, which the panel lists. */
  hintsInProblems: boolean;
  /** Check every run_entries*.conf and run_specs*.conf of the workspace in the background, open or not. */
  workspaceDiagnostics: boolean;
  runSuite: {
    /** Suite name offered first; empty: today's date. */
    suite: string;
    maxEvalInstances: number;
    /** `--models-to-run` for Run suite and for the expansion shown in hover and code lens. */
    modelsToRun: string[];
    /** `--priority`; 0: no filter. */
    priority: number;
    groupsToRun: string[];
  };
  format: {
    /** Keys of `entries` and of run entries bare (`description: …`) or quoted (`"description": …`). */
    quoteKeys: 'bare' | 'quoted';
  };
}

export type CodeLensMode = 'sections' | 'entries' | 'off';

export const DEFAULT_SETTINGS: HelmConfSettings = {
  pythonPath: '',
  helmSourcePath: '',
  plugins: [],
  localPath: 'prod_env',
  rules: {},
  exactExpansion: true,
  codeLens: 'sections',
  inlayHints: true,
  hintsInProblems: false,
  workspaceDiagnostics: true,
  runSuite: { suite: '', maxEvalInstances: 10, modelsToRun: [], priority: 0, groupsToRun: [] },
  format: { quoteKeys: 'bare' },
};

/** Filters applied to an expansion, as helm-run's flags. */
export interface ExpansionFilters {
  modelsToRun?: string[];
  priority?: number;
  groupsToRun?: string[];
}

/**
 * The client command a quick fix calls to insert its snippet where LSP 3.17's workspace edits take plain
 * text only: `(uri, range, snippet)`; the client inserts it as a snippet and opens completion at the
 * first tab stop. A client declares it with `initializationOptions.insertSnippetCommand: true`.
 */
export const INSERT_SNIPPET_COMMAND = 'helmConf.insertSnippet';

/** The code action kind of fix-all: `"editor.codeActionsOnSave": {"source.fixAll.helm-conf": "explicit"}`. */
export const FIX_ALL_KIND = 'source.fixAll.helm-conf';

/** `helmConf/expandFile`: the RunSpecs every entry of a document expands to. */
/** Notification from the client when workspace trust changes: `{ trusted: boolean }`. */
export const TRUST_CHANGED_NOTIFICATION = 'helmConf/trustChanged';

export const EXPAND_FILE_REQUEST = 'helmConf/expandFile';
export interface ExpandFileParams {
  uri: string;
  filters?: ExpansionFilters;
  /** Only the entry starting at this 0-based line. */
  line?: number;
  /** Only the entries starting on 0-based lines `fromLine` ≤ line < `toLine` (either may be left out): a file in chunks. */
  fromLine?: number;
  toLine?: number;
  /** false: the static expansion only, without waiting for HELM's own answers (a fast first answer). */
  exact?: boolean;
}
export interface ExpandedEntry {
  /** 0-based line of the entry. */
  line: number;
  description: string;
  /** The entry's `groups`, when it gives a list: helm-run adds them to its RunSpecs' names and groups. */
  groups?: string[];
  runSpecs: string[];
  /** From HELM itself (true) or from the static expansion (false). */
  exact: boolean;
  /** Some names could not be known without running Python. */
  approximate: boolean;
  /** Why the entry yields nothing or fails, if it does. */
  error?: string;
  /** Dropped by the priority or groups filter. */
  filteredOut?: boolean;
}
export interface ExpandFileResult {
  entries: ExpandedEntry[];
  total: number;
}

/** `helmConf/registryStatus`: where the registry comes from, for the status item. */
export const REGISTRY_STATUS_REQUEST = 'helmConf/registryStatus';
export interface RegistryStatus {
  describeSource: string;
  functions: number;
  expanders: number;
  models: number;
  deployments: number;
  problems: number;
}

/**
 * `helmConf/exactStatus` (request, no params) and `helmConf/exactStatusChanged` (notification): whether the
 * diagnostics include HELM's own verdict, from which HELM, or why they are static checks only.
 */
export const EXACT_STATUS_REQUEST = 'helmConf/exactStatus';
export const EXACT_STATUS_NOTIFICATION = 'helmConf/exactStatusChanged';
export interface ExactCheckStatus {
  /** Every entry of the open conf files is also built by HELM. */
  exact: boolean;
  helmVersion?: string;
  helmPath?: string;
  /** Why the checks are static only (or that HELM is still loading). */
  reason?: string;
}

/** `helmConf/modelChoices`: what Run suite offers for `--models-to-run`. */
export const MODEL_CHOICES_REQUEST = 'helmConf/modelChoices';
export interface ModelChoicesParams {
  uri: string;
}
export interface ModelChoicesResult {
  /** Wildcards used in the document, with the models each stands for. */
  wildcards: Array<{ name: string; members: string[] }>;
  /** Every model name the registry knows (not deprecated). */
  models: string[];
}
