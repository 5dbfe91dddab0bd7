// A minimal LSP client for the protocol tests and the benchmark: the real dist/server.js over stdio.
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  ErrorCodes,
  ResponseError,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type ClientCapabilities,
  type DocumentDiagnosticReport,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { projectRoot } from '../helpers/corpus';

/** The bundled server; HELM_LS_SERVER points elsewhere (e.g. a bundle under test). */
export const serverPath = process.env.HELM_LS_SERVER ?? path.join(projectRoot, 'dist', 'server.js');

export interface StartOptions {
  initializationOptions?: Record<string, unknown>;
  /** Answers to `workspace/configuration` (the `helmConf` section); absent: the client has no configuration support. */
  settings?: Record<string, unknown>;
  /** Answers for other sections (`files.exclude`), by section. */
  sections?: Record<string, unknown>;
  rootPath?: string;
  /** Keep only the last N publishDiagnostics per document (a benchmark's thousands of them would weigh on its own timings). */
  retainDiagnostics?: number;
  /** Declare the completion capabilities VS Code's client declares (list-wide item defaults, detail and documentation resolved later). */
  vscodeCompletion?: boolean;
  /** Requests of the server this client answers with an error (-32601), as a client that does not implement them. */
  refuse?: readonly string[];
  /** Declare LSP 3.17 pull diagnostics (textDocument/diagnostic, and workspace/diagnostic/refresh), as VS Code's client does. */
  pullDiagnostics?: boolean;
}

export class TestClient {
  readonly connection: ProtocolConnection;
  readonly logs: string[] = [];
  stderr = '';
  initializeResult?: InitializeResult;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: Array<() => void> = [];
  /** Requests the server sent to this client (method and params), in order. */
  readonly requests: Array<{ method: string; params: unknown }> = [];
  private exitCode: Promise<number | null>;
  private readonly reader: StreamMessageReader;

  private constructor(readonly proc: ChildProcess, private readonly options: StartOptions) {
    this.exitCode = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    // Drain stderr so a talkative server never blocks on a full pipe; keep the tail for failure messages.
    proc.stderr?.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    this.reader = new StreamMessageReader(proc.stdout!);
    this.connection = createProtocolConnection(this.reader, new StreamMessageWriter(proc.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      if (options.retainDiagnostics && list.length > options.retainDiagnostics) list.splice(0, list.length - options.retainDiagnostics);
      this.diagnostics.set(p.uri, list);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    const answer = <P, R>(method: string, reply: (params: P) => R): void => {
      this.connection.onRequest(method, (params: P) => {
        this.requests.push({ method, params });
        if (options.refuse?.includes(method)) throw new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
        return reply(params);
      });
    };
    answer('workspace/configuration', (p: { items: Array<{ section?: string }> }) =>
      p.items.map((i) => (i.section && i.section !== 'helmConf' ? this.options.sections?.[i.section] ?? null : this.options.settings ?? null)),
    );
    answer('client/registerCapability', () => null);
    // A message box the user closes without choosing.
    answer('window/showMessageRequest', () => null);
    answer('workspace/diagnostic/refresh', () => null);
    this.connection.listen();
  }

  static async start(options: StartOptions = {}): Promise<TestClient> {
    const client = TestClient.spawn(options);
    await client.initialize();
    return client;
  }

  /** The server process and the connection to it, before anything is sent. */
  static spawn(options: StartOptions = {}): TestClient {
    if (!fs.existsSync(serverPath)) throw new Error('dist/server.js is missing: run `node esbuild.mjs` first');
    const proc = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    return new TestClient(proc, options);
  }

  /** initialize, then initialized. */
  async initialize(): Promise<InitializeResult> {
    const options = this.options;
    const capabilities: ClientCapabilities = {
      textDocument: {
        completion: options.vscodeCompletion
          ? {
              completionItem: { snippetSupport: true, resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] } },
              completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
            }
          : { completionItem: { snippetSupport: true } },
        publishDiagnostics: { versionSupport: true },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        ...(options.pullDiagnostics ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
      workspace: {
        ...(options.settings ? { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } : {}),
        ...(options.pullDiagnostics ? { diagnostics: { refreshSupport: true } } : {}),
      },
    };
    const root = options.rootPath;
    this.initializeResult = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: root ? pathToFileURL(root).href : null,
      workspaceFolders: root ? [{ uri: pathToFileURL(root).href, name: path.basename(root) }] : null,
      capabilities,
      initializationOptions: options.initializationOptions ?? {},
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return this.initializeResult;
  }

  /** Bytes written to the server's stdin as they are, framing and all. */
  writeRaw(bytes: string): void {
    this.proc.stdin!.write(bytes);
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'helm-conf', version, text } });
  }

  async replace(uri: string, text: string, version: number): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Resolves to the exit code when the server process ends, for whatever reason. */
  exited(): Promise<number | null> {
    return this.exitCode;
  }

  /** Every publishDiagnostics received for the uri so far. */
  published(uri: string): PublishDiagnosticsParams[] {
    return this.diagnostics.get(uri) ?? [];
  }

  /** Drops the diagnostics received for the uri so far (a long run over many documents would hold them all). */
  forget(uri: string): void {
    this.diagnostics.delete(uri);
  }

  /** The first diagnostics for `uri` that satisfy `accept` (e.g. a given version), waiting up to `ms`. */
  async waitForDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, ms = 15000): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.published(uri).find(accept);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri} within ${ms} ms; got ${JSON.stringify(this.published(uri))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** textDocument/diagnostic (pull), with the result id of the last report the client holds. */
  async pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, ...(previousResultId ? { previousResultId } : {}) });
  }

  /** shutdown + exit; resolves to the process's exit code. */
  async stop(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.exitCode;
    this.dispose();
    return code;
  }

  /**
   * The connection, and the reader's timer: a server that ends in the middle of a message leaves the
   * reader waiting for the rest, re-arming a 10 s timer forever (the connection's dispose leaves it),
   * and mocha would never exit.
   */
  private dispose(): void {
    this.reader.partialMessageTimeout = 0;
    // And the timer already armed, when the reader has that method (it is not public).
    (this.reader as unknown as { clearPartialMessageTimer?: () => void }).clearPartialMessageTimer?.();
    this.connection.dispose();
  }

  /** Ends the server and every handle on it, so mocha can exit even after a failed test. */
  kill(): void {
    if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    this.dispose();
    this.proc.stdin?.destroy();
    this.proc.stdout?.destroy();
    this.proc.stderr?.destroy();
  }
}

export const fileUri = (file: string): string => pathToFileURL(file).href;
