// Diagnostics of the workspace's closed conf files: checked in the background (static mode, files.exclude honoured), one file at a time, never while someone types.
import * as fs from 'fs';
import * as path from 'path';
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import type { HelmConfSettings } from '../common/protocol';
import type { LanguageService } from '../languageService';
import type { Registry } from '../registry/types';
import type { SourceLinkContext } from '../services/sourceLinks';
import { callClient } from './clientCalls';
import { toLspDiagnostic } from './convert';
import { withDiskEncoding } from './diskEncoding';
import { fileToUri, uriToFile, type WorkspaceConfFiles } from './documents';
import { excludeMatcher } from './globs';
import { validationSettings } from './settings';

export interface WorkspaceDiagnosticsHost {
  readonly connection: Pick<Connection, 'sendDiagnostics'>;
  readonly service: Pick<LanguageService, 'validate' | 'collapseRepeats'>;
  readonly files: WorkspaceConfFiles;
  registry(): Registry;
  settings(): HelmConfSettings;
  sourceLinks(): SourceLinkContext;
  /** The workspace folders (absolute paths). */
  folders(): string[];
  /** The client's `files.exclude` (the glob → true map), or undefined when it cannot tell. */
  filesExclude(): Promise<unknown>;
  /** Is this document open in the editor (its diagnostics are the open document's)? */
  isOpen(uri: string): boolean;
  /** Did the user type, or are diagnostics of an open document pending? The scan waits. */
  busy(): boolean;
  log(message: string): void;
}

/** Wait after a change before scanning: a burst of file events (a git checkout) makes one scan. */
const SETTLE_MS = 300;
/** While the user types, look again this often. */
const BUSY_RETRY_MS = 100;
/** Bigger files are left to the moment they are opened: reading one takes too long to stay off the typing path. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class WorkspaceDiagnostics {
  /** Per closed file: what its diagnostics were computed from, to skip it when nothing changed. */
  private readonly done = new Map<string, string>();
  /** Uris whose diagnostics this class published (cleared when the file goes or the feature is turned off). */
  private readonly published = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private running: Promise<void> | undefined;
  private settingsGeneration = 0;
  /** The `files.exclude` test of the last scan. */
  private excluded: (relativePath: string) => boolean = () => false;

  constructor(private readonly host: WorkspaceDiagnosticsHost) {}

  /** Settings, registry or folders changed: every file is checked again. */
  invalidateAll(): void {
    this.settingsGeneration++;
    this.schedule();
  }

  /** A conf file changed, appeared or went away on disk. */
  fileChanged(): void {
    this.schedule();
  }

  /** A document was closed: its diagnostics become those of the file on disk again. True when they will be published. */
  closed(uri: string): boolean {
    const file = uriToFile(uri);
    if (!file || !this.host.settings().workspaceDiagnostics || !this.host.files.files().includes(file) || this.isExcluded(file)) return false;
    this.done.delete(file);
    this.schedule(0);
    return true;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.generation++;
  }

  private isExcluded(file: string): boolean {
    const folder = this.host.folders().find((f) => file.startsWith(f + path.sep));
    return !!folder && this.excluded(path.relative(folder, file).split(path.sep).join('/'));
  }

  private schedule(delay = SETTLE_MS): void {
    if (this.timer) clearTimeout(this.timer);
    const generation = ++this.generation;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.start(generation);
    }, delay);
  }

  private async start(generation: number): Promise<void> {
    // One scan at a time: a newer request waits for the one in flight, which stops at its next file.
    await this.running;
    if (generation !== this.generation) return;
    this.running = this.scan(generation).catch((err: unknown) => this.host.log(`workspace diagnostics: ${err instanceof Error ? err.message : String(err)}`));
    await this.running;
    this.running = undefined;
  }

  private async scan(generation: number): Promise<void> {
    const { host } = this;
    const current = (): boolean => generation === this.generation;
    if (!host.settings().workspaceDiagnostics) {
      this.clear(new Set());
      return;
    }
    this.excluded = excludeMatcher(await host.filesExclude());
    if (!current()) return;
    host.files.invalidate();
    const files = host.files.files().filter((file) => !this.isExcluded(file));
    const keep = new Set(files.map(fileToUri));
    this.clear(keep);
    const started = Date.now();
    let waited = 0;
    let checked = 0;
    for (const file of files) {
      while (host.busy()) {
        const w = Date.now();
        await sleep(BUSY_RETRY_MS);
        waited += Date.now() - w;
        if (!current()) return;
      }
      if (!current()) return;
      if (this.check(file)) checked++;
      await nextTurn();
    }
    host.log(`workspace diagnostics: ${checked} of ${files.length} conf files checked in ${Date.now() - started - waited} ms${waited ? ` (and ${waited} ms waiting for typing to pause)` : ''}`);
  }

  /** One closed file: read (parsed again only when it changed on disk), checked, published; false when skipped. */
  private check(file: string): boolean {
    const { host } = this;
    const uri = fileToUri(file);
    if (host.isOpen(uri)) return false;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return false;
    }
    if (stat.size > MAX_FILE_BYTES) return false;
    const registry = host.registry();
    const key = `${stat.mtimeMs}:${stat.size}:${registry.version}:${this.settingsGeneration}`;
    if (this.done.get(file) === key && this.published.has(uri)) return false;
    const conf = host.files.read(file);
    if (!conf) return false;
    const settings = validationSettings(host.settings());
    const found = withDiskEncoding(uri, conf, host.service.validate(conf, registry, settings), settings.rules);
    const links = host.sourceLinks();
    const diagnostics = host.service.collapseRepeats(conf, found).map((d) => toLspDiagnostic(d, conf.lines, uri, links, host.settings().hintsInProblems));
    // Opened while it was read: the open document's diagnostics stand.
    if (host.isOpen(uri)) return false;
    this.done.set(file, key);
    this.published.add(uri);
    this.send(uri, diagnostics);
    return true;
  }

  /** Clears what was published for files no longer checked (deleted, excluded, the feature off), unless open. */
  private clear(keep: ReadonlySet<string>): void {
    for (const uri of [...this.published]) {
      if (keep.has(uri)) continue;
      this.published.delete(uri);
      const file = uriToFile(uri);
      if (file) this.done.delete(file);
      if (!this.host.isOpen(uri)) this.send(uri, []);
    }
  }

  /**
   * An open document took over. The disk copy's diagnostics go: a client that pulls the open
   * document's diagnostics keeps them apart from pushed ones, and would show both.
   */
  opened(uri: string): void {
    if (this.published.delete(uri)) this.send(uri, []);
  }

  private send(uri: string, diagnostics: Diagnostic[]): void {
    void callClient('textDocument/publishDiagnostics', this.host.log, () => this.host.connection.sendDiagnostics({ uri, diagnostics }));
  }
}
