// Exact diagnostics: every entry of an open conf file also built by HELM through the bridge, in the background, after the static diagnostics; and the status that says whether they are on.
import type { Connection } from 'vscode-languageserver/node';
import type { HelmDiagnostic } from '../common/diagnostic';
import { EXACT_STATUS_NOTIFICATION, EXACT_STATUS_REQUEST, type ExactCheckStatus, type ExpansionFilters, type HelmConfSettings } from '../common/protocol';
import type { BridgeResult, CancelToken, HelmBridge } from '../expansion/helmBridge';
import type { ConfFile, RunEntry } from '../parser/types';
import type { Registry } from '../registry/types';
import { exactQuestion, withExactDiagnostics, type ExactVerdict } from '../services/exactChecks';
import { callClient } from './clientCalls';
import { errorLine } from './context';

export interface ExactHost {
  readonly connection: Connection;
  bridge(): HelmBridge | undefined;
  trusted(): boolean;
  settings(): HelmConfSettings;
  filters(): ExpansionFilters;
  registry(): Registry;
  /** The revision of the open document's text (it changes with every change of the text, whatever its version number). */
  revision(uri: string): number;
  /** Publish the document's diagnostics again (its current version): new answers from HELM are in. */
  republish(uri: string): void;
  log(message: string): void;
}

/** While answers come in for a large file, the diagnostics are published again at most this often. */
const PARTIAL_PUBLISH_MS = 500;

class Cancellation implements CancelToken {
  isCancellationRequested = false;
}

export class ExactDiagnostics {
  /** Per document: the question set already asked (text revision, registry, filters) and its cancellation. */
  private readonly asked = new Map<string, { key: string; token: Cancellation }>();
  private lastStatus = '';
  /**
   * HELM's answer per entry object, once it arrived: a keystroke re-reads only the entry it touched, so
   * the others keep their object and their answer needs no cache key built again.
   */
  private readonly answers = new WeakMap<RunEntry, { bridge: HelmBridge; key: string; result: BridgeResult }>();
  /** The last merge of each static list: the same answers give the same list, whose LSP form is kept. */
  private readonly merged = new WeakMap<HelmDiagnostic[], { conf: ConfFile; results: BridgeResult[]; shown: HelmDiagnostic[] }>();

  constructor(private readonly host: ExactHost) {
    host.connection.onRequest(EXACT_STATUS_REQUEST, () => this.status());
  }

  /** The bridge to ask, when the workspace is trusted, exact checking is on and HELM is not known to be missing. */
  private activeBridge(): HelmBridge | undefined {
    const bridge = this.host.bridge();
    if (!bridge || !this.host.trusted() || !this.host.settings().exactExpansion) return undefined;
    return bridge;
  }

  /** The static diagnostics with HELM's answers that have already arrived (never waits). */
  merge(conf: ConfFile, staticDiagnostics: HelmDiagnostic[]): HelmDiagnostic[] {
    const bridge = this.activeBridge();
    if (!bridge) return staticDiagnostics;
    const filters = this.host.filters();
    const version = this.host.registry().version;
    const key = `${version}:${JSON.stringify(filters)}`;
    const verdicts: ExactVerdict[] = [];
    for (const entry of conf.entries) {
      const result = this.answerOf(bridge, entry, filters, version, key);
      if (result && !result.ok) verdicts.push({ entry, result });
    }
    if (!verdicts.length) return staticDiagnostics;
    const results = verdicts.map((v) => v.result);
    const last = this.merged.get(staticDiagnostics);
    if (last && last.conf === conf && last.results.length === results.length && last.results.every((r, i) => r === results[i])) return last.shown;
    const shown = withExactDiagnostics(conf, staticDiagnostics, verdicts, this.host.settings().rules);
    this.merged.set(staticDiagnostics, { conf, results, shown });
    return shown;
  }

  /**
   * Asks HELM, in the background lane, about every entry of this revision of the text whose answer is not
   * in yet; the questions of an older text that are still waiting are dropped. Publishes again as answers come.
   */
  check(uri: string, revision: number, conf: ConfFile): void {
    try {
      const bridge = this.activeBridge();
      if (!bridge || bridge.status().state === 'unavailable' || bridge.status().state === 'disposed') return;
      const filters = this.host.filters();
      const registryVersion = this.host.registry().version;
      const key = JSON.stringify([revision, registryVersion, filters]);
      const before = this.asked.get(uri);
      if (before?.key === key) return;
      if (before) before.token.isCancellationRequested = true;
      const token = new Cancellation();
      this.asked.set(uri, { key, token });
      const pending: Array<Promise<BridgeResult>> = [];
      const answerKey = `${registryVersion}:${JSON.stringify(filters)}`;
      for (const entry of conf.entries) {
        const q = exactQuestion(entry);
        if (!q || this.answerOf(bridge, entry, filters, registryVersion, answerKey)) continue;
        pending.push(bridge.expand(q.description, filters, q.fields, { registryVersion, lane: 'background', token }));
      }
      if (pending.length === 0) return;
      const timer = setInterval(() => this.republishIfCurrent(uri, revision, token), PARTIAL_PUBLISH_MS);
      void Promise.all(pending).then(() => {
        clearInterval(timer);
        this.republishIfCurrent(uri, revision, token);
      });
    } catch (err) {
      this.host.log(`exact diagnostics failed for ${uri}: ${errorLine(err)}`);
    }
  }

  /** The document closed: its questions still waiting are dropped. */
  closed(uri: string): void {
    const before = this.asked.get(uri);
    if (before) before.token.isCancellationRequested = true;
    this.asked.delete(uri);
  }

  /**
   * The bridge's state, trust or settings changed: every document is asked again, and the status item
   * told. `cancel`: the questions still waiting are dropped too (they are about another HELM or filters).
   */
  reset(cancel: boolean): void {
    if (cancel) for (const { token } of this.asked.values()) token.isCancellationRequested = true;
    this.asked.clear();
    this.sendStatus();
  }

  status(): ExactCheckStatus {
    if (!this.host.trusted()) return { exact: false, reason: 'the workspace is not trusted, so no Python runs' };
    if (!this.host.settings().exactExpansion) return { exact: false, reason: 'helmConf.exactExpansion is off' };
    const bridge = this.host.bridge();
    if (!bridge) return { exact: false, reason: 'the HELM bridge is not running' };
    return bridge.checkStatus();
  }

  /** Tells the client when the status changed. */
  sendStatus(): void {
    const status = this.status();
    const text = JSON.stringify(status);
    if (text === this.lastStatus) return;
    this.lastStatus = text;
    void callClient(EXACT_STATUS_NOTIFICATION, this.host.log, () => this.host.connection.sendNotification(EXACT_STATUS_NOTIFICATION, status));
  }

  /** HELM's answer for the entry when it has arrived (never asks). */
  private answerOf(bridge: HelmBridge, entry: RunEntry, filters: ExpansionFilters, version: number, key: string): BridgeResult | undefined {
    const known = this.answers.get(entry);
    if (known && known.bridge === bridge && known.key === key) return known.result;
    const q = exactQuestion(entry);
    const result = q && bridge.peek(q.description, filters, q.fields, version);
    // Only answers about the entry are kept (a missing HELM or an abandoned question is asked again).
    if (result && (result.ok || (result.kind !== 'unavailable' && result.kind !== 'cancelled'))) this.answers.set(entry, { bridge, key, result });
    return result;
  }

  private republishIfCurrent(uri: string, revision: number, token: Cancellation): void {
    if (token.isCancellationRequested || this.host.revision(uri) !== revision) return;
    this.host.republish(uri);
  }
}
