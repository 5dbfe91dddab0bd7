// A language server under fuzzing: its diagnostics pushed or pulled, its answers to hover, outline, folding and semantic tokens, each wait ended by a timeout or by the process's exit.
import {
  DidCloseTextDocumentNotification,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  SemanticTokensDeltaRequest,
  SemanticTokensRequest,
  type Diagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type Position,
  type PublishDiagnosticsParams,
  type SymbolInformation,
} from 'vscode-languageserver-protocol';
import { applyTokenEdits } from '../helpers/tokenEdits';
import { TestClient } from '../lsp/lspClient';

export type DiagnosticsMode = 'push' | 'pull';

const TIMEOUT_MS = 120_000;

async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A server process and the way its diagnostics come (pushed, or pulled with the last result id). */
export class Server {
  private readonly reports = new Map<string, { resultId?: string; items: Diagnostic[] }>();
  private readonly tokens = new Map<string, { resultId?: string; data: number[] }>();

  private constructor(readonly client: TestClient, readonly mode: DiagnosticsMode) {}

  static async start(mode: DiagnosticsMode): Promise<Server> {
    const client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, pullDiagnostics: mode === 'pull', retainDiagnostics: 4 });
    return new Server(client, mode);
  }

  /**
   * The answer, unless the server process ends (which it must not do while the run lasts) or takes
   * longer than TIMEOUT_MS. An `exit` listener per wait: a race with one promise of the exit, never
   * settled, would hold every answer until the end of the run.
   */
  answer<T>(promise: Promise<T>, what: string): Promise<T> {
    const { proc } = this.client;
    const exited = (): Error => new Error(`the server exited (code ${proc.exitCode}, signal ${proc.signalCode}); its stderr ends: ${this.client.stderr.slice(-1000)}`);
    if (proc.exitCode !== null || proc.signalCode !== null) return Promise.reject(exited());
    const guarded = new Promise<T>((resolve, reject) => {
      const onExit = (): void => reject(exited());
      proc.once('exit', onExit);
      promise.then(resolve, reject).finally(() => proc.off('exit', onExit));
    });
    return within(guarded, what);
  }

  /** Runs `send`, then gets the diagnostics of the text it sent as version `version`. */
  async diagnosticsAfter(uri: string, version: number, send: () => Promise<void>): Promise<Diagnostic[]> {
    const seen = new Set<PublishDiagnosticsParams>(this.client.published(uri));
    await send();
    if (this.mode === 'push') {
      const accept = (p: PublishDiagnosticsParams): boolean => !seen.has(p) && p.version === version;
      return (await this.answer(this.client.waitForDiagnostics(uri, accept, TIMEOUT_MS), 'publishDiagnostics')).diagnostics;
    }
    const last = this.reports.get(uri);
    const report = await this.answer(this.client.pull(uri, last?.resultId), 'textDocument/diagnostic');
    if (report.kind === 'unchanged' && !last) throw new Error('an `unchanged` report without a full one before it');
    const items = report.kind === 'full' ? report.items : last!.items;
    this.reports.set(uri, { resultId: report.resultId, items });
    return items;
  }

  /** The document's semantic tokens: by `full/delta` from the last ones the server sent (as VS Code asks), else in full. */
  async semanticTokens(uri: string): Promise<number[]> {
    const c = this.client.connection;
    const textDocument = { uri };
    const last = this.tokens.get(uri);
    let data: number[];
    let resultId: string | undefined;
    if (last?.resultId) {
      const answer = await this.answer(c.sendRequest(SemanticTokensDeltaRequest.type, { textDocument, previousResultId: last.resultId }), 'semanticTokens/full/delta');
      data = answer && 'edits' in answer ? applyTokenEdits(last.data, answer.edits) : (answer?.data ?? []);
      resultId = answer?.resultId;
    } else {
      const answer = await this.answer(c.sendRequest(SemanticTokensRequest.type, { textDocument }), 'semanticTokens/full');
      data = answer?.data ?? [];
      resultId = answer?.resultId;
    }
    this.tokens.set(uri, { resultId, data });
    return data;
  }

  async close(uri: string): Promise<void> {
    this.reports.delete(uri);
    this.tokens.delete(uri);
    this.client.forget(uri);
    await this.client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** What the server logged since the last call that says something failed. */
  failures(): string[] {
    // Read once: a long run would hold every line the server logged.
    const fresh = this.client.logs.splice(0);
    return fresh.filter((l) => /failed|error/i.test(l));
  }
}

export interface Answers {
  diagnostics: Diagnostic[];
  hovers: Array<Hover | null>;
  symbols: DocumentSymbol[] | SymbolInformation[] | null;
  folding: FoldingRange[] | null;
  /** Semantic tokens as LSP encodes them: five numbers each, line and start relative to the token before. */
  tokens: number[];
}

export async function features(server: Server, uri: string, positions: Position[]): Promise<Omit<Answers, 'diagnostics'>> {
  const c = server.client.connection;
  const textDocument = { uri };
  const hovers: Array<Hover | null> = [];
  for (const position of positions) hovers.push(await server.answer(c.sendRequest(HoverRequest.type, { textDocument, position }), 'hover'));
  const symbols = await server.answer(c.sendRequest(DocumentSymbolRequest.type, { textDocument }), 'documentSymbol');
  const folding = await server.answer(c.sendRequest(FoldingRangeRequest.type, { textDocument }), 'foldingRange');
  return { hovers, symbols, folding, tokens: await server.semanticTokens(uri) };
}
