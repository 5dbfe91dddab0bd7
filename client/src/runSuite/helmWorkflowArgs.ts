// The argument lists of helm-summarize and helm-server, HELM's steps after helm-run: pure, no VS Code.
// Flags from HELM's benchmark/presentation/summarize.py and benchmark/server.py.
import { HELM_DEFAULT_OUTPUT_PATH } from '../runners/runnerOptions';
import { HELM_DEFAULT_LOCAL_PATH, optionLikeValue } from './helmRunArgs';

/** One helm-summarize invocation; the fields of a `helm-summarize` task in tasks.json. */
export interface HelmSummarizeOptions {
  /** `--suite`: summarizes benchmark_output/runs/<suite>/ into that same folder (summary.json, runs.json, …). */
  suite: string;
  /** `-o/--output-path`; HELM's default `benchmark_output` is left out. */
  outputPath?: string;
  /** `--local-path`; HELM's default `prod_env` is left out. */
  localPath?: string;
  /** `--schema-path`: the schema file (HELM's default when absent). */
  schemaPath?: string;
}

/** One helm-server invocation; the fields of a `helm-server` task in tasks.json. */
export interface HelmServerOptions {
  /** `--suite`: the suite to serve (HELM's default: the one summarized last). */
  suite?: string;
  outputPath?: string;
  /** `-p/--port` (HELM's default 8000). */
  port?: number;
}


function summarizeFlags(options: HelmSummarizeOptions): Array<[string, string[]]> {
  const flags: Array<[string, string[]]> = [['--suite', [options.suite]]];
  const output = options.outputPath?.trim();
  if (output && output !== HELM_DEFAULT_OUTPUT_PATH) flags.push(['--output-path', [output]]);
  const local = options.localPath?.trim();
  if (local && local !== HELM_DEFAULT_LOCAL_PATH) flags.push(['--local-path', [local]]);
  const schema = options.schemaPath?.trim();
  if (schema) flags.push(['--schema-path', [schema]]);
  return flags;
}

function serverFlags(options: HelmServerOptions): Array<[string, string[]]> {
  const flags: Array<[string, string[]]> = [];
  if (options.port !== undefined) flags.push(['--port', [String(options.port)]]);
  const output = options.outputPath?.trim();
  if (output && output !== HELM_DEFAULT_OUTPUT_PATH) flags.push(['--output-path', [output]]);
  if (options.suite) flags.push(['--suite', [options.suite]]);
  return flags;
}

/** The arguments after `helm-summarize`, one list item per argument. */
export function buildHelmSummarizeArgs(options: HelmSummarizeOptions): string[] {
  return summarizeFlags(options).flatMap(([flag, values]) => [flag, ...values]);
}

/** The arguments after `helm-server`, one list item per argument. */
export function buildHelmServerArgs(options: HelmServerOptions): string[] {
  return serverFlags(options).flatMap(([flag, values]) => [flag, ...values]);
}

/** Why these options cannot be passed safely (a value read as an option), or undefined. */
export function summarizeProblem(options: HelmSummarizeOptions): string | undefined {
  return optionLikeValue('helm-summarize', summarizeFlags(options));
}

export function serverProblem(options: HelmServerOptions): string | undefined {
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port > 0 && options.port < 65536)) return `--port ${options.port}: not a port number.`;
  return optionLikeValue('helm-server', serverFlags(options));
}
