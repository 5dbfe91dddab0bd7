// Where a link to a place in HELM's or the user's source goes: the local file when it exists, else HELM's public repository at the snapshot's commit.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

/** HELM's public repository: where a snapshot path is found when no HELM is installed. */
export const HELM_REPOSITORY = 'https://github.com/stanford-crfm/helm';

export interface SourceLinkContext {
  /** The folder holding the `helm` package (HELM's `src/`), when an installed HELM or a checkout is known. */
  helmSrcRoot?: string;
  /** The HELM commit the bundled snapshot was read from (40 hex digits), for links to the public repository. */
  helmCommit?: string;
  /** Whether a file exists (default: on disk). */
  exists?: (file: string) => boolean;
}

/** A link: a `file:` uri of a file that exists, or an `https:` uri of HELM's source on GitHub; 0-based line. */
export interface SourceLink {
  uri: string;
  line: number;
}

/** What the disk said about a file, and when: diagnostics are converted after every keystroke, files seldom come and go. */
const seen = new Map<string, { exists: boolean; at: number }>();
const SEEN_MS = 5000;

const onDisk = (file: string): boolean => {
  const now = Date.now();
  const hit = seen.get(file);
  if (hit && now - hit.at < SEEN_MS) return hit.exists;
  let exists = false;
  try {
    exists = fs.statSync(file).isFile();
  } catch {
    exists = false;
  }
  if (seen.size > 10_000) seen.clear();
  seen.set(file, { exists, at: now });
  return exists;
};

/**
 * The link to line `line` (0-based) of `file`: an absolute path (installed HELM, plugin, the workspace's
 * model YAMLs) or a path relative to HELM's `src/` (the bundled snapshot). Undefined rather than a
 * link to a file that does not exist.
 */
export function sourceLink(file: string, line: number, ctx: SourceLinkContext): SourceLink | undefined {
  const exists = ctx.exists ?? onDisk;
  if (path.isAbsolute(file)) return exists(file) ? { uri: pathToFileURL(file).href, line } : undefined;
  if (ctx.helmSrcRoot) {
    const local = path.join(ctx.helmSrcRoot, file);
    if (exists(local)) return { uri: pathToFileURL(local).href, line };
  }
  if (!ctx.helmCommit || !file.startsWith('helm/')) return undefined;
  const rel = file.split(path.sep).join('/');
  return { uri: `${HELM_REPOSITORY}/blob/${ctx.helmCommit}/src/${rel.split('/').map(encodeURIComponent).join('/')}#L${line + 1}`, line };
}
