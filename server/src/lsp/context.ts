// What the LSP handlers share: the server's state (ServerContext), the client's initialization options, and error text for the log.
import type { Connection } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { HelmDiagnostic } from '../common/diagnostic';
import type { ExpansionFilters, HelmConfSettings } from '../common/protocol';
import type { HelmBridge } from '../expansion/helmBridge';
import type { LanguageService } from '../languageService';
import type { ConfFile } from '../parser/types';
import type { Registry } from '../registry/types';
import type { SourceLinkContext } from '../services/sourceLinks';
import type { WorkspaceConfFiles } from './documents';
import type { OpenRunnerConfig } from './runnerConfig';
import type { CompletionShape } from './serviceShapes';

/** What the client may pass in `initializationOptions`. */
export interface HelmInitializationOptions {
  /** The workspace is trusted: Python (installed HELM, the bridge) may run. Default false. */
  trusted?: boolean;
  /** Milliseconds between the last edit and the diagnostics (default 150; 0 for the benchmark). */
  diagnosticsDelay?: number;
  /** Settings for clients without `workspace/configuration`. */
  settings?: Partial<HelmConfSettings>;
  /** The client has the command `helmConf.insertSnippet` (protocol.ts): quick fixes may insert snippets through it. */
  insertSnippetCommand?: boolean;
}

/** An open document, its parse, and the revision both belong to (it changes with every change of the text). */
export interface OpenDocument {
  doc: TextDocument;
  conf: ConfFile;
  revision: number;
}

/** The server's state, shared by the feature handlers. */
export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly service: LanguageService;
  readonly workspaceFiles: WorkspaceConfFiles;
  settings(): HelmConfSettings;
  /** Resolves once the first settings are in (pulled from the client, or given at initialization). */
  readonly settingsReady: Promise<void>;
  trusted(): boolean;
  registry(): Registry;
  /** The open run entries document and its parse (parsed once per change of its text); undefined for runner_config.yaml. */
  open(uri: string): OpenDocument | undefined;
  /** The revision of the open document's text, without parsing it (0: not open). */
  revision(uri: string): number;
  /** The open document when it is a runner_config.yaml, and its parse. */
  runnerConfig(uri: string): OpenRunnerConfig | undefined;
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
  /** The client has the command that inserts a quick fix's snippet (INSERT_SNIPPET_COMMAND). */
  insertSnippetCommand(): boolean;
  /** Where links into HELM's and the user's source go: local files that exist, else HELM's public repository. */
  sourceLinks(): SourceLinkContext;
  /** How completion lists may be trimmed for this client: list-wide defaults (LSP 3.17 itemDefaults), details resolved later. */
  completionShape(): CompletionShape;
  /** The run-suite filters from the settings, for hover and code lens. */
  filters(): ExpansionFilters;
  log(message: string): void;
}

/** The first line of an error, for a one-line log entry. */
export function errorLine(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.split('\n')[0];
}

/**
 * Runs a handler; an exception is logged as one line on the connection console and the request gets
 * the empty answer, so one broken feature never takes the server down.
 */
export async function runSafe<T>(ctx: Pick<ServerContext, 'log'>, name: string, empty: T, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    ctx.log(`${name} failed: ${errorLine(err)}`);
    return empty;
  }
}
