// The HELM bridge: exact RunSpecs and HELM's verdict through the Python helper, with a cache, two lanes, cancellation, timeouts and restarts.
import * as fs from 'fs';
import * as path from 'path';
import type { ExpansionFilters } from '../common/protocol';
import { HelperProcess, HelperResponse, Outcome, readHelperInfo } from './helmBridgeProcess';
import { helmSourceRoot, helperArgs, helperEnv, interpreterFingerprint, locateHelperScript } from './helmBridgeLocate';
import { RequestQueue, type Lane, type QueuedJob } from './helmBridgeQueue';
import { readRunEntryList, readRunSpecs } from './helmBridgeRead';
import type {
  BridgeFailure,
  BridgeResult,
  BridgeState,
  BridgeStatus,
  CancelToken,
  ExactCheckStatus,
  HelmBridgeOptions,
  HelperInfo,
  JsonValue,
  ReadRunEntriesResult,
  RunEntryFields,
} from './helmBridgeTypes';

export * from './helmBridgeTypes';
export type { Lane } from './helmBridgeQueue';

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_START_TIMEOUT_MS = 90_000;
/** Cached answers kept; a workspace has a few thousand entries at most. */
const CACHE_LIMIT = 5000;

/** How a caller asks: which registry the answer is for, in which lane, and whether it still wants it. */
export interface ExpandCall {
  registryVersion?: number;
  /** `interactive` (default: hover, preview) goes before `background` (the exact check of every entry). */
  lane?: Lane;
  token?: CancelToken;
}

interface CacheEntry {
  promise: Promise<BridgeResult>;
  settled?: BridgeResult;
  job: QueuedJob;
}

export class HelmBridge {
  private readonly timeoutMs: number;
  private readonly startTimeoutMs: number;
  private readonly log: (message: string) => void;
  private registryVersion: number;
  private proc?: HelperProcess;
  private procVersion = 0;
  /** The running helper said it is ready. */
  private procReady = false;
  private info?: HelperInfo;
  private unavailable?: { error: string; version: number; fingerprint: string; until: number };
  private readonly queue = new RequestQueue();
  private readonly cache = new Map<string, CacheEntry>();
  private cacheVersion: number;
  private starts = 0;
  private roundTrips = 0;
  private lastError?: string;
  private disposed = false;
  private readonly stateListeners: Array<() => void> = [];

  constructor(private readonly options: HelmBridgeOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    this.log = options.log ?? (() => undefined);
    this.registryVersion = options.registryVersion ?? 0;
    this.cacheVersion = this.registryVersion;
  }

  /** The registry changed (configs, plugins): later requests reload HELM and skip the old answers. */
  setRegistryVersion(version: number): void {
    this.registryVersion = version;
  }

  /** Called when the bridge becomes ready, unavailable or stopped. */
  onDidChangeState(listener: () => void): void {
    this.stateListeners.push(listener);
  }

  /**
   * The RunSpecs HELM builds for one run entry, with helm-run's `--models-to-run`, `--priority` and
   * `--groups-to-run`. Never throws; repeated questions are answered from the cache (per description,
   * entry priority and groups, filters and registry version).
   */
  expand(description: string, filters: ExpansionFilters = {}, entry: RunEntryFields = {}, call: ExpandCall = {}): Promise<BridgeResult> {
    try {
      const version = call.registryVersion ?? this.registryVersion;
      const lane = call.lane ?? 'interactive';
      const { key, params } = this.question(description, filters, entry, version);
      const cached = this.cache.get(key);
      if (cached) {
        this.cache.delete(key); // keep the most recent answers at the end
        this.cache.set(key, cached);
        cached.job.join(lane, call.token);
        return cached.promise;
      }
      const { promise, job } = this.queue.add(
        () => this.expandNow(params, version),
        lane,
        call.token,
        (): BridgeResult => ({ ok: false, kind: 'cancelled', error: 'No longer asked' }),
      );
      const entryInCache: CacheEntry = { promise, job };
      this.cache.set(key, entryInCache);
      if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
      void promise.then((result) => {
        entryInCache.settled = result;
        // A missing HELM or an abandoned question is not an answer about the entry: ask again next time.
        if (!result.ok && (result.kind === 'unavailable' || result.kind === 'cancelled') && this.cache.get(key) === entryInCache) this.cache.delete(key);
      });
      return promise;
    } catch (err) {
      return Promise.resolve(internalError(err));
    }
  }

