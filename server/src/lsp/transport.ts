// The server's connection: the transport named on the command line, with the lifecycle checks and, over stdio, the framing guard.
import { format } from 'util';
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { FramingGuard } from './framing';
import type { Lifecycle } from './lifecycle';

/**
 * `--stdio`: stdin through FramingGuard (a bad header costs one message, not the connection), and the
 * console sent to the client's log as vscode-languageserver does for stdio (a stray console.log must
 * not land in the protocol stream). Other transports (`--node-ipc`, `--socket`, `--pipe`) as
 * createConnection reads them from the command line.
 */
export function createServerConnection(lifecycle: Lifecycle): Connection {
  const options = { messageStrategy: lifecycle.messageStrategy };
  if (!process.argv.slice(2).includes('--stdio')) return createConnection(ProposedFeatures.all, options);
  const guard = new FramingGuard((reason) => connection.console.error(`dropped a message with ${reason}`));
  const connection = createConnection(ProposedFeatures.all, process.stdin.pipe(guard), process.stdout, options);
  const toLog = (send: (message: string) => void) => (...args: unknown[]): void => send(format(...args));
  console.log = toLog((m) => connection.console.log(m));
  console.info = toLog((m) => connection.console.info(m));
  console.warn = toLog((m) => connection.console.warn(m));
  console.error = toLog((m) => connection.console.error(m));
  return connection;
}
