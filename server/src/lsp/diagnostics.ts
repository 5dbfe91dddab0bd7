// Diagnostics of open documents: computed in slices once per text, registry and settings, with HELM's answers as they arrive; pulled by the client (LSP 3.17, unchanged reports) or pushed after a pause in typing.
import {
  DiagnosticRefreshRequest,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type PublishDiagnosticsParams,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { HelmDiagnostic } from '../common/diagnostic';
import type { HelmConfSettings } from '../common/protocol';
import type { LanguageService } from '../languageService';
import type { Registry, RegistryProblem } from '../registry/types';
import type { SourceLinkContext } from '../services/sourceLinks';
import { callClient } from './clientCalls';
import { errorLine, type OpenDocument } from './context';
import { sameDiagnostics, toLspDiagnostic, toLspDiagnosticsInSlices } from './convert';
import { diskEncodingKey, withDiskEncoding } from './diskEncoding';
import { fileToUri } from './documents';
import type { ExactDiagnostics } from './exactDiagnostics';
import { runnerConfigService, type OpenRunnerConfig } from './runnerConfig';
import { inSlices } from './slices';
import { validationSettings } from './settings';

export interface DiagnosticsHost {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly service: LanguageService;
  open(uri: string): OpenDocument | undefined;
  /** The document's revision (see ParsedDocuments), without parsing it. */
  revision(uri: string): number;
  runnerConfig(uri: string): OpenRunnerConfig | undefined;
  registry(): Registry;
  settings(): HelmConfSettings;
  /** Resolves once the first settings are in: a document opened early is not judged by defaults. */
  settingsReady: Promise<void>;
  /** Where links into HELM's and the user's source go (related information). */
  sourceLinks(): SourceLinkContext;
  log(message: string): void;
}

/** After an edit, the server counts as busy with typing this long (background work waits). */
const TYPING_MS = 500;

/** What was computed for one text, registry and settings (`key`): the static diagnostics, and the client's form of the last list shown. */
interface Computed {
  key: string;
  diagnostics: HelmDiagnostic[];
  /** `items` converts `shown` (the static diagnostics, or those with HELM's answers merged in). */
  shown?: HelmDiagnostic[];
  items?: Diagnostic[];
}

export class DiagnosticsPublisher {
  private readonly cache = new Map<string, Computed>();
  /** The pending push of each document, as a way to cancel it. */
  private readonly timers = new Map<string, () => void>();
  /** Pull: the last full report of each document, which a later pull may find unchanged. */
  private readonly reported = new Map<string, { resultId: string; items: Diagnostic[] }>();
  private settingsGeneration = 0;
  private resultIds = 0;
  private registryProblemUris = new Set<string>();
  /** HELM's own verdicts, added to the static diagnostics once they arrive (trusted workspaces with HELM). */
  exact?: ExactDiagnostics;
  /** The client pulls (`textDocument/diagnostic`): nothing is pushed for open documents. */
  pull = false;
  /** The client re-pulls when asked (`workspace/diagnostic/refresh`). */
  canRefresh = false;
  private lastEdit = 0;
  /** Pull requests being answered. */
  private reporting = 0;

  constructor(
    private readonly host: DiagnosticsHost,
    /** Milliseconds between the last edit and a push; 0: as soon as the messages received are handled. */
    public delayMs: number,
  ) {}

  /** The settings changed: every cached answer is stale. */
  settingsChanged(): void {
    this.settingsGeneration++;
  }

  /** The diagnostics of the open document's current text, at once (quick fixes need them in hand): the static ones, and HELM's answers already in. */
  of(uri: string): HelmDiagnostic[] {
    const runnerConfig = this.host.runnerConfig(uri);
    if (runnerConfig) return this.ofRunnerConfig(uri, runnerConfig);
    const o = this.host.open(uri);
    if (!o) return [];
    const key = this.keyOf(o);
    let computed = this.cache.get(uri);
    if (computed?.key !== key) {
      const settings = validationSettings(this.host.settings());
      computed = { key, diagnostics: withDiskEncoding(uri, o.conf, this.host.service.validate(o.conf, this.host.registry(), settings), settings.rules) };
      this.cache.set(uri, computed);
    }
    return this.exact ? this.exact.merge(o.conf, computed.diagnostics) : computed.diagnostics;
  }

  /** HELM's answers came in: the document's diagnostics go out again (pushed now, or the client asked to pull). */
  republish(uri: string): void {
    if (this.pull) this.refresh();
    else void this.publish(uri, false);
  }

  private ofRunnerConfig(uri: string, open: OpenRunnerConfig): HelmDiagnostic[] {
    const key = `${this.host.revision(uri)}:${this.settingsGeneration}`;
    const hit = this.cache.get(uri);
    if (hit && hit.key === key) return hit.diagnostics;
    const diagnostics = runnerConfigService.validate(open.parsed, this.host.settings().rules);
    this.cache.set(uri, { key, diagnostics });
    return diagnostics;
  }

  /** The pull request: a full report, or `unchanged` when the client's last result still holds. */
  async report(uri: string, previousResultId: string | undefined, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    this.reporting++;
    try {
      return await this.reportNow(uri, previousResultId, token);
    } finally {
      this.reporting--;
    }
  }

  private async reportNow(uri: string, previousResultId: string | undefined, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    await this.host.settingsReady;
    // Until the items are of the text in hand: an edit during the work starts it again (the client
    // usually cancels this request then, and asks again).
    let items: Diagnostic[] | undefined;
    while (!items) {
      if (token.isCancellationRequested || !this.host.documents.get(uri)) return { kind: 'full', items: [] };
      items = await this.items(uri, () => !token.isCancellationRequested);
    }
    this.askHelm(uri);
    const last = this.reported.get(uri);
    if (last && last.resultId === previousResultId && (last.items === items || sameDiagnostics(last.items, items))) {
      last.items = items;
      return { kind: 'unchanged', resultId: last.resultId };
    }
    const resultId = String(++this.resultIds);
    this.reported.set(uri, { resultId, items });
    return { kind: 'full', resultId, items };
  }

  /** The user typed a moment ago, or diagnostics of an open document are pending (pushed or pulled). */
  busy(): boolean {
    return this.timers.size > 0 || this.reporting > 0 || Date.now() - this.lastEdit < TYPING_MS;
  }

  /** An open document's text changed. */
  edited(uri: string): void {
    this.lastEdit = Date.now();
    this.schedule(uri);
  }

  /** The open document's file changed on disk: what its text says of the file may have changed. */
  fileChanged(uri: string): void {
    if (this.pull) this.refresh();
    else this.schedule(uri);
  }

  /** The document's text changed: a push after the pause (a pulling client asks by itself). */
  schedule(uri: string): void {
    if (this.pull) return;
    this.timers.get(uri)?.();
    const run = (): void => {
      this.timers.delete(uri);
      void this.publish(uri);
    };
    // Without a delay, as soon as the messages already received are handled (a 0 ms timer waits 1 ms).
    if (this.delayMs > 0) {
      const t = setTimeout(run, this.delayMs);
      this.timers.set(uri, () => clearTimeout(t));
    } else {
      const i = setImmediate(run);
      this.timers.set(uri, () => clearImmediate(i));
    }
  }

  /** The registry or the settings changed: every open document again (a pulling client is asked to pull). */
  scheduleAll(): void {
    if (this.pull) this.refresh();
    else for (const d of this.host.documents.all()) this.schedule(d.uri);
  }

  /** The document closed: nothing pending, nothing cached, its problems cleared (unless `replaced`: those of the file on disk follow). */
  closed(uri: string, replaced = false): void {
    this.timers.get(uri)?.();
    this.timers.delete(uri);
    this.cache.delete(uri);
    this.reported.delete(uri);
    this.exact?.closed(uri);
    if (!this.pull && !replaced) this.send({ uri, diagnostics: [] });
  }

  dispose(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  /** Problems of the registry's own files (model YAMLs, plugins), on those files (pushed: no document of those is open as a conf file). */
  publishRegistryProblems(problems: readonly RegistryProblem[]): void {
    const byUri = new Map<string, Diagnostic[]>();
    for (const p of problems) {
      const uri = fileToUri(p.file);
      const list = byUri.get(uri) ?? [];
      const pos = { line: p.line, character: p.character };
      list.push({ range: { start: pos, end: pos }, severity: 1, source: 'helm-conf', message: p.message });
      byUri.set(uri, list);
    }
    for (const uri of this.registryProblemUris) if (!byUri.has(uri)) this.send({ uri, diagnostics: [] });
    for (const [uri, diagnostics] of byUri) this.send({ uri, diagnostics });
    this.registryProblemUris = new Set(byUri.keys());
  }

  private keyOf(o: OpenDocument): string {
    // The file on disk counts too while the text shows bytes of it that are not UTF-8 (a save makes them UTF-8).
    return `${o.revision}:${this.host.registry().version}:${this.settingsGeneration}:${diskEncodingKey(o.doc.uri, o.conf.text)}`;
  }

  private refresh(): void {
    if (this.canRefresh) void callClient('workspace/diagnostic/refresh', this.host.log, () => this.host.connection.sendRequest(DiagnosticRefreshRequest.type));
  }

  /** After the static diagnostics are out: HELM is asked about the entries of this text it has not answered yet. */
  private askHelm(uri: string): void {
    const o = this.exact && !this.host.runnerConfig(uri) ? this.host.open(uri) : undefined;
    if (o) this.exact?.check(uri, o.revision, o.conf);
  }

  /**
   * The client's diagnostics of the document's current text, computed in slices with a turn of the
   * event loop between them (a hover or a keystroke is served meanwhile). Undefined when the text,
   * the registry or the settings changed meanwhile, the document closed, or `wanted` says no.
   */
  private async items(uri: string, wanted: () => boolean): Promise<Diagnostic[] | undefined> {
    const runnerConfig = this.host.runnerConfig(uri);
    if (runnerConfig) {
      // A runner_config.yaml is a few lines: checked at once.
      const diagnostics = this.ofRunnerConfig(uri, runnerConfig);
      const computed = this.cache.get(uri);
      if (!computed) return diagnostics.map((d) => toLspDiagnostic(d, runnerConfig.doc, uri));
      computed.items ??= diagnostics.map((d) => toLspDiagnostic(d, runnerConfig.doc, uri));
      return computed.items;
    }
    const o = this.host.open(uri);
    if (!o) return undefined;
    const key = this.keyOf(o);
    const current = (): boolean => wanted() && this.host.documents.get(uri) === o.doc && this.keyOf({ ...o, revision: this.host.revision(uri) }) === key;
    let computed = this.cache.get(uri);
    if (computed?.key !== key) {
      const settings = validationSettings(this.host.settings());
      const steps = this.host.service.validateInSlices(o.conf, this.host.registry(), settings);
      const diagnostics = await inSlices(steps, current);
      if (!diagnostics) return undefined;
      computed = { key, diagnostics: withDiskEncoding(uri, o.conf, diagnostics, settings.rules) };
      this.cache.set(uri, computed);
    }
    // HELM's answers already in (the same list when there are none: its conversion is kept).
    const shown = this.exact ? this.exact.merge(o.conf, computed.diagnostics) : computed.diagnostics;
    if (computed.shown !== shown || !computed.items) {
      // Repeats of one message say "Same as line N" (the quick fixes keep matching: by code and range).
      const collapsed = this.host.service.collapseRepeats(o.conf, shown);
      const hintsAsInformation = this.host.settings().hintsInProblems;
      const items = await inSlices(toLspDiagnosticsInSlices(collapsed, o.doc, uri, this.host.sourceLinks(), hintsAsInformation), current);
      if (!items) return undefined;
      computed.shown = shown;
      computed.items = items;
    }
    return computed.items;
  }

  private send(params: PublishDiagnosticsParams): void {
    void callClient('textDocument/publishDiagnostics', this.host.log, () => this.host.connection.sendDiagnostics(params));
  }

  private async publish(uri: string, askHelm = true): Promise<void> {
    try {
      const doc = this.host.documents.get(uri);
      if (!doc) return;
      const version = doc.version;
      const revision = this.host.revision(uri);
      await this.host.settingsReady;
      // The registry in hand is used (the snapshot until a slower source loads; its change revalidates).
      // A change of the text meanwhile has its own push coming: this one gives up.
      if (this.host.revision(uri) !== revision) return;
      const items = await this.items(uri, () => this.host.revision(uri) === revision);
      if (!items) return;
      this.send({ uri, version, diagnostics: items });
      if (askHelm) this.askHelm(uri);
    } catch (err) {
      this.host.log(`diagnostics failed for ${uri}: ${errorLine(err)}`);
    }
  }
}
