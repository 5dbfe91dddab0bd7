// The language server's entry point: a connection over stdio (`--stdio`) or IPC (`--node-ipc`), then startServer.
import { killAllGroups } from './common/processGroups';
import { errorLine } from './lsp/context';
import { Lifecycle } from './lsp/lifecycle';
import { startServer } from './lsp/startServer';
import { createServerConnection } from './lsp/transport';

const USAGE = `Usage: helm-conf-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME

The language server for HELM's run_entries*.conf files, for any LSP client (VS Code, Neovim, …).
Start it from the editor with the transport the editor speaks, most often --stdio.

  --stdio          talk LSP on stdin and stdout
  --node-ipc       talk over Node's IPC channel (a parent that forked this process)
  --socket=PORT    connect to a socket the client listens on
  --pipe=NAME      connect to a named pipe the client listens on
  -h, --help       show this help
`;

const args = process.argv.slice(2);
// The transports vscode-languageserver's createConnection reads from the command line.
const transport = args.some((a) => a === '--stdio' || a === '--node-ipc' || /^--(socket|pipe)(=.+)?$/.test(a));
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
} else if (!transport) {
  process.stderr.write(`helm-conf-language-server: no transport given\n\n${USAGE}`);
  process.exitCode = 2;
} else {
  // Stopped by a signal, the server takes the Python helpers and probes it started with it ('exit' handlers do not run then).
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => {
      killAllGroups();
      process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[signal]);
    });
  }
  const lifecycle = new Lifecycle();
  const connection = createServerConnection(lifecycle);
  // Every call to the client catches its own failure (clientCalls.ts); this is the last line, so that a
  // rejection someone forgot is a line in the log rather than the end of the server (Node exits on one).
  process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${errorLine(reason)}`));
  lifecycle.listen(connection);
  startServer(connection);
}
