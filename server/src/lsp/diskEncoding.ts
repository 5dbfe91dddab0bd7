// A conf file whose bytes on disk are not all UTF-8: an editor shows a U+FFFD for each bad sequence, and HELM's read of the file stops at the first (UnicodeDecodeError). Said on the document while it shows the file as it is on disk.
import * as fs from 'fs';
import type { HelmDiagnostic } from '../common/diagnostic';
import { readUserFile, type NotUtf8 } from '../common/userFiles';
import type { ConfFile } from '../parser/types';
import { present, type ValidationOptions } from '../services/validation';
import { notUtf8Diagnostic } from '../services/validation/fileChecks';
import { uriToFile } from './documents';

/** The last read of each file asked about (only files whose text holds a U+FFFD are), by path. */
const reads = new Map<string, { mtimeMs: number; size: number; text: string; notUtf8?: NotUtf8 }>();

/**
 * Where the document's file stops being UTF-8, when the text in hand is that file's as it is on disk
 * (a U+FFFD in place of each bad sequence); undefined otherwise: an editor that saves the text writes
 * it as UTF-8, and HELM reads that.
 */
export function notUtf8OnDisk(uri: string, text: string): NotUtf8 | undefined {
  // A text without U+FFFD came from a file that is UTF-8 (or was decoded otherwise): nothing to read.
  if (text.indexOf('\ufffd') < 0) return undefined;
  const file = uriToFile(uri);
  if (!file) return undefined;
  let hit = reads.get(file);
  try {
    const stat = fs.statSync(file);
    if (hit && (hit.mtimeMs !== stat.mtimeMs || hit.size !== stat.size)) hit = undefined;
  } catch {
    hit = undefined;
  }
  if (!hit) {
    // Read again only when the file changed (a stat per version of a document holding U+FFFD).
    const read = readUserFile(file);
    reads.delete(file);
    if (!read.ok) return undefined;
    hit = { mtimeMs: read.mtimeMs, size: read.size, text: read.text, ...(read.notUtf8 ? { notUtf8: read.notUtf8 } : {}) };
    reads.set(file, hit);
  }
  return hit.notUtf8 && hit.text === text ? hit.notUtf8 : undefined;
}

/** A key that changes when notUtf8OnDisk's answer does (part of a cache key of diagnostics). */
export function diskEncodingKey(uri: string, text: string): string {
  const n = notUtf8OnDisk(uri, text);
  return n ? String(n.offset) : '';
}

/** The document's diagnostics, with the `not-utf8` error first among those of its line when its file on disk is not UTF-8. */
export function withDiskEncoding(uri: string, conf: ConfFile, diagnostics: HelmDiagnostic[], rules: ValidationOptions['rules']): HelmDiagnostic[] {
  const n = notUtf8OnDisk(uri, conf.text);
  if (!n) return diagnostics;
  const shown = present(conf, [notUtf8Diagnostic(n)], rules);
  return shown.length ? [...shown, ...diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end) : diagnostics;
}
