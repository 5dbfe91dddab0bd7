// `helm-conf check FILE|FOLDER…`: every diagnostic of each file (run entries, or runner_config.yaml by its name), as text, JSON, SARIF or GitHub workflow commands.
import type { HelmDiagnostic, Severity } from '../common/diagnostic';
import { didYouMean } from '../common/didYouMean';
import { LineIndex } from '../common/span';
import type { Registry } from '../registry/types';
import { parseConf } from '../parser/index';
import type { ConfFile } from '../parser/types';
import { withExactDiagnostics, type ExactVerdict } from '../services/exactChecks';
import { RULES } from '../services/rules';
import { present, validateOnce } from '../services/validation';
import { notUtf8Diagnostic } from '../services/validation/fileChecks';
import type { NotUtf8 } from '../common/userFiles';
import type { RunnerConfigService } from '../runnerConfig/index';
import { isRunnerConfigPath } from '../runnerConfig/runnerConfigPath';
import type { RuleSeverity } from '../common/protocol';
import { lastOf, parseArgs, wantsHelp } from './args';
import { EXACT_SINGLE, EXACT_SWITCHES, exactVerdicts, startExactSession } from './exact';
import { expandFileArgs, readFiles } from './files';
import { workflowCommand } from './github';
import type { CliIO } from './io';
import { loadCliRegistry } from './registry';
import { sarifLog, type Region } from './sarif';

export const CHECK_USAGE = `Usage: helm-conf check FILE|FOLDER... [options]

Reports what helm-run would stumble on in each conf file; a FOLDER stands for the run_entries*.conf
and run_specs*.conf files under it (skipping node_modules and dot folders).

Options:
  --format FORMAT           text (default: file:line:col: severity: message [code]), json, sarif (SARIF 2.1.0)
                            or github (GitHub Actions workflow commands: annotations on the pull request)
  --local-path DIR          HELM's --local-path with model_deployments.yaml / model_metadata.yaml
                            (default: prod_env, when it exists in the current folder)
  --plugins PATH...         plugin .py files or folders with @run_spec_function (as helm-run --plugins)
  --rule CODE=SEVERITY      set a rule's severity: error, warning, info, hint or off (repeatable)
  --models-to-run M...      the models Run suite will pass (silences the wildcard hint)
  --min-severity LEVEL      report from this severity up: error, warning, info (default) or hint
  --exact                   also build every entry with HELM itself (its exceptions become errors);
                            never downloads, starts a program or writes outside a temporary folder
  --python PATH             with --exact: the interpreter that has HELM (default: python3)
  --helm-source DIR         with --exact: a HELM checkout to put first on its path
  -h, --help                show this help

Exit status: 0 no errors, 1 errors found, 2 usage error, unreadable file, or --exact without HELM.
`;

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github';

export interface CheckedEdit extends Region {
  newText: string;
}

export interface CheckedDiagnostic extends Region {
  file: string;
  severity: HelmDiagnostic['severity'];
  code: string;
  message: string;
  /** The quick fixes that are plain text (not snippets), 1-based like the diagnostic. */
  fixes?: Array<{ title: string; edits: CheckedEdit[] }>;
}

export interface CheckOptions {
  format: OutputFormat;
  rules: Record<string, RuleSeverity>;
  modelsToRun: string[];
  /** Diagnostics below this severity are left out. */
  minSeverity: HelmDiagnostic['severity'];
  /** `--exact`: HELM's answer for each entry of a file, added to the static diagnostics. */
  exact?: (conf: ConfFile) => Promise<ExactVerdict[]>;
}

let runnerConfigService: RunnerConfigService | undefined;
/** The runner configuration's service, loaded with its YAML library when a runner_config.yaml is checked (not at every start). */
function runnerConfig(): RunnerConfigService {
  runnerConfigService ??= (require('../runnerConfig/index') as typeof import('../runnerConfig/index')).getRunnerConfigService();
  return runnerConfigService;
}

