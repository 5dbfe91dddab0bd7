// Which HELM runner runs a suite (local, several GPUs, Slurm) and the helm-run options that matter at scale: pure, no VS Code.

/** HELM's runners, as `helm-run --runner-class-name` names them (local: HELM's default `Runner`, no flag). */
export type RunnerKind = 'local' | 'multi-gpu' | 'slurm';

export const RUNNER_KINDS: readonly RunnerKind[] = ['local', 'multi-gpu', 'slurm'];

export const RUNNER_CLASS_NAMES: Readonly<Record<RunnerKind, string | undefined>> = {
  local: undefined,
  'multi-gpu': 'helm.benchmark.multi_gpu_runner.MultiGPURunner',
  slurm: 'helm.benchmark.slurm_runner.SlurmRunner',
};

/** MultiGPURunner's worker count comes from this variable first, then runner_config.yaml, then the GPU count. */
export const MAX_CONCURRENT_WORKERS_ENV = 'HELM_MAX_CONCURRENT_WORKERS';

/** helm-run's own defaults for the options below. */
export const HELM_DEFAULT_NUM_THREADS = 4;
export const HELM_DEFAULT_OUTPUT_PATH = 'benchmark_output';

/** The runner and the helm-run options chosen for a run; remembered per workspace. */
export interface RunnerOptions {
  runner: RunnerKind;
  /** `--num-threads` (HELM's default 4 is left out). */
  numThreads?: number;
  skipCompletedRuns?: boolean;
  exitOnError?: boolean;
  dryRun?: boolean;
  /** `--output-path` (HELM's default `benchmark_output` is left out). */
  outputPath?: string;
  /** MultiGPURunner only: its worker count, passed as HELM_MAX_CONCURRENT_WORKERS. */
  maxConcurrentWorkers?: number;
  /** `--local-path` chosen for the run, over the `helmConf.localPath` setting (the run's arguments carry it). */
  localPath?: string;
}

export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = { runner: 'local' };

/** The helm-run arguments of these options, one list item per argument. */
export function buildRunnerArgs(options: RunnerOptions): string[] {
  const args: string[] = [];
  const className = RUNNER_CLASS_NAMES[options.runner];
  if (className) args.push('--runner-class-name', className);
  if (options.numThreads !== undefined && options.numThreads !== HELM_DEFAULT_NUM_THREADS) args.push('--num-threads', String(options.numThreads));
  if (options.skipCompletedRuns) args.push('--skip-completed-runs');
  if (options.exitOnError) args.push('--exit-on-error');
  if (options.dryRun) args.push('--dry-run');
  const outputPath = options.outputPath?.trim();
  if (outputPath && outputPath !== HELM_DEFAULT_OUTPUT_PATH) args.push('--output-path', outputPath);
  return args;
}

/** Variables the run's environment gets for these options (HELM reads them when the runner starts). */
export function runnerEnvironment(options: RunnerOptions): Record<string, string> {
  if (options.runner === 'multi-gpu' && options.maxConcurrentWorkers !== undefined && options.maxConcurrentWorkers > 0) {
    return { [MAX_CONCURRENT_WORKERS_ENV]: String(options.maxConcurrentWorkers) };
  }
  return {};
}

/** The output folder the run writes to (`--output-path`). */
export function outputPathOf(options: RunnerOptions | undefined): string {
  return options?.outputPath?.trim() || HELM_DEFAULT_OUTPUT_PATH;
}

const RUNNER_OPTION_KEYS: ReadonlyArray<keyof RunnerOptions> = ['runner', 'numThreads', 'skipCompletedRuns', 'exitOnError', 'dryRun', 'outputPath', 'maxConcurrentWorkers', 'localPath'];

/** `target` (a helm-run task definition) with its runner fields replaced by `runner`'s. */
export function withRunnerOptions<T extends object>(target: T, runner: RunnerOptions): T {
  const out: Record<string, unknown> = { ...(target as Record<string, unknown>) };
  for (const key of RUNNER_OPTION_KEYS) delete out[key];
  return { ...out, ...runner } as T;
}

/** A stored or hand-written value as RunnerOptions; wrong fields are dropped, never thrown on. */
export function readRunnerOptions(value: unknown): RunnerOptions | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!RUNNER_KINDS.includes(v.runner as RunnerKind)) return undefined;
  const options: RunnerOptions = { runner: v.runner as RunnerKind };
  const count = (x: unknown): number | undefined => (typeof x === 'number' && Number.isSafeInteger(x) && x > 0 ? x : undefined);
  const numThreads = count(v.numThreads);
  if (numThreads !== undefined) options.numThreads = numThreads;
  const workers = count(v.maxConcurrentWorkers);
  if (workers !== undefined) options.maxConcurrentWorkers = workers;
  for (const flag of ['skipCompletedRuns', 'exitOnError', 'dryRun'] as const) if (v[flag] === true) options[flag] = true;
  for (const folder of ['outputPath', 'localPath'] as const) {
    const value = v[folder];
    if (typeof value === 'string' && value.trim()) options[folder] = value.trim();
  }
  return options;
}

/** A positive whole number typed in an input box, or undefined. */
export function parseCount(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[0-9]+$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}

/** One line saying what will run, for the confirmation and the picker. */
export function describeRunnerOptions(options: RunnerOptions): string {
  const parts = [RUNNER_LABELS[options.runner]];
  if (options.runner === 'multi-gpu' && options.maxConcurrentWorkers) parts.push(`${options.maxConcurrentWorkers} worker${options.maxConcurrentWorkers === 1 ? '' : 's'}`);
  parts.push(...buildRunnerArgs({ ...options, runner: 'local' }));
  return parts.join(' ');
}

export const RUNNER_LABELS: Readonly<Record<RunnerKind, string>> = {
  local: 'Local (HELM\'s Runner)',
  'multi-gpu': 'Several GPUs (MultiGPURunner)',
  slurm: 'Slurm (SlurmRunner)',
};
