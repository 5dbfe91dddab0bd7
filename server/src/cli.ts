// `helm-conf`: the language service on the command line — `check` for CI, `format` for HELM's layout, `expand` to list RunSpecs.
import { runCheckCommand } from './cli/check';
import { runExpandCommand } from './cli/expand';
import { runFormatCommand } from './cli/format';
import { allOutputWritten, processIO, type CliIO } from './cli/io';
import { startedAnyProcess } from './common/processGroups';
import { readVersion } from './cli/version';

const USAGE = `Usage:
  helm-conf check FILE|FOLDER... [options]    report what helm-run would stumble on, one line per diagnostic
  helm-conf format FILE|FOLDER... [--check]   rewrite conf files in the layout of HELM's own files
  helm-conf expand FILE... [options]          list the RunSpecs each run entry expands to
  helm-conf --version

A FOLDER stands for the run_entries*.conf and run_specs*.conf files under it.
\`helm-conf COMMAND --help\` shows a command's options.

Exit status: 0 no errors, 1 errors found (or files to format), 2 usage error or unreadable file.
`;

const COMMANDS: Record<string, (args: string[], io: CliIO) => Promise<number>> = {
  check: runCheckCommand,
  format: runFormatCommand,
  expand: runExpandCommand,
};

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
  const run = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) {
    io.stderr(`helm-conf: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  }
  return run(rest, io);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      // Nothing is left to wait for when every write went straight to its descriptor and no process was
      // started: exiting at once spares tearing the heap down (≈ 5% of the check of a large file).
      if (allOutputWritten() && !startedAnyProcess()) process.exit(code);
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`helm-conf: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
