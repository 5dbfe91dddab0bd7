// startServer: the LSP glue — capabilities, settings, trust, open documents, watched files; the handlers live in features.ts and formatting.ts.
import * as fs from 'fs';
import * as path from 'path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, FIX_ALL_KIND, SETTINGS_SECTION, TRUST_CHANGED_NOTIFICATION, type HelmConfSettings } from '../common/protocol';
import { HelmBridge } from '../expansion/helmBridge';
import { getLanguageService } from '../languageService';
import { warmUpRecovery } from '../parser/index';
import type { ConfFile } from '../parser/types';
import { isRunnerConfigPath } from '../runnerConfig/index';
import { loadSnapshot } from '../registry/snapshot';
import type { SourceLinkContext } from '../services/sourceLinks';
import { errorLine, type HelmInitializationOptions, type OpenDocument, type ServerContext } from './context';
import { DiagnosticsPublisher } from './diagnostics';
import { ExactDiagnostics } from './exactDiagnostics';
import { ParsedDocuments, WorkspaceConfFiles, fileToUri, uriToFile } from './documents';
import { callClient } from './clientCalls';
import { registerFeatures } from './features';
import { registerFormatting } from './formatting';
import { RunnerConfigDocuments } from './runnerConfig';
import { SyncedTextDocument } from './syncedDocument';
import { RegistryHost } from './registryHost';
import type { CompletionShape } from './serviceShapes';
import { helmSrcRoot, mergeSettings } from './settings';
import { WorkspaceDiagnostics } from './workspaceDiagnostics';