const RANK: Record<HelmDiagnostic['severity'], number> = { error: 0, warning: 1, info: 2, hint: 3 };
const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'hint', 'off'];
export const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'github'];

/** 1-based region of a span. */
export function regionOf(lines: LineIndex, span: { start: number; end: number }): Region {
  const start = lines.positionAt(span.start);
  const end = lines.positionAt(span.end);
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

/** Diagnostics of one document, with 1-based positions, in document order. `notUtf8`: where its file's bytes stop being UTF-8. */
export function checkText(file: string, text: string, registry: Registry, options: Omit<CheckOptions, 'format'>, notUtf8?: NotUtf8): CheckedDiagnostic[] {
  if (isRunnerConfigPath(file)) return located(file, new LineIndex(text), runnerConfig().validate(runnerConfig().parse(text), options.rules), options);
  const conf = parseConf(text);
  return located(file, conf.lines, staticDiagnostics(conf, registry, options, notUtf8), options);
}

function staticDiagnostics(conf: ConfFile, registry: Registry, options: Omit<CheckOptions, 'format'>, notUtf8: NotUtf8 | undefined): HelmDiagnostic[] {
  const found = validateOnce(conf, registry, { rules: options.rules, modelsToRun: options.modelsToRun, valueListFixes: false });
  return notUtf8 ? [...present(conf, [notUtf8Diagnostic(notUtf8)], options.rules), ...found] : found;
}

/** The static diagnostics of a file and, with `--exact`, HELM's verdict on each entry of a conf file. */
async function checkFile(file: string, text: string, registry: Registry, options: CheckOptions, notUtf8: NotUtf8 | undefined): Promise<CheckedDiagnostic[]> {
  if (!options.exact || isRunnerConfigPath(file)) return checkText(file, text, registry, options, notUtf8);
  const conf = parseConf(text);
  return located(file, conf.lines, withExactDiagnostics(conf, staticDiagnostics(conf, registry, options, notUtf8), await options.exact(conf), options.rules), options);
}

function located(file: string, lines: LineIndex, diagnostics: HelmDiagnostic[], options: Omit<CheckOptions, 'format'>): CheckedDiagnostic[] {
  return diagnostics
    .filter((d) => RANK[d.severity] <= RANK[options.minSeverity])
    .map((d) => {
      const fixes = (d.fixes ?? []).filter((f) => !f.snippet).map((f) => ({ title: f.title, edits: f.edits.map((e) => ({ ...regionOf(lines, e.span), newText: e.newText })) }));
      return { file, ...regionOf(lines, d.span), severity: d.severity, code: d.code, message: d.message, ...(fixes.length ? { fixes } : {}) };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/** One line per diagnostic: a line break a message quotes (a key `\nmodel` of a triple-quoted description) is written `\n`. */
export function formatCheckLine(d: CheckedDiagnostic): string {
  const broken = d.message.indexOf('\n') >= 0 || d.message.indexOf('\r') >= 0;
  const message = broken ? d.message.replace(/\r\n|\r|\n/g, (b) => (b === '\n' ? '\\n' : b === '\r' ? '\\r' : '\\r\\n')) : d.message;
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${message} [${d.code}]`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Runs the check over files; returns the exit code: 2 when a file is unreadable, 1 on errors, else 0. */
export async function runCheck(files: string[], registry: Registry, options: CheckOptions, io: CliIO): Promise<number> {
  const { read, unreadable } = readFiles(files, io, 'check');
  const all: CheckedDiagnostic[] = [];
  for (const { file, text, notUtf8 } of read) {
    const found = await checkFile(file, text, registry, options, notUtf8);
    for (const d of found) all.push(d);
    // A file's lines in one write: a write per line costs a system call each.
    if (options.format === 'text' && found.length > 0) io.stdout(found.map((d) => `${formatCheckLine(d)}\n`).join(''));
  }
  const errors = all.filter((d) => d.severity === 'error').length;
  if (options.format === 'json') io.stdout(JSON.stringify(all, null, 2) + '\n');
  else if (options.format === 'sarif') io.stdout(JSON.stringify(sarifLog(all, RULES, io.cwd), null, 2) + '\n');
  else if (options.format === 'github') for (const d of all) io.stdout(workflowCommand({ ...d, file: d.file.split('\\').join('/'), title: `helm-conf: ${d.code}` }) + '\n');
  if (options.format === 'text' || options.format === 'github') {
    const warnings = all.filter((d) => d.severity === 'warning').length;
    io.stderr(`${plural(read.length, 'file')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(all.length - errors - warnings, 'other')}\n`);
  }
  if (unreadable) return 2;
  return errors > 0 ? 1 : 0;
}

/** `--rule CODE=SEVERITY`s as settings, or the usage error. */
export function parseRules(values: readonly string[]): Record<string, RuleSeverity> | string {
  const rules: Record<string, RuleSeverity> = {};
  const codes = RULES.map((r) => r.code);
  for (const rule of values) {
    const m = /^([\w-]+)=(\w+)$/.exec(rule);
    if (!m || !SEVERITIES.includes(m[2])) return `--rule takes CODE=SEVERITY with SEVERITY one of ${SEVERITIES.join(', ')}; got ${JSON.stringify(rule)}`;
    if (!codes.includes(m[1])) {
      const close = didYouMean(m[1], codes);
      return `--rule ${rule}: no rule is called \`${m[1]}\`.${close.length ? ` Did you mean \`${close[0]}\`?` : ''}`;
    }
    rules[m[1]] = m[2] as RuleSeverity;
  }
  return rules;
}

export async function runCheckCommand(args: string[], io: CliIO): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout(CHECK_USAGE);
    return 0;
  }
  const usage = (message: string): number => {
    io.stderr(`helm-conf check: ${message}\n\n${CHECK_USAGE}`);
    return 2;
  };
  const parsed = parseArgs(args, new Set(['plugins', 'models-to-run']), new Set(['format', 'local-path', 'min-severity', 'rule', ...EXACT_SINGLE]), EXACT_SWITCHES);
  if (typeof parsed === 'string') return usage(parsed);
  if (parsed.files.length === 0) return usage('no FILE given');
  const format = lastOf(parsed.flags, 'format') ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) return usage(`--format must be ${FORMATS.join(', ')}; not ${JSON.stringify(format)}`);
  const minSeverity = lastOf(parsed.flags, 'min-severity') ?? 'info';
  if (!['error', 'warning', 'info', 'hint'].includes(minSeverity)) return usage(`--min-severity must be error, warning, info or hint, not ${JSON.stringify(minSeverity)}`);
  const rules = parseRules(parsed.flags.get('rule') ?? []);
  if (typeof rules === 'string') return usage(rules);
  const warn = (message: string): void => io.stderr(`helm-conf: ${message}\n`);
  const files = expandFileArgs(parsed.files, io, warn);
  const localPath = lastOf(parsed.flags, 'local-path');
  const plugins = parsed.flags.get('plugins') ?? [];
  const modelsToRun = parsed.flags.get('models-to-run') ?? [];
  const registry = await loadCliRegistry({ cwd: io.cwd, localPath, plugins, warn });
  const options: CheckOptions = { format: format as OutputFormat, rules, minSeverity: minSeverity as Severity, modelsToRun };
  if (!parsed.flags.has('exact')) {
    const code = await runCheck(files, registry, options, io);
    return files.length === 0 ? 2 : code;
  }
  const session = await startExactSession({ python: lastOf(parsed.flags, 'python'), helmSource: lastOf(parsed.flags, 'helm-source'), cwd: io.cwd, localPath, plugins });
  if (!session.ok) {
    io.stderr(`helm-conf check --exact: ${session.message}\n`);
    return 2;
  }
  try {
    const filters = modelsToRun.length ? { modelsToRun } : {};
    const code = await runCheck(files, registry, { ...options, exact: (conf) => exactVerdicts(session.bridge, conf, filters) }, io);
    return files.length === 0 ? 2 : code;
  } finally {
    await session.bridge.dispose();
  }
}
