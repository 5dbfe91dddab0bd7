// The server's connection: the transport named on the command line, with the lifecycle checks and, over stdio, the framing guard.
import { format } from 'util';
import { createConnection, ProposedFeatures, StreamMessageWriter, type Connection, type MessageReader } from 'vscode-languageserver/node';
import { FramingGuard } from './framing';
import { messageEncoder } from './messageEncoding';
import type { Lifecycle } from './lifecycle';

/**
 * `--stdio`: stdin through FramingGuard (a bad header costs one message, not the connection), stdout
 * through messageEncoder (the JSON of a diagnostic kept while it is the same object), and the
 * console sent to the client's log as vscode-languageserver does for stdio (a stray console.log must
 * not land in the protocol stream). Other transports (`--node-ipc`, `--socket`, `--pipe`) as
 * createConnection reads them from the command line.
 */
export function createServerConnection(lifecycle: Lifecycle): Connection {
  const options = { messageStrategy: lifecycle.messageStrategy };
  if (!process.argv.slice(2).includes('--stdio')) return createConnection(ProposedFeatures.all, options);
  const guard = new FramingGuard((reason) => connection.console.error(`dropped a message with ${reason}`));
  const output = new StreamMessageWriter(process.stdout, { contentTypeEncoder: messageEncoder });
  // A stream in and a writer out: vscode-languageserver takes each as it comes (its types want both of
  // one kind), and, given the input as a stream, ends the process when it closes, as for stdio.
  const input = process.stdin.pipe(guard) as unknown as MessageReader;
  const connection = createConnection(ProposedFeatures.all, input, output, options);
  const toLog = (send: (message: string) => void) => (...args: unknown[]): void => send(format(...args));
  console.log = toLog((m) => connection.console.log(m));
  console.info = toLog((m) => connection.console.info(m));
  console.warn = toLog((m) => connection.console.warn(m));
  console.error = toLog((m) => connection.console.error(m));
  return connection;
}
