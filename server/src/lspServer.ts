// startServer: the LSP glue — capabilities, settings, trust, open documents, debounced diagnostics, watched files.
import * as fs from 'fs';
import * as path from 'path';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { HelmDiagnostic } from './common/diagnostic';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, type ExpansionFilters, type HelmConfSettings } from './common/protocol';
import { ParsedDocuments, WorkspaceConfFiles, fileToUri, uriToFile } from './documents';
import { getLanguageService, type LanguageService } from './languageService';
import type { ConfFile } from './parser/types';
import type { Registry } from './registry/types';
import { HelmBridge } from './expansion/helmBridge';
import { registerFeatures } from './lspFeatures';
import { toLspDiagnostic } from './lspConvert';
import type { CompletionShape } from './lspServiceShapes';
import { RegistryHost } from './registryHost';

/** Default wait after the last edit before diagnostics are computed. */
const DEFAULT_DIAGNOSTICS_DELAY_MS = 150;

/** What the client may pass in `initializationOptions`. */
export interface HelmInitializationOptions {
  /** The workspace is trusted: Python (installed HELM, the bridge) may run. Default false. */
  trusted?: boolean;
  /** Milliseconds between the last edit and the diagnostics (default 150; 0 for the benchmark). */
  diagnosticsDelay?: number;
  /** Settings for clients without `workspace/configuration`. */
  settings?: Partial<HelmConfSettings>;
}

/** Notification from the client when workspace trust changes: `{ trusted: boolean }`. */
export const TRUST_CHANGED_NOTIFICATION = 'helmConf/trustChanged';

