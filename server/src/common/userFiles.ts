// Reading a file the user (or a repository) supplies: regular files only, up to a size limit; anything else is a problem of that file.
import * as fs from 'fs';

/** Larger than any conf file, model YAML, plugin or stats.json HELM users write (a 100,000-entry conf file is 10 MB). */
export const MAX_USER_FILE_BYTES = 64 * 1024 * 1024;

export type UserFile =
  | { ok: true; text: string; size: number; mtimeMs: number }
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
    return { ok: true, text: Buffer.concat(this.chunks, this.total).toString('utf8'), size: this.total, mtimeMs: this.stat.mtimeMs };
  }
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
