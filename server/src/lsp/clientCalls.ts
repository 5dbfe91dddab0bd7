// Requests and notifications the server sends to the client: an error reply or a closed connection is logged, never thrown.
import { errorLine } from './context';

/**
 * Runs one call to the client (window/showMessageRequest, client/registerCapability,
 * workspace/configuration, publishDiagnostics, …). The client may answer a request with an error
 * (a method it does not implement, a registration it refuses) and the connection may be closing: either
 * is logged as one line and gives undefined, so the server goes on without that answer.
 */
export async function callClient<T>(what: string, log: (message: string) => void, call: () => PromiseLike<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    const code = typeof (err as { code?: unknown })?.code === 'number' ? ` (code ${(err as { code: number }).code})` : '';
    log(`${what} failed: ${errorLine(err)}${code}`);
    return undefined;
  }
}