  /** The cached answer to this question when it has arrived, without asking HELM. */
  peek(description: string, filters: ExpansionFilters = {}, entry: RunEntryFields = {}, registryVersion?: number): BridgeResult | undefined {
    const { key } = this.question(description, filters, entry, registryVersion ?? this.registryVersion);
    return this.cache.get(key)?.settled;
  }

  /** The run entries of conf files as helm-run reads them (HELM's own HOCON reading); never cached. */
  async readRunEntries(paths: string[]): Promise<ReadRunEntriesResult> {
    try {
      const version = this.registryVersion;
      const what = `reading ${paths.join(', ')}`;
      const outcome = await this.enqueue(() => this.roundTrip('readRunEntries', { paths: paths.map(String) }, what, version));
      if (!outcome.ok) return outcome;
      if (!outcome.value.ok) return this.failureOf(outcome.value);
      return { ok: true, entries: readRunEntryList(outcome.value.result.entries) };
    } catch (err) {
      return internalError(err);
    }
  }

  /** What the running helper says about itself (starting one if needed); never cached. */
  async ping(): Promise<Outcome<HelperInfo>> {
    const version = this.registryVersion;
    const outcome = await this.enqueue(() => this.roundTrip('ping', {}, 'answering ping', version));
    if (!outcome.ok) return outcome;
    if (!outcome.value.ok) return { ok: false, kind: 'helm-error', error: outcome.value.message };
    const info = readHelperInfo(outcome.value.result);
    this.info = info;
    return { ok: true, value: info };
  }

  /** A helper is running and said it is ready: a question now costs one round trip, not HELM's import. */
  isReady(): boolean {
    return this.status().state === 'ready';
  }

  /** Starts the helper in the background when none runs and nothing says it cannot. */
  warmUp(): void {
    if (this.status().state === 'idle') void this.enqueue(() => this.ensureProcess(this.registryVersion));
  }

  status(): BridgeStatus {
    let state: BridgeState;
    if (this.disposed) state = 'disposed';
    else if (this.proc && !this.proc.exited) state = this.info && this.procReady ? 'ready' : 'starting';
    else if (this.unavailable && !this.mayRetry(this.unavailable, this.registryVersion, false)) state = 'unavailable';
    else state = 'idle';
    return {
      state,
      pythonPath: this.options.pythonPath,
      helm: this.info,
      pid: this.proc && !this.proc.exited ? this.proc.pid : undefined,
      lastError: this.lastError,
      starts: this.starts,
      roundTrips: this.roundTrips,
      cacheSize: this.cache.size,
    };
  }

  /** For the status item: HELM's verdict (which HELM), or static checks only and why. */
  checkStatus(): ExactCheckStatus {
    const { state } = this.status();
    if (state === 'ready' && this.info) return { exact: true, helmVersion: this.info.helmVersion, helmPath: this.info.helmPath };
    if (state === 'unavailable' || state === 'disposed') return { exact: false, reason: this.unavailable?.error ?? this.lastError ?? 'The HELM bridge was stopped' };
    return { exact: false, reason: `loading HELM with ${this.options.pythonPath}` };
  }

