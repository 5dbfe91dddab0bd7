// Offsets into a document's text, and the conversion to 0-based line/character positions.

/** A half-open range of UTF-16 offsets into the document text: [start, end). */
export interface Span {
  start: number;
  end: number;
}

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 column. */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Offsets where the lines of `text` start; `\r\n`, `\r` and `\n` all end a line, as pyhocon and LSP agree. */
function lineStarts(text: string): number[] {
  const starts = [0];
  // Without a `\r` (nearly every file), indexOf finds the line ends natively: a loop over each
  // character runs in the interpreter at a command line's start, a millisecond for a small file.
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Line starts of a text, and the conversion between offsets and positions. */
export class LineIndex {
  private readonly starts: number[];

  constructor(
    readonly text: string,
    /** The line starts of `text`, when already known (see `shifted`). */
    starts?: number[],
  ) {
    // The scan is a function of its own. With the loop inline, V8 could get stuck discarding and
    // recompiling the constructor at every keystroke (it is called both with and without `starts`).
    this.starts = starts ?? lineStarts(text);
  }

  /**
   * The index of `text`: this one's text after an edit at `at` that changed its length by `delta` and
   * neither added nor removed a line break. Lines below move; a few hundred numbers, not a scan of the text.
   */
  shifted(text: string, at: number, delta: number): LineIndex {
    const starts = this.starts.slice();
    for (let i = starts.length - 1; i > 0 && starts[i] > at; i--) starts[i] += delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}

/** The index of the first item whose start is at or after `offset`, in items sorted by start (a binary search). */
export function firstStartingAt<T>(items: readonly T[], offset: number, startOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(items[mid]) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function spanContains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}
