// The HELM bridge: exact RunSpecs from HELM itself through the Python helper, with a cache, timeouts and restarts.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ExpansionFilters } from '../common/protocol';
import { HelperProcess, HelperResponse, Outcome, readHelperInfo } from './helmBridgeProcess';
import { locateHelperScript } from './helmBridgeLocate';
import {
  BridgeFailure,
  BridgeResult,
  BridgeState,
  BridgeStatus,
  ExactRunSpec,
  HelmBridgeOptions,
  HelperInfo,
  JsonValue,
  ObjectSpecJson,
  ReadRunEntriesResult,
  RunEntryFields,
  RunEntryJson,
} from './helmBridgeTypes';

export * from './helmBridgeTypes';

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_START_TIMEOUT_MS = 90_000;
const DEFAULT_RETRY_UNAVAILABLE_MS = 30_000;
/** Cached answers kept; a workspace has a few thousand entries at most. */
const CACHE_LIMIT = 5000;

export class HelmBridge {
  private readonly timeoutMs: number;
  private readonly startTimeoutMs: number;
  private readonly retryUnavailableMs: number;
  private readonly log: (message: string) => void;
  private registryVersion: number;
  private proc?: HelperProcess;
  private procVersion = 0;
  /** The running helper said it is ready. */
  private procReady = false;
  private info?: HelperInfo;
  private unavailable?: { error: string; until: number; version: number };
  /** Requests go to the helper one at a time, so each timeout measures HELM's work only. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly cache = new Map<string, Promise<BridgeResult>>();
  private cacheVersion: number;
  private starts = 0;
  private roundTrips = 0;
  private lastError?: string;
  private disposed = false;

  constructor(private readonly options: HelmBridgeOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    this.retryUnavailableMs = options.retryUnavailableMs ?? DEFAULT_RETRY_UNAVAILABLE_MS;
    this.log = options.log ?? (() => undefined);
    this.registryVersion = options.registryVersion ?? 0;
    this.cacheVersion = this.registryVersion;
  }

  /** The registry changed (configs, plugins): later requests reload HELM and skip the old answers. */
  setRegistryVersion(version: number): void {
    this.registryVersion = version;
  }

  /**
   * The RunSpecs HELM builds for one run entry, with helm-run's `--models-to-run`, `--priority` and
   * `--groups-to-run`. Never throws; repeated questions are answered from the cache.
   */
  expand(
    description: string,
    filters: ExpansionFilters = {},
    entry: RunEntryFields = {},
    call: { registryVersion?: number } = {},
  ): Promise<BridgeResult> {
    try {
      const version = call.registryVersion ?? this.registryVersion;
      if (version !== this.cacheVersion) {
        this.cache.clear();
        this.cacheVersion = version;
      }
      const params = {
        description: String(description),
        modelsToRun: filters.modelsToRun ?? null,
        priority: filters.priority ?? null,
        groupsToRun: filters.groupsToRun ?? null,
        entryPriority: entry.priority ?? null,
        groups: entry.groups ?? null,
      };
      const key = JSON.stringify([version, params]);
      const cached = this.cache.get(key);
      if (cached) {
        this.cache.delete(key); // keep the most recent answers at the end
        this.cache.set(key, cached);
        return cached;
      }
      const answer = this.enqueue(() => this.expandNow(params, version));
      this.cache.set(key, answer);
      if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
      // Timeouts and a missing HELM are not answers about the entry: ask again next time.
      void answer.then((result) => {
        if (!result.ok && result.kind !== 'helm-error' && this.cache.get(key) === answer) this.cache.delete(key);
      });
      return answer;
    } catch (err) {
      return Promise.resolve(internalError(err));
    }
  }

