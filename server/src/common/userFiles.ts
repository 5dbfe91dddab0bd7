// Reading a file the user (or a repository) supplies: regular files only, up to a size limit; anything else is a problem of that file.
import { isUtf8 } from 'buffer';
import * as fs from 'fs';

/** Larger than any conf file, model YAML, plugin or stats.json HELM users write (a 100,000-entry conf file is 10 MB). */
export const MAX_USER_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Where a file stops being UTF-8. HELM opens a conf file as text in the locale's encoding (UTF-8 on
 * Linux and macOS), strictly: Python's read() stops there with UnicodeDecodeError.
 */
export interface NotUtf8 {
  /** Offset in the decoded text of the U+FFFD the bytes became. */
  offset: number;
  /** Offset in the file of the first byte Python refuses, as its error gives it. */
  position: number;
  /** How many bytes its error names (more than one only for a sequence the file ends in). */
  length: number;
  byte: number;
  /** Python's reason: `invalid start byte`, `invalid continuation byte` or `unexpected end of data`. */
  reason: string;
}

/** A file's bytes as text (UTF-8; a U+FFFD for each sequence that is not), and where they stop being UTF-8. */
export interface DecodedText {
  text: string;
  notUtf8?: NotUtf8;
}

export type UserFile =
  /** `bytes`: the file as read, kept only when it is not UTF-8 (an editor may have decoded it otherwise). */
  | { ok: true; text: string; size: number; mtimeMs: number; notUtf8?: NotUtf8; bytes?: Buffer }
  /**
   * `problem`: why it was not read, to follow `cannot read FILE: ` (`not a regular file (a FIFO)`,
   * `larger than 64 MiB`, or the error code: `ENOENT`, `EACCES`). `missing`: there is no such file (a
   * caller may treat it as absent rather than as a problem).
   */
  | { ok: false; missing: boolean; problem: string };

/**
 * The file's text (UTF-8, a BOM kept). A symlink to /dev/zero, a FIFO, a socket or a device (git stores
 * symlinks, so a cloned repository can hold any of them) is refused without reading: read as a file
 * it would never end, or never start. The open does not wait for a FIFO's writer (O_NONBLOCK); the
 * type is checked on the opened file itself, so it cannot change between the check and the read.
 */
export function readUserFile(file: string, maxBytes = MAX_USER_FILE_BYTES): UserFile {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (err) {
    return openFailure(err);
  }
  try {
    const stat = fs.fstatSync(fd);
    const refused = refusal(stat, maxBytes);
    if (refused) return refused;
    const text = new TextCollector(stat, maxBytes);
    while (text.wantsMore()) text.add(fs.readSync(fd, text.buffer(), 0, text.buffer().length, null));
    return text.result();
  } catch (err) {
    return { ok: false, missing: false, problem: errorCode(err) };
  } finally {
    fs.closeSync(fd);
  }
}

/** readUserFile without blocking the event loop (the VS Code extension reading HELM's results). */
export async function readUserFileAsync(file: string, maxBytes = MAX_USER_FILE_BYTES): Promise<UserFile> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, OPEN_FLAGS);
  } catch (err) {
    return openFailure(err);
  }
  try {
    const stat = await handle.stat();
    const refused = refusal(stat, maxBytes);
    if (refused) return refused;
    const text = new TextCollector(stat, maxBytes);
    while (text.wantsMore()) text.add((await handle.read(text.buffer(), 0, text.buffer().length, null)).bytesRead);
    return text.result();
  } catch (err) {
    return { ok: false, missing: false, problem: errorCode(err) };
  } finally {
    await handle.close();
  }
}

/** The bytes read so far, up to one byte past the limit (a file that grew after its stat is refused too). */
class TextCollector {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  private next: Buffer | undefined;
  private ended = false;

  constructor(private readonly stat: fs.Stats, private readonly maxBytes: number) {}