/** The server's state, shared by the feature handlers. */
export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly service: LanguageService;
  readonly workspaceFiles: WorkspaceConfFiles;
  settings(): HelmConfSettings;
  trusted(): boolean;
  registry(): Registry;
  /** The open document and its parse (parsed once per version). */
  open(uri: string): { doc: TextDocument; conf: ConfFile } | undefined;
  /** Open conf documents plus the workspace's conf files on disk. */
  allConfs(): Array<{ uri: string; conf: ConfFile }>;
  /** The diagnostics of the open document's current version (cached per version, registry and settings). */
  diagnostics(uri: string): HelmDiagnostic[];
  /** HELM's `src/` folder (holding the `helm` package) when known: where snapshot paths point. */
  helmSrcRoot(): string | undefined;
  /** The exact-expansion bridge, when trusted and `exactExpansion` is on. */
  bridge(): HelmBridge | undefined;
  /** The client accepts snippets in completion items. */
  snippetSupport(): boolean;
  /** How completion lists may be trimmed for this client: list-wide defaults (LSP 3.17 itemDefaults), details resolved later. */
  completionShape(): CompletionShape;
  /** The run-suite filters from the settings, for hover and code lens. */
  filters(): ExpansionFilters;
  log(message: string): void;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const parsed = new ParsedDocuments();
  const workspaceFiles = new WorkspaceConfFiles();
  const service = getLanguageService();
  let settings: HelmConfSettings = DEFAULT_SETTINGS;
  let settingsGeneration = 0;
  let trusted = false;
  let delayMs = DEFAULT_DIAGNOSTICS_DELAY_MS;
  let folders: string[] = [];
  let canPullConfiguration = false;
  let canWatchFiles = false;
  let canRegisterConfiguration = false;
  let canWatchFolders = false;
  let snippetSupport = false;
  let completionShape: CompletionShape = { itemDefaults: new Set(), resolveDetail: false };
  let bridge: HelmBridge | undefined;
  let bridgeKey = '';
  const log = (message: string): void => connection.console.log(message);
  const registryHost = new RegistryHost(log);
  const diagnosticCache = new Map<string, { key: string; diagnostics: HelmDiagnostic[] }>();
  /** The pending diagnostics run of each document, as a way to cancel it. */
  const timers = new Map<string, () => void>();
  let registryProblemUris = new Set<string>();
  // Diagnostics wait for the first settings pull, so a document opened early is not judged by defaults.
  let settingsLoaded!: () => void;
  const settingsReady = new Promise<void>((resolve) => (settingsLoaded = resolve));

  const open = (uri: string): { doc: TextDocument; conf: ConfFile } | undefined => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    return { doc, conf: parsed.get(uri, doc.version, doc.getText()) };
  };

  const diagnosticsOf = (uri: string): HelmDiagnostic[] => {
    const o = open(uri);
    if (!o) return [];
    const registry = registryHost.registry();
    const key = `${o.doc.version}:${registry.version}:${settingsGeneration}`;
    const hit = diagnosticCache.get(uri);
    if (hit && hit.key === key) return hit.diagnostics;
    const diagnostics = service.validate(o.conf, registry, { rules: settings.rules, modelsToRun: settings.runSuite.modelsToRun });
    diagnosticCache.set(uri, { key, diagnostics });
    return diagnostics;
  };

  const ctx: ServerContext = {
    connection,
    documents,
    service,
    workspaceFiles,
    settings: () => settings,
    trusted: () => trusted,
    registry: () => registryHost.registry(),
    open,
    allConfs: () => {
      const openConfs = documents.all().flatMap((d) => {
        const o = open(d.uri);
        return o ? [{ uri: d.uri, conf: o.conf }] : [];
      });
      return workspaceFiles.all(openConfs);
    },
    diagnostics: diagnosticsOf,
    helmSrcRoot: () => helmSrcRoot(settings.helmSourcePath, folders) ?? registryHost.helmSrcRoot(),
    bridge: () => bridge,
    snippetSupport: () => snippetSupport,
    completionShape: () => completionShape,
    filters: () => ({
      modelsToRun: settings.runSuite.modelsToRun,
      priority: settings.runSuite.priority,
      groupsToRun: settings.runSuite.groupsToRun,
    }),
    log,
  };

  // ------------------------------------------------------------ diagnostics

  const publish = async (uri: string): Promise<void> => {
    try {
      const doc = documents.get(uri);
      if (!doc) return;
      const version = doc.version;
      await settingsReady;
      // The registry in hand is used (the snapshot until a slower source loads; its change revalidates).
      // The document may have changed (or closed) meanwhile: never publish a stale version.
      if (documents.get(uri)?.version !== version) return;
      const diagnostics: Diagnostic[] = diagnosticsOf(uri).map((d) => toLspDiagnostic(d, doc, uri));
      if (documents.get(uri)?.version !== version) return;
      void connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (err) {
      log(`diagnostics failed for ${uri}: ${errorLine(err)}`);
    }
  };

  const schedule = (uri: string): void => {
    timers.get(uri)?.();
    const run = (): void => {
      timers.delete(uri);
      void publish(uri);
    };
    // Without a delay, as soon as the messages already received are handled (a 0 ms timer waits 1 ms).
    if (delayMs > 0) {
      const t = setTimeout(run, delayMs);
      timers.set(uri, () => clearTimeout(t));
    } else {
      const i = setImmediate(run);
      timers.set(uri, () => clearImmediate(i));
    }
  };

  const revalidateAll = (): void => {
    for (const d of documents.all()) schedule(d.uri);
  };

  const publishRegistryProblems = (): void => {
    const byUri = new Map<string, Diagnostic[]>();
    for (const p of registryHost.problems()) {
      const uri = fileToUri(p.file);
      const list = byUri.get(uri) ?? [];
      const pos = { line: p.line, character: p.character };
      list.push({ range: { start: pos, end: pos }, severity: 1, source: 'helm-conf', message: p.message });
      byUri.set(uri, list);
    }
    for (const uri of registryProblemUris) if (!byUri.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    for (const [uri, diagnostics] of byUri) void connection.sendDiagnostics({ uri, diagnostics });
    registryProblemUris = new Set(byUri.keys());
  };

  // ------------------------------------------------------------ settings, trust, registry, bridge

  const applySettings = (): void => {
    settingsGeneration++;
    registryHost.configure({ settings, folders, trusted });
    const wantBridge = trusted && settings.exactExpansion;
    const key = wantBridge ? JSON.stringify([settings.pythonPath, settings.helmSourcePath, settings.localPath, settings.plugins, folders[0]]) : '';
    if (key !== bridgeKey) {
      void bridge?.dispose();
      bridge = undefined;
      bridgeKey = key;
      if (wantBridge) {
        bridge = new HelmBridge({
          pythonPath: settings.pythonPath || 'python3',
          cwd: folders[0] ?? process.cwd(),
          localPath: settings.localPath,
          plugins: settings.plugins,
          helmSourcePath: settings.helmSourcePath || undefined,
          registryVersion: registryHost.registry().version,
          log,
        });
      }
    }
    revalidateAll();
  };

  const pullSettings = async (): Promise<void> => {
    if (!canPullConfiguration) return;
    try {
      const value: unknown = await connection.workspace.getConfiguration({ section: SETTINGS_SECTION, scopeUri: folders[0] ? fileToUri(folders[0]) : undefined });
      settings = mergeSettings(settings, value);
    } catch (err) {
      log(`could not read the helmConf settings: ${errorLine(err)}`);
    }
  };

  registryHost.onDidChange(() => {
    bridge?.setRegistryVersion(registryHost.registry().version);
    publishRegistryProblems();
    revalidateAll();
  });

  // ------------------------------------------------------------ lifecycle

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as HelmInitializationOptions;
    trusted = init.trusted === true;
    if (typeof init.diagnosticsDelay === 'number' && init.diagnosticsDelay >= 0) delayMs = init.diagnosticsDelay;
    if (init.settings && typeof init.settings === 'object') settings = mergeSettings(settings, init.settings);
    folders = (params.workspaceFolders ?? []).map((f) => uriToFile(f.uri)).filter((f): f is string => !!f);
    if (!folders.length && params.rootUri) {
      const root = uriToFile(params.rootUri);
      if (root) folders = [root];
    }
    workspaceFiles.setFolders(folders);
    const caps = params.capabilities;
    canPullConfiguration = !!caps.workspace?.configuration;
    canWatchFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canRegisterConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    canWatchFolders = !!caps.workspace?.workspaceFolders;
    snippetSupport = !!caps.textDocument?.completion?.completionItem?.snippetSupport;
    completionShape = {
      itemDefaults: new Set(caps.textDocument?.completion?.completionList?.itemDefaults ?? []),
      resolveDetail: !!caps.textDocument?.completion?.completionItem?.resolveSupport?.properties.includes('detail'),
    };
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [':', ',', '=', '"'], resolveProvider: true },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: service.semanticTokenLegend, full: { delta: true }, range: false },
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'helm-conf-language-server', version: readVersion() },
    };
  });

  connection.onInitialized(async () => {
    try {
      if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      if (canWatchFiles) {
        // The registry's own files (model YAMLs of the local path, plugin .py files) are among these.
        const globs = ['**/model_deployments.yaml', '**/model_metadata.yaml', '**/*.py', '**/*.conf'];
        void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: globs.map((globPattern) => ({ globPattern })) });
      }
      if (canWatchFolders) {
        connection.workspace.onDidChangeWorkspaceFolders((e) => {
          const removed = new Set(e.removed.map((f) => uriToFile(f.uri)));
          folders = folders.filter((f) => !removed.has(f)).concat(e.added.map((f) => uriToFile(f.uri)).filter((f): f is string => !!f));
          workspaceFiles.setFolders(folders);
          applySettings();
        });
      }
      await pullSettings();
      applySettings();
      publishRegistryProblems();
    } catch (err) {
      log(`initialization: ${errorLine(err)}`);
    } finally {
      settingsLoaded();
    }
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (canPullConfiguration) await pullSettings();
    else {
      const section = (change.settings as { [SETTINGS_SECTION]?: unknown } | null)?.[SETTINGS_SECTION];
      if (section) settings = mergeSettings(settings, section);
    }
    applySettings();
  });

  connection.onNotification(TRUST_CHANGED_NOTIFICATION, (params: { trusted?: boolean }) => {
    const next = params?.trusted === true;
    if (next === trusted) return;
    trusted = next;
    applySettings();
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const file = uriToFile(change.uri);
      if (!file) continue;
      if (file.endsWith('.conf')) workspaceFiles.invalidate(file);
      else registryHost.fileChanged(file);
    }
  });

  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    timers.get(e.document.uri)?.();
    timers.delete(e.document.uri);
    parsed.delete(e.document.uri);
    diagnosticCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onShutdown(async () => {
    for (const cancel of timers.values()) cancel();
    timers.clear();
    await bridge?.dispose();
    bridge = undefined;
    registryHost.dispose();
  });

  registerFeatures(ctx);
  documents.listen(connection);
  connection.listen();
}

