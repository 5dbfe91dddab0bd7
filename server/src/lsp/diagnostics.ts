// Diagnostics of open documents: computed once per version, registry and settings; published after a pause in typing, never stale.
import type { Connection, Diagnostic, PublishDiagnosticsParams, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { HelmDiagnostic } from '../common/diagnostic';
import type { HelmConfSettings } from '../common/protocol';
import type { LanguageService } from '../languageService';
import type { ConfFile } from '../parser/types';
import type { Registry, RegistryProblem } from '../registry/types';
import { callClient } from './clientCalls';
import { errorLine, type OpenDocument } from './context';
import { toLspDiagnostic } from './convert';
import { fileToUri } from './documents';
import type { ExactDiagnostics } from './exactDiagnostics';
import { runnerConfigService, type OpenRunnerConfig } from './runnerConfig';

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
  log(message: string): void;
}

export class DiagnosticsPublisher {
  private readonly cache = new Map<string, { key: string; diagnostics: HelmDiagnostic[] }>();
  /** The pending run of each document, as a way to cancel it. */
  private readonly timers = new Map<string, () => void>();
  private settingsGeneration = 0;
  private registryProblemUris = new Set<string>();
  /** HELM's own verdicts, added to the static diagnostics once they arrive (trusted workspaces with HELM). */
  exact?: ExactDiagnostics;

  constructor(
    private readonly host: DiagnosticsHost,
    /** Milliseconds between the last edit and the diagnostics; 0: as soon as the messages received are handled. */
    public delayMs: number,
  ) {}

  /** The settings changed: every cached answer is stale. */
  settingsChanged(): void {
    this.settingsGeneration++;
  }

  /** The diagnostics of the open document's current version: the static ones, and HELM's answers already in. */
  of(uri: string): HelmDiagnostic[] {
    const runnerConfig = this.host.runnerConfig(uri);
    if (runnerConfig) return this.ofRunnerConfig(uri, runnerConfig);
    const o = this.host.open(uri);
    if (!o) return [];
    const registry = this.host.registry();
    const key = `${o.revision}:${registry.version}:${this.settingsGeneration}`;
    const hit = this.cache.get(uri);
    let diagnostics: HelmDiagnostic[];
    if (hit && hit.key === key) diagnostics = hit.diagnostics;
    else {
      const settings = this.host.settings();
      diagnostics = this.host.service.validate(o.conf, registry, { rules: settings.rules, modelsToRun: settings.runSuite.modelsToRun });
      this.cache.set(uri, { key, diagnostics });
    }
    return this.exact ? this.exact.merge(o.conf, diagnostics) : diagnostics;
  }

  /** Publishes the document's current version again now (HELM's answers came in). */
  republish(uri: string): void {
    void this.publish(uri, false);
  }

  private ofRunnerConfig(uri: string, open: OpenRunnerConfig): HelmDiagnostic[] {
    const key = `${this.host.revision(uri)}:${this.settingsGeneration}`;
    const hit = this.cache.get(uri);
    if (hit && hit.key === key) return hit.diagnostics;
    const diagnostics = runnerConfigService.validate(open.parsed, this.host.settings().rules);
    this.cache.set(uri, { key, diagnostics });
    return diagnostics;
  }

  schedule(uri: string): void {
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

  scheduleAll(): void {
    for (const d of this.host.documents.all()) this.schedule(d.uri);
  }

  /** The document closed: nothing pending, nothing cached, its problems cleared. */
  closed(uri: string): void {
    this.timers.get(uri)?.();
    this.timers.delete(uri);
    this.cache.delete(uri);
    this.exact?.closed(uri);
    this.send({ uri, diagnostics: [] });
  }

  dispose(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  /** Problems of the registry's own files (model YAMLs, plugins), on those files. */
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

  private send(params: PublishDiagnosticsParams): void {
    void callClient('textDocument/publishDiagnostics', this.host.log, () => this.host.connection.sendDiagnostics(params));
  }

  private async publish(uri: string, askHelm = true): Promise<void> {
    const { documents } = this.host;
    try {
      const doc = documents.get(uri);
      if (!doc) return;
      const version = doc.version;
      const revision = this.host.revision(uri);
      await this.host.settingsReady;
      // The registry in hand is used (the snapshot until a slower source loads; its change revalidates).
      // The document may have changed (or closed) meanwhile: never publish a stale text.
      if (this.host.revision(uri) !== revision) return;
      const diagnostics: Diagnostic[] = this.of(uri).map((d) => toLspDiagnostic(d, doc, uri));
      if (this.host.revision(uri) !== revision) return;
      this.send({ uri, version, diagnostics });
      // After the static diagnostics are out: HELM is asked about the entries it has not answered yet.
      const conf = askHelm && !this.host.runnerConfig(uri) ? this.host.open(uri)?.conf : undefined;
      if (conf) this.exact?.check(uri, version, conf);
    } catch (err) {
      this.host.log(`diagnostics failed for ${uri}: ${errorLine(err)}`);
    }
  }
}
