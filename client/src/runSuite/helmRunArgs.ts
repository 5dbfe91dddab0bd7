// The helm-run argument list for a conf file or a single run entry: pure, no VS Code.
import { buildRunnerArgs, parseCount, type RunnerOptions } from '../runners/runnerOptions';

/** What one helm-run invocation needs; the fields of a `helm-run` task in tasks.json. */
export interface HelmRunOptions {
  /** Conf file (`--conf-paths`); absent when `runEntries` is given. */
  confPath?: string;
  /** Run entries given on the command line (`--run-entries`). */
  runEntries?: string[];
  suite: string;
  maxEvalInstances: number;
  modelsToRun?: string[];
  /** `--priority`; 0 or absent: no filter. */
  priority?: number;
  groupsToRun?: string[];
  /** `--local-path`; HELM's own default `prod_env` is left out. */
  localPath?: string;
  plugins?: string[];
  /** The runner and its options (`--runner-class-name`, `--num-threads`, …); absent: HELM's defaults. */
  runner?: RunnerOptions;
}

const HELM_DEFAULT_LOCAL_PATH = 'prod_env';

/** The arguments after `helm-run`, one list item per argument (never joined into a shell string). */
export function buildHelmRunArgs(options: HelmRunOptions): string[] {
  const args: string[] = [];
  if (options.confPath) args.push('--conf-paths', options.confPath);
  const runEntries = (options.runEntries ?? []).filter((entry) => entry.length > 0);
  if (runEntries.length > 0) args.push('--run-entries', ...runEntries);
  args.push('--suite', options.suite);
  args.push('--max-eval-instances', String(options.maxEvalInstances));
  const models = nonEmpty(options.modelsToRun);
  if (models.length > 0) args.push('--models-to-run', ...models);
  const groups = nonEmpty(options.groupsToRun);
  if (groups.length > 0) args.push('--groups-to-run', ...groups);
  if (options.priority !== undefined && options.priority > 0) args.push('--priority', String(options.priority));
  const localPath = options.localPath?.trim();
  if (localPath && localPath !== HELM_DEFAULT_LOCAL_PATH) args.push('--local-path', localPath);
  const plugins = nonEmpty(options.plugins);
  if (plugins.length > 0) args.push('--plugins', ...plugins);
  if (options.runner) args.push(...buildRunnerArgs(options.runner));
  return args;
}

function nonEmpty(values: readonly string[] | undefined): string[] {
  return (values ?? []).map((v) => v.trim()).filter((v) => v.length > 0);
}

/** The suite name HELM's docs suggest when none is given: today's date, `YYYY-MM-DD`. */
export function defaultSuiteName(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Why a suite name cannot be used (it becomes a folder under `benchmark_output/runs/`), or undefined. */
export function validateSuiteName(suite: string): string | undefined {
  if (suite.trim().length === 0) return 'The suite name must not be empty.';
  if (/[\\/]/.test(suite) || suite === '.' || suite === '..') return 'The suite name becomes a folder name: no `/`, `\\`, `.` or `..`.';
  return undefined;
}

/** A `--max-eval-instances` answer as a positive integer, or undefined. */
export function parseMaxEvalInstances(text: string): number | undefined {
  return parseCount(text);
}

/** A `--priority` answer: empty or 0 means no filter (0); else a positive integer; undefined if invalid. */
export function parsePriority(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  if (!/^[0-9]+$/.test(trimmed)) return undefined;
  return Number(trimmed);
}
