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

export const HELM_DEFAULT_LOCAL_PATH = 'prod_env';

/** The flags of an invocation with their values, in helm-run's order; empty lists are left out. */
function flagValues(options: HelmRunOptions): Array<[string, string[]]> {
  const flags: Array<[string, string[]]> = [];
  // A conf file named `-x.conf` in the working folder would read as a flag: `./-x.conf` is the same file.
  if (options.confPath) flags.push(['--conf-paths', [options.confPath.startsWith('-') ? `./${options.confPath}` : options.confPath]]);
  flags.push(['--run-entries', (options.runEntries ?? []).filter((entry) => entry.length > 0)]);
  flags.push(['--suite', [options.suite]]);
  flags.push(['--max-eval-instances', [String(options.maxEvalInstances)]]);
  flags.push(['--models-to-run', nonEmpty(options.modelsToRun)]);
  flags.push(['--groups-to-run', nonEmpty(options.groupsToRun)]);
  if (options.priority !== undefined && options.priority > 0) flags.push(['--priority', [String(options.priority)]]);
  const localPath = options.localPath?.trim();
  if (localPath && localPath !== HELM_DEFAULT_LOCAL_PATH) flags.push(['--local-path', [localPath]]);
  flags.push(['--plugins', nonEmpty(options.plugins)]);
  return flags.filter(([, values]) => values.length > 0);
}

/** The arguments after `helm-run`, one list item per argument (never joined into a shell string). */
export function buildHelmRunArgs(options: HelmRunOptions): string[] {
  const args = flagValues(options).flatMap(([flag, values]) => [flag, ...values]);
  if (options.runner) args.push(...buildRunnerArgs(options.runner));
  return args;
}

/**
 * Why these options cannot be passed to helm-run safely, or undefined. argparse reads an argument that
 * starts with `-` as an option (`--output-path`, or an abbreviation such as `--out`), so a model, group,
 * plugin or run entry written that way would end the list and set another flag. `--flag=value` would
 * keep one such value, but takes one value only, and a list flag given twice keeps the last list: such
 * values are refused instead.
 */
export function optionLikeArgument(options: HelmRunOptions): string | undefined {
  const outputPath = options.runner?.outputPath?.trim();
  return optionLikeValue('helm-run', [...flagValues(options), ['--output-path', outputPath ? [outputPath] : []]]);
}

/** The refusal for the first value of these flags that a HELM program would read as an option, or undefined. */
export function optionLikeValue(program: string, flags: ReadonlyArray<readonly [string, readonly string[]]>): string | undefined {
  for (const [flag, values] of flags) {
    const value = values.find((v) => v.startsWith('-'));
    if (value !== undefined) {
      return `${flag} ${JSON.stringify(value)}: ${program} would read a value that starts with "-" as an option of its own. Remove the "-".`;
    }
  }
  return undefined;
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
  if (suite.trim().startsWith('-')) return 'The suite name must not start with `-`: HELM\'s programs would read it as an option.';
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
