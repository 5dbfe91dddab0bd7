// One running Python helper: spawns it (no shell), reads its hello and responses, kills its whole process group.
import type { ChildProcess } from 'child_process';
import { killGroup, spawnGroup } from '../common/processGroups';
import type { BridgeFailure, HelmFrame, HelperInfo, JsonValue, Refusal } from './helmBridgeTypes';

/** Lines of the helper's stderr kept to explain a crash. */
const STDERR_TAIL_LINES = 12;
/** How long `shutdown` may take before the helper is killed. */
const SHUTDOWN_GRACE_MS = 1000;

export interface HelperLaunch {
  pythonPath: string;
  helperPath: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
}

export type HelperResponse =
  | { ok: true; result: { [key: string]: JsonValue } }
  | { ok: false; errorType: string; message: string; traceback?: string; frame?: HelmFrame; refused?: Refusal[] };

export type Outcome<T> = { ok: true; value: T } | BridgeFailure;

type Pending = { resolve: (outcome: Outcome<HelperResponse>) => void; timer?: NodeJS.Timeout; what: string };

export class HelperProcess {
  readonly child: ChildProcess;
  /** Resolves once: the hello line, or why the helper could not start. */
  readonly ready: Promise<Outcome<HelperInfo>>;
  private resolveReady!: (outcome: Outcome<HelperInfo>) => void;
  private readySettled = false;
  private readonly pending = new Map<number, Pending>();
  private readonly stderrTail: string[] = [];
  private nextId = 1;
  private exitedFlag = false;
  private exitCode: number | null = null;
  private exitSignal: NodeJS.Signals | null = null;
  private spawnError?: string;
  private readonly closed: Promise<void>;
  private resolveClosed!: () => void;
  /** Set when we killed it (timeout, dispose), so the exit is not reported as a crash. */
  private killReason?: string;