  /** Stops the helper (asking first, then killing its process group) and answers later requests with `unavailable`. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.cache.clear();
    const proc = this.proc;
    this.proc = undefined;
    if (proc) await proc.shutdown();
    this.fireState();
  }

  private question(description: string, filters: ExpansionFilters, entry: RunEntryFields, version: number): { key: string; params: { [key: string]: JsonValue } } {
    if (version !== this.cacheVersion) {
      this.cache.clear();
      this.cacheVersion = version;
    }
    // Empty lists and priority 0 are the settings' "no filter" (helm-run's flags left out).
    const params = {
      description: String(description),
      modelsToRun: filters.modelsToRun?.length ? filters.modelsToRun : null,
      priority: filters.priority || null,
      groupsToRun: filters.groupsToRun?.length ? filters.groupsToRun : null,
      entryPriority: entry.priority ?? null,
      groups: entry.groups ?? null,
    };
    return { key: JSON.stringify([version, params]), params };
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.add(work, 'interactive', undefined, () => undefined as never).promise;
  }

  private fireState(): void {
    for (const l of this.stateListeners) {
      try {
        l();
      } catch (err) {
        this.log(`HELM bridge listener: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  private async expandNow(params: { [key: string]: JsonValue }, version: number): Promise<BridgeResult> {
    try {
      const what = `expanding \`${String(params.description)}\``;
      const outcome = await this.roundTrip('expand', params, what, version);
      if (!outcome.ok) return outcome;
      const response = outcome.value;
      if (!response.ok) return this.failureOf(response);
      return { ok: true, runSpecs: readRunSpecs(response.result.runSpecs) };
    } catch (err) {
      return internalError(err);
    }
  }

  private failureOf(response: Extract<HelperResponse, { ok: false }>): BridgeFailure {
    const exception = { type: response.errorType, message: response.message, ...(response.frame ? { frame: response.frame } : {}) };
    if (response.refused?.length) {
      const first = response.refused[0];
      const doing = first.kind === 'download' ? `download ${first.what}` : first.kind === 'write' ? `write ${first.what}` : `run \`${first.what}\``;
      return { ok: false, kind: 'refused', error: `Building the RunSpec would ${doing}; the HELM bridge never does`, refused: response.refused, exception };
    }
    let message = `${response.errorType}: ${response.message}`;
    const pluginErrors = this.info?.pluginErrors ?? [];
    if (pluginErrors.length > 0 && /Unknown run spec name/.test(response.message)) {
      message += ` (plugins that failed to load: ${pluginErrors.join('; ')})`;
    }
    return { ok: false, kind: 'helm-error', error: message, exception };
  }

  private async roundTrip(method: string, params: { [key: string]: JsonValue }, what: string, version: number): Promise<Outcome<HelperResponse>> {
    const started = await this.ensureProcess(version);
    if (!started.ok) return started;
    const proc = started.value;
    this.roundTrips++;
    const outcome = await proc.request(method, params, this.timeoutMs, what);
    if (!outcome.ok) {
      this.lastError = outcome.error;
      this.log(outcome.error);
      // A crashed or timed-out helper is replaced on the next request.
      if (this.proc === proc) this.proc = undefined;
      if (!proc.exited) void proc.kill(outcome.kind === 'timeout' ? 'timeout' : 'failed request');
      this.fireState();
    }
    return outcome;
  }

  private mayRetry(blocked: NonNullable<HelmBridge['unavailable']>, version: number, checkFiles: boolean): boolean {
    if (blocked.version !== version || Date.now() >= blocked.until) return true;
    return checkFiles && this.fingerprint() !== blocked.fingerprint;
  }

  private fingerprint(): string {
    return interpreterFingerprint(this.options.pythonPath, this.options.cwd, helperEnv(this.options), this.options.helmSourcePath ? helmSourceRoot(this.options.helmSourcePath) : undefined);
  }

  private async ensureProcess(version: number): Promise<Outcome<HelperProcess>> {
    if (this.disposed) return { ok: false, kind: 'unavailable', error: 'The HELM bridge was stopped' };
    if (this.proc && (this.proc.exited || this.procVersion !== version)) {
      const old = this.proc;
      this.proc = undefined;
      if (!old.exited) {
        this.log('The registry changed: restarting the HELM helper');
        await old.shutdown();
      }
    }
    if (this.proc) return { ok: true, value: this.proc };
    const blocked = this.unavailable;
    if (blocked && !this.mayRetry(blocked, version, true)) return { ok: false, kind: 'unavailable', error: blocked.error };
    const helperPath = this.options.helperPath ?? locateHelperScript();
    if (!helperPath) {
      return this.markUnavailable(version, 'The HELM helper script (server/python/helm_bridge.py) is missing from this installation');
    }
    if (!this.options.pythonPath.trim()) {
      return this.markUnavailable(version, 'No Python interpreter is set; set helmConf.pythonPath');
    }
    if (!fs.existsSync(this.options.cwd)) {
      // Node reports a missing working folder as ENOENT, which would read as a missing interpreter.
      return this.markUnavailable(version, `The working folder \`${this.options.cwd}\` of the HELM helper does not exist`);
    }
    let proc: HelperProcess;
    let workDir: string | undefined;
    try {
      // os is loaded with the first helper, not at every start of the command line.
      const tempRoot = this.options.tempRoot ?? (require('os') as typeof import('os')).tmpdir();
      workDir = fs.mkdtempSync(path.join(tempRoot, 'helm-conf-bridge-'));
      proc = new HelperProcess({
        pythonPath: this.options.pythonPath,
        helperPath,
        args: helperArgs(this.options, workDir),
        cwd: this.options.cwd,
        env: helperEnv(this.options),
        log: this.log,
      });
    } catch (err) {
      // spawn throws synchronously on arguments it refuses (e.g. a NUL byte in a path).
      if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
      const message = err instanceof Error ? err.message : String(err);
      return this.markUnavailable(version, `Python interpreter \`${this.options.pythonPath}\` could not be started: ${message}`);
    }
    const folder = workDir;
    void proc.whenClosed().then(() => fs.rmSync(folder, { recursive: true, force: true }));
    this.proc = proc;
    this.procVersion = version;
    this.procReady = false;
    this.starts++;
    this.log(`Starting the HELM helper: ${this.options.pythonPath} ${helperPath}`);
    const ready = await withTimeout(proc.ready, this.startTimeoutMs);
    if (this.proc !== proc || this.disposed) {
      void proc.kill('stopped while starting');
      return { ok: false, kind: 'unavailable', error: 'The HELM bridge was stopped' };
    }
    if (ready === undefined) {
      this.proc = undefined;
      await proc.kill('did not start in time');
      const seconds = Math.round(this.startTimeoutMs / 1000);
      const tail = proc.stderrSummary();
      return this.markUnavailable(version, `HELM did not finish loading within ${seconds} s with ${this.options.pythonPath}; the helper was stopped${tail ? `; last output:\n${tail}` : ''}`);
    }
    if (!ready.ok) {
      this.proc = undefined;
      void proc.kill('could not load HELM');
      return { ...this.markUnavailable(version, ready.error), ...(ready.helmMissing ? { helmMissing: true } : {}) };
    }
    this.info = ready.value;
    this.procReady = true;
    this.unavailable = undefined;
    this.log(`HELM ${ready.value.helmVersion} ready (${ready.value.helmPath}, ${ready.value.python})`);
    for (const problem of ready.value.pluginErrors) this.log(`HELM plugin not loaded: ${problem}`);
    this.fireState();
    return { ok: true, value: proc };
  }

  private markUnavailable(version: number, error: string): BridgeFailure {
    const retry = this.options.retryUnavailableMs;
    const repeated = this.unavailable?.error === error;
    this.unavailable = { error, version, fingerprint: this.fingerprint(), until: retry === undefined ? Infinity : Date.now() + retry };
    this.lastError = error;
    // Said once: the next try comes only when something it depends on changed.
    if (!repeated) {
      this.log(`${error}. ${retry === undefined ? 'Static checks only until a setting, the interpreter or the workspace\'s HELM files change.' : ''}`.trim());
    }
    this.fireState();
    return { ok: false, kind: 'unavailable', error };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  if (ms <= 0) return promise;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    void promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

function internalError(err: unknown): BridgeFailure {
  return { ok: false, kind: 'unavailable', error: `HELM bridge failure: ${err instanceof Error ? err.message : String(err)}` };
}
