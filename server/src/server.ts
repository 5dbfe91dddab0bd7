// The language server's entry point: a connection over stdio (`--stdio`) or IPC (`--node-ipc`), then startServer.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/startServer';

// createConnection reads the transport from the command line (`--stdio`, `--node-ipc`, `--socket=N`).
const connection = createConnection(ProposedFeatures.all);
startServer(connection);