  /** The run entries of conf files as helm-run reads them (HELM's own HOCON reading); never cached. */
  async readRunEntries(paths: string[]): Promise<ReadRunEntriesResult> {
    try {
      const version = this.registryVersion;
      const what = `reading ${paths.join(', ')}`;
      const outcome = await this.enqueue(() => this.roundTrip('readRunEntries', { paths: paths.map(String) }, what, version));
      if (!outcome.ok) return outcome;
      if (!outcome.value.ok) return { ok: false, kind: 'helm-error', error: this.helmErrorMessage(outcome.value) };
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

  status(): BridgeStatus {
    let state: BridgeState;
    if (this.disposed) state = 'disposed';
    else if (this.proc && !this.proc.exited) state = this.info && this.procReady ? 'ready' : 'starting';
    else if (this.unavailable && Date.now() < this.unavailable.until) state = 'unavailable';
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

  /** Stops the helper (asking first, then killing its process group) and answers later requests with `unavailable`. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.cache.clear();
    const proc = this.proc;
    this.proc = undefined;
    if (proc) await proc.shutdown();
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async expandNow(params: { [key: string]: JsonValue }, version: number): Promise<BridgeResult> {
    try {
      const what = `expanding \`${String(params.description)}\``;
      const outcome = await this.roundTrip('expand', params, what, version);
      if (!outcome.ok) return outcome;
      const response = outcome.value;
      if (!response.ok) return { ok: false, kind: 'helm-error', error: this.helmErrorMessage(response) };
      return { ok: true, runSpecs: readRunSpecs(response.result.runSpecs) };
    } catch (err) {
      return internalError(err);
    }
  }

  private helmErrorMessage(response: Extract<HelperResponse, { ok: false }>): string {
    let message = `${response.errorType}: ${response.message}`;
    const pluginErrors = this.info?.pluginErrors ?? [];
    if (pluginErrors.length > 0 && /Unknown run spec name/.test(response.message)) {
      message += ` (plugins that failed to load: ${pluginErrors.join('; ')})`;
    }
    return message;
  }

  private async roundTrip(
    method: string,
    params: { [key: string]: JsonValue },
    what: string,
    version: number,
  ): Promise<Outcome<HelperResponse>> {
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
    }
    return outcome;
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
    if (blocked && blocked.version === version && Date.now() < blocked.until) {
      return { ok: false, kind: 'unavailable', error: blocked.error };
    }
    this.unavailable = undefined;
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
    try {
      proc = new HelperProcess({
        pythonPath: this.options.pythonPath,
        helperPath,
        args: this.helperArgs(),
        cwd: this.options.cwd,
        env: this.helperEnv(),
        log: this.log,
      });
    } catch (err) {
      // spawn throws synchronously on arguments it refuses (e.g. a NUL byte in a path).
      const message = err instanceof Error ? err.message : String(err);
      return this.markUnavailable(version, `Python interpreter \`${this.options.pythonPath}\` could not be started: ${message}`);
    }
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
      const error = `HELM did not finish loading within ${seconds} s with ${this.options.pythonPath}${tail ? `; last output:\n${tail}` : ''}`;
      const failure = this.markUnavailable(version, error);
      return { ...failure, kind: 'timeout' };
    }
    if (!ready.ok) {
      this.proc = undefined;
      void proc.kill('could not load HELM');
      return this.markUnavailable(version, ready.error);
    }
    this.info = ready.value;
    this.procReady = true;
    this.log(`HELM ${ready.value.helmVersion} ready (${ready.value.helmPath}, ${ready.value.python})`);
    for (const problem of ready.value.pluginErrors) this.log(`HELM plugin not loaded: ${problem}`);
    return { ok: true, value: proc };
  }

  private markUnavailable(version: number, error: string): BridgeFailure {
    this.unavailable = { error, version, until: Date.now() + this.retryUnavailableMs };
    this.lastError = error;
    this.log(error);
    return { ok: false, kind: 'unavailable', error };
  }

  private helperArgs(): string[] {
    const outputPath = this.options.outputPath ?? path.join(os.tmpdir(), 'helm-conf-benchmark-output');
    const args = ['--local-path', this.options.localPath || 'prod_env', '--output-path', outputPath];
    for (const plugin of this.options.plugins) if (plugin) args.push('--plugin', plugin);
    return args;
  }

  private helperEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, ...(this.options.env ?? {}) };
    const source = this.options.helmSourcePath ? helmSourceRoot(this.options.helmSourcePath) : undefined;
    if (source) env.PYTHONPATH = env.PYTHONPATH ? `${source}${path.delimiter}${env.PYTHONPATH}` : source;
    env.PYTHONUNBUFFERED = '1';
    env.PYTHONIOENCODING = 'utf-8';
    return env;
  }
}

/** The folder to put on PYTHONPATH for a HELM checkout: the one holding the `helm` package. */
function helmSourceRoot(checkout: string): string | undefined {
  for (const candidate of [path.join(checkout, 'src'), checkout]) {
    if (fs.existsSync(path.join(candidate, 'helm'))) return candidate;
  }
  return undefined;
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

function isObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readObjectSpec(value: unknown): ObjectSpecJson | null {
  if (!isObject(value)) return null;
  return { className: String(value.className ?? ''), args: isObject(value.args) ? value.args : {} };
}

function readRunEntryList(value: JsonValue | undefined): RunEntryJson[] {
  if (!Array.isArray(value)) return [];
  const entries: RunEntryJson[] = [];
  for (const item of value) {
    if (!isObject(item) || typeof item.description !== 'string') continue;
    entries.push({
      description: item.description,
      priority: typeof item.priority === 'number' ? item.priority : null,
      groups: Array.isArray(item.groups) ? item.groups.map(String) : null,
    });
  }
  return entries;
}

/** The helper's RunSpecs, checked field by field (a malformed one is skipped, never trusted). */
function readRunSpecs(value: JsonValue | undefined): ExactRunSpec[] {
  if (!Array.isArray(value)) return [];
  const runSpecs: ExactRunSpec[] = [];
  for (const item of value) {
    if (!isObject(item) || typeof item.name !== 'string') continue;
    runSpecs.push({
      name: item.name,
      scenarioSpec: readObjectSpec(item.scenarioSpec),
      adapterSpec: isObject(item.adapterSpec) ? item.adapterSpec : {},
      metricSpecs: Array.isArray(item.metricSpecs)
        ? item.metricSpecs.map(readObjectSpec).filter((m): m is ObjectSpecJson => m !== null)
        : [],
      groups: Array.isArray(item.groups) ? item.groups.map(String) : [],
      annotators: Array.isArray(item.annotators)
        ? item.annotators.map(readObjectSpec).filter((a): a is ObjectSpecJson => a !== null)
        : null,
      dataAugmenterSpec: item.dataAugmenterSpec ?? null,
    });
  }
  return runSpecs;
}