/** The settings the client sent, over the defaults; wrong types are ignored (never throws). */
export function mergeSettings(base: HelmConfSettings, value: unknown): HelmConfSettings {
  if (!value || typeof value !== 'object') return base;
  const v = value as Record<string, unknown>;
  const str = (x: unknown, d: string): string => (typeof x === 'string' ? x : d);
  const strs = (x: unknown, d: string[]): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : d);
  const num = (x: unknown, d: number): number => (typeof x === 'number' && Number.isFinite(x) ? x : d);
  const rs = (v.runSuite && typeof v.runSuite === 'object' ? v.runSuite : {}) as Record<string, unknown>;
  const rules: HelmConfSettings['rules'] = {};
  if (v.rules && typeof v.rules === 'object') {
    for (const [k, s] of Object.entries(v.rules as Record<string, unknown>)) {
      if (s === 'error' || s === 'warning' || s === 'info' || s === 'hint' || s === 'off') rules[k] = s;
    }
  }
  return {
    pythonPath: str(v.pythonPath, base.pythonPath),
    helmSourcePath: str(v.helmSourcePath, base.helmSourcePath),
    plugins: strs(v.plugins, base.plugins),
    localPath: str(v.localPath, base.localPath) || DEFAULT_SETTINGS.localPath,
    rules: v.rules && typeof v.rules === 'object' ? rules : base.rules,
    exactExpansion: typeof v.exactExpansion === 'boolean' ? v.exactExpansion : base.exactExpansion,
    runSuite: {
      suite: str(rs.suite, base.runSuite.suite),
      maxEvalInstances: num(rs.maxEvalInstances, base.runSuite.maxEvalInstances),
      modelsToRun: strs(rs.modelsToRun, base.runSuite.modelsToRun),
      priority: num(rs.priority, base.runSuite.priority),
      groupsToRun: strs(rs.groupsToRun, base.runSuite.groupsToRun),
    },
  };
}

/** The folder holding the `helm` package in a HELM checkout given by the user (`src/helm` or `helm`). */
function helmSrcRoot(helmSourcePath: string, folders: string[]): string | undefined {
  if (!helmSourcePath) return undefined;
  const base = path.isAbsolute(helmSourcePath) ? helmSourcePath : path.join(folders[0] ?? process.cwd(), helmSourcePath);
  for (const candidate of [path.join(base, 'src'), base]) {
    if (fs.existsSync(path.join(candidate, 'helm', 'benchmark'))) return candidate;
  }
  return undefined;
}

export function errorLine(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.split('\n')[0];
}

function readVersion(): string {
  for (const candidate of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', '..', 'package.json')]) {
    try {
      return (JSON.parse(fs.readFileSync(candidate, 'utf8')) as { version: string }).version;
    } catch {
      // the next layout: bundle in dist/, or tsc output in out/server/src/
    }
  }
  return 'unknown';
}
