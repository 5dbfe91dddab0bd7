// The LSP base protocol's framing on a byte stream: messages with a bad header are dropped, and reading picks up at the next header.
import { Transform, type TransformCallback } from 'stream';

const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');
const CONTENT_LENGTH = Buffer.from('content-length:', 'ascii');
/** A header block longer than this without its blank line is not a header. */
const MAX_HEADER_BYTES = 8192;

/**
 * Passes well-framed messages through unchanged. vscode-jsonrpc's reader, given a header without a
 * usable `Content-Length`, reports an error and then reads every later byte as more headers: the
 * connection never answers again. Here such a header is dropped with what follows it, up to the next
 * `Content-Length:`, where reading starts again; `onDropped` says why. (The body of a dropped message
 * has no known end: a `Content-Length:` written inside it is taken for a header, found bad in turn,
 * and skipped the same way.)
 */
export class FramingGuard extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of the current message's body still to pass through; -1 while reading a header. */
  private bodyLeft = -1;
  /** After a bad header: skipping to the next `Content-Length:`. */
  private skipping = false;

  constructor(private readonly onDropped: (reason: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      if (this.bodyLeft >= 0) {
        const n = Math.min(this.bodyLeft, this.pending.length);
        if (n > 0) this.push(this.pending.subarray(0, n));
        this.pending = this.pending.subarray(n);
        this.bodyLeft -= n;
        if (this.bodyLeft > 0) break;
        this.bodyLeft = -1;
      }
      if (this.skipping && !this.skipToHeader()) break;
      const end = this.pending.indexOf(HEADER_END);
      if (end < 0) {
        if (this.pending.length > MAX_HEADER_BYTES) this.dropHeader(`no end of header within ${MAX_HEADER_BYTES} bytes`);
        break;
      }
      const length = contentLength(this.pending.subarray(0, end).toString('ascii'));
      if (typeof length === 'string') {
        this.dropHeader(length);
        continue;
      }
      this.push(this.pending.subarray(0, end + HEADER_END.length));
      this.pending = this.pending.subarray(end + HEADER_END.length);
      this.bodyLeft = length;
    }
    done();
  }

  /** Gives up the header at hand: reading starts again at the next `Content-Length:` after its first byte (in it, or past its body). */
  private dropHeader(reason: string): void {
    this.pending = this.pending.subarray(1);
    this.skipping = true;
    this.onDropped(reason);
  }

  /** Moves to the next `Content-Length:`; false while none has arrived yet. */
  private skipToHeader(): boolean {
    const at = indexOfIgnoringCase(this.pending, CONTENT_LENGTH);
    if (at < 0) {
      // Keep a tail that may be the start of the name.
      this.pending = this.pending.subarray(Math.max(0, this.pending.length - CONTENT_LENGTH.length + 1));
      return false;
    }
    this.pending = this.pending.subarray(at);
    this.skipping = false;
    return true;
  }
}

/** The body length a header block gives, or why vscode-jsonrpc's reader would refuse it. */
function contentLength(header: string): number | string {
  let length: number | string = 'a header without Content-Length';
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) return `a header line without a colon (${JSON.stringify(line.slice(0, 80))})`;
    if (line.slice(0, colon).toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    length = /^\d{1,15}$/.test(value) ? Number(value) : `a Content-Length that is not a number (${JSON.stringify(value.slice(0, 40))})`;
  }
  return length;
}

function indexOfIgnoringCase(haystack: Buffer, lowerNeedle: Buffer): number {
  // `Content-Length` is ASCII: compare bytes with the case bit cleared for letters.
  outer: for (let i = 0; i + lowerNeedle.length <= haystack.length; i++) {
    for (let j = 0; j < lowerNeedle.length; j++) {
      const a = haystack[i + j];
      const b = lowerNeedle[j];
      if (a !== b && !(b >= 0x61 && b <= 0x7a && a === b - 0x20)) continue outer;
    }
    return i;
  }
  return -1;
}
