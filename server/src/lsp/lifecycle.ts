// The LSP lifecycle as the specification orders it: nothing before initialize, one initialize, nothing but exit after shutdown.
import { ErrorCodes, Message, ResponseError, type Connection, type MessageStrategy, type RequestMessage } from 'vscode-languageserver/node';

/** The method a refused request is handed to, so that the connection answers it with the error (see refuse). */
const REFUSED_METHOD = 'helmConf/refusedRequest';

interface Refusal {
  code: number;
  message: string;
}

type State = 'waiting for initialize' | 'running' | 'shut down';

/**
 * Sits between the connection's reader and its handlers (a vscode-jsonrpc message strategy). vscode-
 * languageserver hands any request to its handler whatever the state: a request before `initialize`
 * was answered (null), a second `initialize` was accepted and a request after `shutdown` was served.
 */
export class Lifecycle {
  private state: State = 'waiting for initialize';

  readonly messageStrategy: MessageStrategy = {
    handleMessage: (message: Message, next: (message: Message) => void): void => {
      if (Message.isRequest(message)) {
        const refusal = this.request(message.method);
        next(refusal ? refused(message, refusal) : message);
      } else if (Message.isNotification(message)) {
        // The specification: notifications before initialize and after shutdown are dropped, except exit.
        if (this.state === 'running' || message.method === 'exit') next(message);
      } else next(message);
    },
  };

  /** Answers refused requests with their error; call before the connection listens. */
  listen(connection: Connection): void {
    connection.onRequest(REFUSED_METHOD, (refusal: Refusal) => {
      throw new ResponseError(refusal.code, refusal.message);
    });
  }

  /** Moves the state on for a request; the refusal when the request does not belong in the current state. */
  private request(method: string): Refusal | undefined {
    switch (this.state) {
      case 'waiting for initialize':
        if (method !== 'initialize') return { code: ErrorCodes.ServerNotInitialized, message: `The server is not initialized: ${method} before initialize.` };
        this.state = 'running';
        return undefined;
      case 'running':
        if (method === 'initialize') return { code: ErrorCodes.InvalidRequest, message: 'The server is already initialized: initialize may be sent once.' };
        if (method === 'shutdown') this.state = 'shut down';
        return undefined;
      case 'shut down':
        return { code: ErrorCodes.InvalidRequest, message: `The server is shut down: ${method} after shutdown (only exit is expected).` };
    }
  }
}

/** The request, handed to REFUSED_METHOD's handler with its id kept, so that the error goes back as its answer. */
function refused(message: RequestMessage, refusal: Refusal): RequestMessage {
  return { jsonrpc: message.jsonrpc, id: message.id, method: REFUSED_METHOD, params: refusal };
}