  constructor(private readonly launch: HelperLaunch) {
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    // Its own process group, so a kill reaches whatever the interpreter started too.
    this.child = spawnGroup(launch.pythonPath, [launch.helperPath, ...launch.args], { cwd: launch.cwd, env: launch.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.on('error', (err: NodeJS.ErrnoException) => this.onSpawnError(err));
    this.child.stdin?.on('error', () => undefined); // EPIPE after a crash: the exit handler reports it
    const readline = require('readline') as typeof import('readline'); // loaded with the first helper, not at every start
    const out = readline.createInterface({ input: this.child.stdout!, crlfDelay: Infinity });
    out.on('line', (line) => this.onLine(line));
    const err = readline.createInterface({ input: this.child.stderr!, crlfDelay: Infinity });
    err.on('line', (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
    });
    // 'close' comes after stdout and stderr are drained, so a hello or last words are not lost.
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      this.onExit();
    };
    this.child.on('close', finish);
    this.child.on('exit', (code, signal) => {
      this.exitedFlag = true;
      this.exitCode = code;
      this.exitSignal = signal;
      // A grandchild holding the pipes open would delay 'close' forever.
      setTimeout(finish, 500).unref();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exited(): boolean {
    return this.exitedFlag || this.spawnError !== undefined;
  }

  /** Sends one request; resolves with the response, a timeout (after killing the helper) or a crash. */
  request(method: string, params: { [key: string]: JsonValue }, timeoutMs: number, what: string): Promise<Outcome<HelperResponse>> {
    return new Promise((resolve) => {
      if (this.exited) {
        resolve({ ok: false, kind: 'unavailable', error: this.exitMessage(`while ${what}`) });
        return;
      }
      const id = this.nextId++;
      const pending: Pending = { resolve, what };
      if (timeoutMs > 0) {
        pending.timer = setTimeout(() => {
          this.pending.delete(id);
          const seconds = Number((timeoutMs / 1000).toFixed(1));
          this.kill(`timeout while ${what}`);
          resolve({
            ok: false,
            kind: 'timeout',
            error: `HELM took longer than ${seconds} s ${what}; the helper was stopped and starts again on the next request`,
          });
        }, timeoutMs);
      }
      this.pending.set(id, pending);
      this.child.stdin?.write(JSON.stringify({ id, method, ...params }) + '\n');
    });
  }

  /** Asks the helper to stop, then kills its process group if it does not; resolves once it is gone. */
  async shutdown(): Promise<void> {
    if (!this.exited) {
      this.killReason ??= 'shut down';
      this.child.stdin?.write(JSON.stringify({ id: 0, method: 'shutdown' }) + '\n');
      this.child.stdin?.end();
      const timer = setTimeout(() => this.kill('shut down'), SHUTDOWN_GRACE_MS);
      await this.closed;
      clearTimeout(timer);
    }
  }

  /** Kills the helper and everything in its process group; resolves once it exited. */
  async kill(reason: string): Promise<void> {
    this.killReason ??= reason;
    if (this.exited || this.child.pid === undefined) return this.closed;
    killGroup(this.child.pid);
    return this.closed;
  }

  /** Resolves once the helper exited (or could not start) and its output is drained. */
  whenClosed(): Promise<void> {
    return this.closed;
  }

  /** The last stderr lines, for messages. */
  stderrSummary(): string {
    return this.stderrTail.filter((l) => l.trim() !== '').slice(-6).join('\n');
  }

  private onSpawnError(err: NodeJS.ErrnoException): void {
    this.spawnError =
      err.code === 'ENOENT'
        ? `Python interpreter \`${this.launch.pythonPath}\` not found; set helmConf.pythonPath`
        : err.code === 'EACCES'
          ? `Python interpreter \`${this.launch.pythonPath}\` cannot be run (permission denied); set helmConf.pythonPath`
          : `Python interpreter \`${this.launch.pythonPath}\` could not be started: ${err.message}`;
    this.settleReady({ ok: false, kind: 'unavailable', error: this.spawnError });
    this.failPending();
    this.resolveClosed();
  }

  private onLine(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.launch.log(`HELM helper wrote a line that is not JSON: ${line.slice(0, 200)}`);
      return;
    }
    if (!isObject(message)) return;
    if (!this.readySettled && 'ready' in message) {
      this.settleReady(readHello(message, this.launch.pythonPath));
      return;
    }
    const id = message.id;
    if (typeof id !== 'number') return;
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (pending.timer) clearTimeout(pending.timer);
    pending.resolve({ ok: true, value: readResponse(message) });
  }

  private onExit(): void {
    const message = this.exitMessage(this.readySettled ? 'while idle' : 'before it was ready');
    if (!this.readySettled) this.settleReady({ ok: false, kind: 'unavailable', error: message });
    this.failPending();
    this.resolveClosed();
  }

  private failPending(): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      if (pending.timer) clearTimeout(pending.timer);
      pending.resolve({ ok: false, kind: 'unavailable', error: this.exitMessage(`while ${pending.what}`) });
    }
  }

  private exitMessage(when: string): string {
    if (this.spawnError) return this.spawnError;
    if (this.killReason) return `The HELM helper was stopped (${this.killReason})`;
    const how = this.exitSignal ? `signal ${this.exitSignal}` : `exit code ${this.exitCode ?? 'unknown'}`;
    const tail = this.stderrSummary();
    return `The HELM helper (${this.launch.pythonPath}) crashed ${when} (${how})${tail ? `; last output:\n${tail}` : ''}`;
  }

  private settleReady(outcome: Outcome<HelperInfo>): void {
    if (this.readySettled) return;
    this.readySettled = true;
    this.resolveReady(outcome);
  }
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The helper's description of itself, from the hello line or a ping result. */
export function readHelperInfo(message: { [key: string]: unknown }): HelperInfo {
  return {
    helmVersion: typeof message.helmVersion === 'string' ? message.helmVersion : 'unknown',
    helmPath: typeof message.helmPath === 'string' ? message.helmPath : '',
    python: typeof message.python === 'string' ? message.python : '',
    expandRequests: typeof message.expandRequests === 'number' ? message.expandRequests : 0,
    pluginErrors: Array.isArray(message.pluginErrors) ? message.pluginErrors.map(String) : [],
  };
}

function readRefusalKind(kind: unknown): Refusal['kind'] {
  return kind === 'download' || kind === 'process' || kind === 'write' ? kind : 'process';
}

function readHello(message: { [key: string]: unknown }, pythonPath: string): Outcome<HelperInfo> {
  if (message.ready === true) return { ok: true, value: readHelperInfo(message) };
  const error = typeof message.error === 'string' ? message.error : `HELM could not be loaded with ${pythonPath}`;
  return { ok: false, kind: 'unavailable', error, ...(message.helmMissing === true ? { helmMissing: true } : {}) };
}

function readResponse(message: { [key: string]: unknown }): HelperResponse {
  const error = message.error;
  if (isObject(error)) {
    const response: HelperResponse = {
      ok: false,
      errorType: typeof error.type === 'string' ? error.type : 'Error',
      message: typeof error.message === 'string' ? error.message : String(error.message),
      traceback: typeof error.traceback === 'string' ? error.traceback : undefined,
    };
    const frame = error.frame;
    if (isObject(frame) && typeof frame.file === 'string' && typeof frame.line === 'number') {
      response.frame = { file: frame.file, line: frame.line, function: typeof frame.function === 'string' ? frame.function : '' };
    }
    if (Array.isArray(error.refused)) {
      response.refused = error.refused.filter(isObject).map((r) => ({ kind: readRefusalKind(r.kind), what: String(r.what ?? '') }));
    }
    return response;
  }
  const result = message.result;
  return { ok: true, result: isObject(result) ? (result as { [key: string]: JsonValue }) : {} };
}
