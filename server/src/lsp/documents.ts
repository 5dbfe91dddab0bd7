// Parsed conf files: open documents parsed once per version, and the workspace's conf files on disk (by mtime).
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { readUserFile } from '../common/userFiles';
import { parseConf } from '../parser/index';
import { updateConf } from '../parser/incremental';
import type { ConfFile } from '../parser/types';

/** Conf files helm-run reads; the same patterns as the language's file associations. */
export const CONF_FILE_PATTERN = /^(run_entries|run_specs).*\.conf$/;

/**
 * Open documents: the parse of the latest text of each uri (parsed once per change, incrementally when
 * possible). Keyed by a revision that changes with every change of the text, not by the version the
 * client sends: a client may repeat a version, and its new text must not get the old parse.
 */
export class ParsedDocuments {
  private readonly cache = new Map<string, { revision: number; conf: ConfFile }>();
  private readonly revisions = new Map<string, number>();
  private lastRevision = 0;

  /** The document was opened or its text changed. */
  changed(uri: string): void {
    this.revisions.set(uri, ++this.lastRevision);
  }

  /** A number that changes with every change of the document's text (0: not open). */
  revision(uri: string): number {
    return this.revisions.get(uri) ?? 0;
  }

  get(uri: string, text: string): ConfFile {
    const revision = this.revision(uri);
    const hit = this.cache.get(uri);
    if (hit && hit.revision === revision) return hit.conf;
    // A newer text re-reads only the entry an edit falls in; the older parse is handed over.
    const conf = hit ? updateConf(hit.conf, text) : parseConf(text);
    this.cache.set(uri, { revision, conf });
    return conf;
  }

  delete(uri: string): void {
    this.cache.delete(uri);
    this.revisions.delete(uri);
  }
}

/** Folders never worth scanning for conf files. */
const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', 'benchmark_output']);
const MAX_DIRS = 5000;
/** Without file watching (some clients have none), the listing is taken again after this long. */
const LISTING_TTL_MS = 10_000;

/** The workspace's conf files on disk, rescanned on demand, each parsed again only when its mtime changes. */
export class WorkspaceConfFiles {
  private folders: string[] = [];
  private readonly parsed = new Map<string, { mtimeMs: number; size: number; conf: ConfFile }>();
  private list?: string[];
  private listedAt = 0;

  setFolders(folders: string[]): void {
    this.folders = [...folders];
    this.list = undefined;
  }

  /** A conf file was created, changed or deleted on disk. */
  invalidate(file?: string): void {
    this.list = undefined;
    if (file) this.parsed.delete(file);
  }

  /** Paths of every conf file under the workspace folders. */
  files(): string[] {
    if (!this.list || Date.now() - this.listedAt > LISTING_TTL_MS) {
      const out: string[] = [];
      let budget = MAX_DIRS;
      const walk = (dir: string): void => {
        if (budget-- <= 0) return;
        let names: fs.Dirent[];
        try {
          names = fs.readdirSync(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const d of names) {
          if (d.isDirectory()) {
            if (!SKIPPED_DIRS.has(d.name) && !d.name.startsWith('.')) walk(path.join(dir, d.name));
          } else if (d.isFile() && CONF_FILE_PATTERN.test(d.name)) out.push(path.join(dir, d.name));
        }
      };
      for (const f of this.folders) walk(f);
      this.list = out.sort();
      this.listedAt = Date.now();
    }
    return this.list;
  }

  /** The parse of a file on disk, or undefined when it cannot be read (or is not a regular file: a FIFO, a device). */
  read(file: string): ConfFile | undefined {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      return undefined;
    }
    const hit = this.parsed.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.conf;
    const read = readUserFile(file);
    if (!read.ok) return undefined;
    const conf = parseConf(read.text);
    this.parsed.set(file, { mtimeMs: read.mtimeMs, size: read.size, conf });
    return conf;
  }

  /**
   * Every conf file of the workspace, with open documents (their unsaved text) in place of the disk
   * copy, and open documents outside the workspace too.
   */
  all(open: ReadonlyArray<{ uri: string; conf: ConfFile }>): Array<{ uri: string; conf: ConfFile }> {
    const out = [...open];
    // Compare by path: clients encode uris differently (`%3A`, case of the drive letter).
    const openFiles = new Set(open.map((o) => uriToFile(o.uri)).filter((f): f is string => !!f));
    for (const file of this.files()) {
      if (openFiles.has(file)) continue;
      const uri = fileToUri(file);
      const conf = this.read(file);
      if (conf) out.push({ uri, conf });
    }
    return out;
  }
}

/** `file:` uri of an absolute path. */
export function fileToUri(file: string): string {
  return pathToFileURL(file).href;
}

/** The path of a `file:` uri; undefined for other schemes or a malformed uri. */
export function uriToFile(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