  /** Where the next read goes: the rest of the file as its stat gives it, at least 64 KiB (files in /proc say 0). */
  buffer(): Buffer {
    this.next ??= Buffer.allocUnsafe(Math.min(Math.max(this.stat.size - this.total + 1, 1 << 16), this.maxBytes + 1 - this.total));
    return this.next;
  }

  add(bytesRead: number): void {
    if (bytesRead === 0) this.ended = true;
    else this.chunks.push(this.buffer().subarray(0, bytesRead));
    this.total += bytesRead;
    this.next = undefined;
  }

  wantsMore(): boolean {
    return !this.ended && this.total <= this.maxBytes;
  }

  result(): UserFile {
    if (this.total > this.maxBytes) return tooLarge(this.maxBytes);
    const bytes = Buffer.concat(this.chunks, this.total);
    const decoded = decodeUtf8(bytes);
    return { ok: true, ...decoded, ...(decoded.notUtf8 ? { bytes } : {}), size: this.total, mtimeMs: this.stat.mtimeMs };
  }
}

/** The bytes as UTF-8 text, and where (if anywhere) Python's strict UTF-8 decoding would stop. */
export function decodeUtf8(bytes: Buffer): DecodedText {
  const text = bytes.toString('utf8');
  // Node makes a U+FFFD of every sequence that is not UTF-8: without one, every byte was.
  if (text.indexOf('\ufffd') < 0 || isUtf8(bytes)) return { text };
  const bad = firstNotUtf8(bytes);
  if (bad === undefined) return { text };
  return { text, notUtf8: { offset: bytes.toString('utf8', 0, bad.position).length, ...bad } };
}

/**
 * The first sequence that is not UTF-8, as CPython's decoder reports it: the offset of its first byte,
 * that byte, and why (the second byte of E0, ED, F0 and F4 has a narrower range: no overlong form, no
 * surrogate, nothing above U+10FFFF).
 */
function firstNotUtf8(b: Uint8Array): Omit<NotUtf8, 'offset'> | undefined {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return { position: i, length: 1, byte: c, reason: 'invalid start byte' };
    for (let k = 1; k <= need; k++) {
      if (i + k >= b.length) return { position: i, length: k, byte: c, reason: 'unexpected end of data' };
      const d = b[i + k];
      if (d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return { position: i, length: 1, byte: c, reason: 'invalid continuation byte' };
    }
    i += need + 1;
  }
  return undefined;
}

/** The first byte that is not UTF-8, as Python writes it: `0xe9`. */
export function badByte(n: NotUtf8): string {
  return `0x${n.byte.toString(16).padStart(2, '0')}`;
}

/** Python's UnicodeDecodeError for these bytes, as helm-run prints it. */
export function pythonDecodeError(n: NotUtf8): string {
  const where = n.length === 1 ? `byte ${badByte(n)} in position ${n.position}` : `bytes in position ${n.position}-${n.position + n.length - 1}`;
  return `UnicodeDecodeError: 'utf-8' codec can't decode ${where}: ${n.reason}`;
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. Absent on Windows (0).
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

function refusal(stat: fs.Stats, maxBytes: number): UserFile | undefined {
  if (!stat.isFile()) return { ok: false, missing: false, problem: `not a regular file (${kindOf(stat)})` };
  if (stat.size > maxBytes) return tooLarge(maxBytes);
  return undefined;
}

function tooLarge(maxBytes: number): UserFile {
  return { ok: false, missing: false, problem: `larger than ${maxBytes >= 1 << 20 ? `${maxBytes / (1 << 20)} MiB` : `${maxBytes} bytes`}` };
}

function openFailure(err: unknown): UserFile {
  const code = errorCode(err);
  if (code === 'EISDIR') return { ok: false, missing: false, problem: 'not a regular file (a directory)' };
  return { ok: false, missing: code === 'ENOENT' || code === 'ENOTDIR', problem: code };
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

function errorCode(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e?.code ?? (e instanceof Error ? e.message : String(err));
}