/** Default wait after the last edit before diagnostics are computed. */
const DEFAULT_DIAGNOSTICS_DELAY_MS = 150;
/** How long after its start the server warms up the recovering parse (parser/index.ts, warmUpRecovery). */
const RECOVERY_WARM_UP_DELAY_MS = 1000;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(SyncedTextDocument);
  const parsed = new ParsedDocuments();
  const workspaceFiles = new WorkspaceConfFiles();
  const service = getLanguageService();
  let settings: HelmConfSettings = DEFAULT_SETTINGS;
  let trusted = false;
  let folders: string[] = [];
  let canPullConfiguration = false;
  let canWatchFiles = false;
  let canRegisterConfiguration = false;
  let canWatchFolders = false;
  let snippetSupport = false;
  let insertSnippetCommand = false;
  let completionShape: CompletionShape = { itemDefaults: new Set(), resolveDetail: false };
  let bridge: HelmBridge | undefined;
  let bridgeKey = '';
  const log = (message: string): void => connection.console.log(message);
  const registryHost = new RegistryHost(log);
  // Diagnostics and formatting wait for the first settings pull: a document opened early is neither judged
  // nor formatted by the defaults.
  let settingsLoaded!: () => void;
  const settingsReady = new Promise<void>((resolve) => (settingsLoaded = resolve));

  const runnerConfigs = new RunnerConfigDocuments(documents, (uri) => parsed.revision(uri));
  const runnerConfig = (uri: string): ReturnType<RunnerConfigDocuments['get']> => runnerConfigs.get(uri);

  // runner_config.yaml is no run entries file: the conf features leave it to its own service.
  const open = (uri: string): OpenDocument | undefined => {
    const doc = documents.get(uri);
    if (!doc || isRunnerConfigPath(uri)) return undefined;
    return { doc, conf: parsed.get(uri, doc.getText()), revision: parsed.revision(uri) };
  };

  const localHelm = (): string | undefined => helmSrcRoot(settings.helmSourcePath, folders) ?? registryHost.helmSrcRoot();
  const sourceLinks = (): SourceLinkContext => ({ helmSrcRoot: localHelm(), helmCommit: loadSnapshot().helmCommit });

  const diagnostics = new DiagnosticsPublisher(
    {
      connection,
      documents,
      service,
      open,
      revision: (uri) => parsed.revision(uri),
      runnerConfig,
      registry: () => registryHost.registry(),
      settings: () => settings,
      settingsReady,
      sourceLinks,
      log,
    },
    DEFAULT_DIAGNOSTICS_DELAY_MS,
  );

  const workspaceDiagnostics = new WorkspaceDiagnostics({
    connection,
    service,
    files: workspaceFiles,
    registry: () => registryHost.registry(),
    settings: () => settings,
    sourceLinks,
    folders: () => folders,
    filesExclude: async () =>
      canPullConfiguration
        ? callClient('workspace/configuration (files.exclude)', log, () =>
            connection.workspace.getConfiguration({ section: 'files.exclude', scopeUri: folders[0] ? fileToUri(folders[0]) : undefined }),
          )
        : undefined,
    isOpen: (uri) => documents.get(uri) !== undefined,
    busy: () => diagnostics.busy(),
    log,
  });

  const ctx: ServerContext = {
    connection,
    documents,
    service,
    workspaceFiles,
    settings: () => settings,
    settingsReady,
    trusted: () => trusted,
    registry: () => registryHost.registry(),
    open,
    revision: (uri) => parsed.revision(uri),
    runnerConfig,
    allConfs: () => {
      const openConfs = documents.all().flatMap((d) => {
        const o = open(d.uri);
        return o ? [{ uri: d.uri, conf: o.conf }] : [];
      });
      return workspaceFiles.all(openConfs);
    },
    diagnostics: (uri) => diagnostics.of(uri),
    helmSrcRoot: localHelm,
    sourceLinks,
    insertSnippetCommand: () => insertSnippetCommand,
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
  const exact = new ExactDiagnostics({ ...ctx, republish: (uri) => diagnostics.republish(uri) });
  diagnostics.exact = exact;

  // ------------------------------------------------------------ settings, trust, registry, bridge

  const applySettings = (): void => {
    diagnostics.settingsChanged();
    registryHost.configure({ settings, folders, trusted });
    const wantBridge = trusted && settings.exactExpansion;
    const key = wantBridge ? JSON.stringify([settings.pythonPath, settings.helmSourcePath, settings.localPath, settings.plugins, folders[0]]) : '';
    if (key !== bridgeKey) {
      const old = bridge;
      if (old) void callClient('stopping the HELM bridge', log, () => old.dispose());
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
        bridge.onDidChangeState(() => {
          exact.reset(false);
          diagnostics.scheduleAll();
        });
      }
    }
    exact.reset(true);
    diagnostics.scheduleAll();
    workspaceDiagnostics.invalidateAll();
  };

  const pullSettings = async (): Promise<void> => {
    if (!canPullConfiguration) return;
    const value: unknown = await callClient('workspace/configuration', log, () =>
      connection.workspace.getConfiguration({ section: SETTINGS_SECTION, scopeUri: folders[0] ? fileToUri(folders[0]) : undefined }),
    );
    // A refused or failed request keeps the settings in hand.
    settings = mergeSettings(settings, value);
  };

  registryHost.onDidChange(() => {
    bridge?.setRegistryVersion(registryHost.registry().version);
    diagnostics.publishRegistryProblems(registryHost.problems());
    diagnostics.scheduleAll();
    workspaceDiagnostics.invalidateAll();
  });

  // ------------------------------------------------------------ lifecycle

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as HelmInitializationOptions;
    trusted = init.trusted === true;
    if (typeof init.diagnosticsDelay === 'number' && init.diagnosticsDelay >= 0) diagnostics.delayMs = init.diagnosticsDelay;
    if (init.settings && typeof init.settings === 'object') settings = mergeSettings(settings, init.settings);
    insertSnippetCommand = init.insertSnippetCommand === true;
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
    // LSP 3.17 pull diagnostics where the client has them (VS Code): it asks, and an unchanged result costs one line.
    diagnostics.pull = !!caps.textDocument?.diagnostic;
    diagnostics.canRefresh = !!caps.workspace?.diagnostics?.refreshSupport;
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
        codeLensProvider: { resolveProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        ...(diagnostics.pull ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'helm-conf-language-server', version: readVersion() },
    };
  });

  connection.onInitialized(async () => {
    try {
      if (canRegisterConfiguration) {
        // files.exclude too: the workspace check leaves out what it excludes.
        const section = [SETTINGS_SECTION, 'files.exclude'];
        void callClient('client/registerCapability (configuration)', log, () => connection.client.register(DidChangeConfigurationNotification.type, { section }));
      }
      if (canWatchFiles) {
        // The registry's own files (model YAMLs of the local path, plugin .py files) are among these.
        const globs = ['**/model_deployments.yaml', '**/model_metadata.yaml', '**/*.py', '**/*.conf'];
        void callClient('client/registerCapability (watched files)', log, () =>
          connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: globs.map((globPattern) => ({ globPattern })) }),
        );
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
      diagnostics.publishRegistryProblems(registryHost.problems());
    } catch (err) {
      log(`initialization: ${errorLine(err)}`);
    } finally {
      settingsLoaded();
    }
    // While the user opens and reads, not at the first syntax error typed.
    setTimeout(() => {
      try {
        warmUpRecovery();
      } catch (err) {
        log(`warm-up of the recovering parse: ${errorLine(err)}`);
      }
    }, RECOVERY_WARM_UP_DELAY_MS).unref();
  });

  connection.onDidChangeConfiguration(async (change) => {
    try {
      if (canPullConfiguration) await pullSettings();
      else {
        const section = (change.settings as { [SETTINGS_SECTION]?: unknown } | null)?.[SETTINGS_SECTION];
        if (section) settings = mergeSettings(settings, section);
      }
      applySettings();
    } catch (err) {
      log(`settings change: ${errorLine(err)}`);
    }
  });

  connection.onNotification(TRUST_CHANGED_NOTIFICATION, async (params: { trusted?: boolean }) => {
    const next = params?.trusted === true;
    if (next === trusted) return;
    trusted = next;
    try {
      // What the client answers may depend on trust (VS Code's hands over its interpreter only then).
      if (canPullConfiguration) await pullSettings();
      applySettings();
    } catch (err) {
      log(`trust change: ${errorLine(err)}`);
    }
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const file = uriToFile(change.uri);
      if (!file) continue;
      if (file.endsWith('.conf')) {
        workspaceFiles.invalidate(file);
        workspaceDiagnostics.fileChanged();
        // Compared by path: a client may encode the uri of a change otherwise than the document's.
        for (const doc of documents.all()) if (uriToFile(doc.uri) === file) diagnostics.fileChanged(doc.uri);
      } else registryHost.fileChanged(file);
    }
  });

  documents.onDidOpen((e) => workspaceDiagnostics.opened(e.document.uri));
  documents.onDidChangeContent((e) => {
    parsed.changed(e.document.uri);
    diagnostics.edited(e.document.uri);
  });
  documents.onDidClose((e) => {
    parsed.delete(e.document.uri);
    runnerConfigs.delete(e.document.uri);
    // A workspace file's problems stay in the Problems panel: those of its copy on disk.
    diagnostics.closed(e.document.uri, workspaceDiagnostics.closed(e.document.uri));
  });

  connection.onShutdown(async () => {
    diagnostics.dispose();
    workspaceDiagnostics.dispose();
    await bridge?.dispose();
    bridge = undefined;
    registryHost.dispose();
  });

  connection.languages.diagnostics.on(async (p, token) => {
    try {
      return await diagnostics.report(p.textDocument.uri, p.previousResultId, token);
    } catch (err) {
      log(`diagnostics failed for ${p.textDocument.uri}: ${errorLine(err)}`);
      return { kind: 'full', items: [] };
    }
  });

  registerFeatures(ctx);
  registerFormatting(ctx);
  documents.listen(connection);
  connection.listen();
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
