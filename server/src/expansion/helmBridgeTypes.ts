// Types of the HELM bridge: the RunSpecs HELM itself builds, the results callers get, the options.
import type { ExactCheckStatus } from '../common/protocol';

export type { ExactCheckStatus };

/** Any JSON value, as the Python helper sends it (non-JSON values arrive as text). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** HELM's ObjectSpec (ScenarioSpec, MetricSpec, AnnotatorSpec): a class name and its arguments. */
export interface ObjectSpecJson {
  className: string;
  args: { [key: string]: JsonValue };
}

/**
 * HELM's AdapterSpec, every dataclass field under HELM's own (snake_case) name. The fields named here
 * are the ones the tooling shows; others (e.g. `temperature`, `stop_sequences`) are there too.
 */
export interface AdapterSpecJson {
  method?: string;
  model?: string;
  model_deployment?: string;
  max_tokens?: number;
  max_train_instances?: number;
  max_eval_instances?: number | null;
  num_train_trials?: number;
  instructions?: string;
  [field: string]: JsonValue | undefined;
}

/** One RunSpec as HELM built it (`run_entries_to_run_specs`). */
export interface ExactRunSpec {
  /** The RunSpec name, as helm-run uses it for the output folder (`/` already turned into `_`). */
  name: string;
  scenarioSpec: ObjectSpecJson | null;
  adapterSpec: AdapterSpecJson;
  metricSpecs: ObjectSpecJson[];
  groups: string[];
  annotators: ObjectSpecJson[] | null;
  dataAugmenterSpec: JsonValue;
}

/** A frame of a Python traceback. */
export interface HelmFrame {
  file: string;
  /** 1-based, as Python counts. */
  line: number;
  function: string;
}

/** A side effect the helper's sandbox stopped while HELM built a RunSpec. */
export interface Refusal {
  /** `download`: network access or a downloader program (the URL or host); `process`: another program; `write`: a file outside the helper's folder. */
  kind: 'download' | 'process' | 'write';
  what: string;
}

/** The exception HELM raised for an entry. */
export interface HelmException {
  type: string;
  message: string;
  /** The innermost frame in HELM's own code (or a plugin's). */
  frame?: HelmFrame;
}

/**
 * Why no RunSpecs came back:
 * - `helm-error`: HELM refused the entry (ValueError, TypeError, …); the message is HELM's.
 * - `refused`: building the RunSpec would have had a side effect (a download, a program, a write), which
 *   the helper's sandbox stopped; `refused` says what.
 * - `timeout`: HELM took longer than allowed on this entry; the helper was stopped (and starts again
 *   for the next question), and the entry is not asked again until the registry changes.
 * - `unavailable`: no HELM to ask (interpreter missing, HELM not installed, the helper crashed or hangs).
 * - `cancelled`: no one wanted the answer any more (the entry was edited) before it was asked.
 */
export type BridgeFailureKind = 'helm-error' | 'refused' | 'timeout' | 'unavailable' | 'cancelled';

export type BridgeFailure = {
  ok: false;
  error: string;
  kind: BridgeFailureKind;
  exception?: HelmException;
  refused?: Refusal[];
  /** The interpreter runs, but has no HELM (or another package called `helm`). */
  helmMissing?: boolean;
};
export type BridgeResult = { ok: true; runSpecs: ExactRunSpec[] } | BridgeFailure;

/** A question's cancellation (the LSP CancellationToken fits). */
export interface CancelToken {
  readonly isCancellationRequested: boolean;
}

/** The `priority` and `groups` of the run entry the description comes from (as in the conf file). */
export interface RunEntryFields {
  priority?: number;
  groups?: string[];
}

/** A run entry as HELM read it from a conf file (`read_run_entries`: pyhocon, then dacite). */
export interface RunEntryJson {
  description: string;
  priority: number | null;
  groups: string[] | null;
}

export type ReadRunEntriesResult = { ok: true; entries: RunEntryJson[] } | BridgeFailure;

export interface HelmBridgeOptions {
  /** The interpreter that has HELM installed (an absolute path or a name found on PATH). */
  pythonPath: string;
  /** Working folder of the helper: relative `localPath` and plugin paths resolve against it, as for helm-run. */
  cwd: string;
  /** helm-run's `--local-path` (default `prod_env`): model_deployments.yaml, model_metadata.yaml, … */
  localPath: string;
  /** helm-run's `--plugins`: module names or paths of `.py` files. */
  plugins: string[];
  /** A HELM source checkout (holding `src/helm` or `helm`), put first on PYTHONPATH. */
  helmSourcePath?: string;
  /** Longest time for one request once HELM is loaded; default 20 s. */
  timeoutMs?: number;
  /** Longest time for the helper to import HELM and say it is ready; default 90 s (HELM's imports are slow). */
  startTimeoutMs?: number;
  /**
   * After the helper could not start (no interpreter, no HELM, a hang), wait this long before trying
   * again. Default: never by time; only when the interpreter, the HELM source folder or the registry
   * (settings, the workspace's model files and plugins) change.
   */
  retryUnavailableMs?: number;
  /** Bumped by the caller when the registry (configs, plugins) changed: the cache is dropped and HELM reloaded. */
  registryVersion?: number;
  /** Extra environment variables for the helper (e.g. PYTHONPATH). */
  env?: Record<string, string>;
  /** The helper script; default: `server/python/helm_bridge.py` found beside the running code. */
  helperPath?: string;
  /** Where each helper's own folder (the only place it may write) is made; default: the system's temp folder. */
  tempRoot?: string;
  log?: (message: string) => void;
}

/** What the helper says about itself (hello line and `ping`). */
export interface HelperInfo {
  helmVersion: string;
  helmPath: string;
  python: string;
  /** How many `expand` requests this helper process has answered (cached answers never reach it). */
  expandRequests: number;
  /** Plugins that failed to import (the helper still answers; their functions are unknown). */
  pluginErrors: string[];
}

export type BridgeState = 'idle' | 'starting' | 'ready' | 'unavailable' | 'disposed';

export interface BridgeStatus {
  state: BridgeState;
  pythonPath: string;
  /** Set once a helper said it is ready. */
  helm?: HelperInfo;
  /** Process id of the running helper. */
  pid?: number;
  /** The last failure (start, crash, timeout), for the status item. */
  lastError?: string;
  /** Helper processes started so far. */
  starts: number;
  /** Requests sent to a helper (cache hits are not counted). */
  roundTrips: number;
  cacheSize: number;
}
