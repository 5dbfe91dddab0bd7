// A conf file whose bytes on disk are not all UTF-8: HELM's read of the file stops at the first bad sequence (UnicodeDecodeError). Said on the document while it shows the file as it is on disk, whether the editor decoded it as UTF-8 (a U+FFFD for each bad sequence) or as Latin-1 / Windows-1252.
import * as fs from 'fs';
import type { HelmDiagnostic } from '../common/diagnostic';
import { readUserFile, type NotUtf8 } from '../common/userFiles';
import type { ConfFile } from '../parser/types';
import { present, type ValidationOptions } from '../services/validation';
import { notUtf8Diagnostic } from '../services/validation/fileChecks';
import { uriToFile } from './documents';

interface DiskRead {
  mtimeMs: number;
  size: number;
  /** Where the file stops being UTF-8, and the texts an editor may show of it (UTF-8 with U+FFFD, then single-byte decodings, made when first compared). */
  notUtf8?: { at: NotUtf8; utf8: string; bytes: Buffer; singleByte?: string[] };
}

/** The last read of each file asked about (files whose document holds a character beyond ASCII), by path. */
const reads = new Map<string, DiskRead>();

/** The last text asked about, and whether it is ASCII alone. */
let lastText: { text: string; ascii: boolean } | undefined;

/** Single-byte encodings an editor may be set to for such a file: one character per byte. */
const SINGLE_BYTE = ['latin1', 'windows-1252'] as const;

function singleByteTexts(bytes: Buffer): string[] {
  return SINGLE_BYTE.map((encoding) => (encoding === 'latin1' ? bytes.toString('latin1') : new TextDecoder(encoding).decode(bytes)));
}

/**
 * Where the document's file stops being UTF-8 (as an offset in `text`), when the text in hand is that
 * file as it is on disk; undefined otherwise: an editor that saves the text writes what it shows, and
 * HELM reads that.
 */
export function notUtf8OnDisk(uri: string, text: string): NotUtf8 | undefined {
  // Every byte below 0x80 is UTF-8: a text of ASCII alone comes from a file HELM reads. Asked several
  // times per version (between slices of a large file's checks): the last text's answer is kept.
  if (lastText?.text !== text) lastText = { text, ascii: !/[^\x00-\x7f]/.test(text) };
  if (lastText.ascii) return undefined;
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
    // Read again only when the file changed (a stat per version of such a document).
    const read = readUserFile(file);
    reads.delete(file);
    if (!read.ok) return undefined;
    hit = { mtimeMs: read.mtimeMs, size: read.size, ...(read.notUtf8 && read.bytes ? { notUtf8: { at: read.notUtf8, utf8: read.text, bytes: read.bytes } } : {}) };
    reads.set(file, hit);
  }
  const bad = hit.notUtf8;
  if (!bad) return undefined;
  if (text === bad.utf8) return bad.at;
  // Decoded one character per byte: the bad byte's place in the text is its place in the file.
  if (text.length !== bad.bytes.length) return undefined;
  bad.singleByte ??= singleByteTexts(bad.bytes);
  return bad.singleByte.includes(text) ? { ...bad.at, offset: bad.at.position } : undefined;
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
