// `helm-conf`: the language service on the command line — `check` for CI, `expand` to list RunSpecs.
import * as path from 'path';
import { lastOf, parseArgs } from './cli/args';
import { runCheck } from './cli/check';
import { processIO, type CliIO } from './cli/io';
import { loadCliRegistry } from './cli/registry';
import { runExpandCommand } from './cli/expand';
import type { RuleSeverity } from './common/protocol';
import type { Severity } from './common/diagnostic';

const USAGE = `Usage:
  helm-conf check FILE... [options]     report what helm-run would stumble on, one line per diagnostic
  helm-conf expand FILE... [options]    list the RunSpecs each run entry expands to

Options for check:
  --format text|json        output format (default: text: file:line:col: severity: message [code])
  --local-path DIR          HELM's --local-path with model_deployments.yaml / model_metadata.yaml
                            (default: prod_env, when it exists in the current folder)
  --plugins PATH...         plugin .py files or folders with @run_spec_function (as helm-run --plugins)
  --rule CODE=SEVERITY      set a rule's severity: error, warning, info, hint or off (repeatable)
  --models-to-run M...      the models Run suite will pass (silences the wildcard hint)
  --min-severity LEVEL      report from this severity up: error, warning, info (default) or hint

Options for expand: --models-to-run M..., --priority N, --groups-to-run G..., --format text|json,
  --local-path DIR, --plugins PATH...

Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable file.
`;

const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'hint', 'off'];

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    (command ? io.stdout : io.stderr)(USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    io.stdout(`${readVersion()}\n`);
    return 0;
  }
  if (command === 'expand') return runExpandCommand(rest, io);
  if (command !== 'check') {
    io.stderr(`helm-conf: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }
  const parsed = parseArgs(rest, new Set(['plugins', 'rule', 'models-to-run']), new Set(['format', 'local-path', 'min-severity']));
  if (typeof parsed === 'string') {
    io.stderr(`helm-conf check: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.files.length === 0) {
    io.stderr(`helm-conf check: no FILE given\n\n${USAGE}`);
    return 2;
  }
  const format = lastOf(parsed.flags, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') {
    io.stderr(`helm-conf check: --format must be text or json, not ${JSON.stringify(format)}\n`);
    return 2;
  }
  const minSeverity = lastOf(parsed.flags, 'min-severity') ?? 'info';
  if (!['error', 'warning', 'info', 'hint'].includes(minSeverity)) {
    io.stderr(`helm-conf check: --min-severity must be error, warning, info or hint, not ${JSON.stringify(minSeverity)}\n`);
    return 2;
  }
  const rules: Record<string, RuleSeverity> = {};
  for (const rule of parsed.flags.get('rule') ?? []) {
    const m = /^([\w-]+)=(\w+)$/.exec(rule);
    if (!m || !SEVERITIES.includes(m[2])) {
      io.stderr(`helm-conf check: --rule takes CODE=SEVERITY with SEVERITY one of ${SEVERITIES.join(', ')}; got ${JSON.stringify(rule)}\n`);
      return 2;
    }
    rules[m[1]] = m[2] as RuleSeverity;
  }
  const registry = await loadCliRegistry({
    cwd: io.cwd,
    localPath: lastOf(parsed.flags, 'local-path'),
    plugins: parsed.flags.get('plugins') ?? [],
    warn: (message) => io.stderr(`helm-conf: ${message}\n`),
  });
  return runCheck(parsed.files, registry, { format, rules, minSeverity: minSeverity as Severity, modelsToRun: parsed.flags.get('models-to-run') ?? [] }, io);
}

function readVersion(): string {
  for (const candidate of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', '..', 'package.json')]) {
    try {
      return (require(candidate) as { version: string }).version;
    } catch {
      // try the next layout (bundle in dist/, or tsc output in out/server/src/)
    }
  }
  return 'unknown';
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`helm-conf: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
