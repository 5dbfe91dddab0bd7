// Text changes as an LSP client sends them: the change from one text to the next as `didChange` ranges in UTF-16 line/character positions (line breaks `\r\n`, `\r`, `\n`), and edits that make and break `\r\n` pairs.
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import type { ConfFile } from '../../server/src/parser/types';

type Rnd = () => number;
const pickOf = (rnd: Rnd) => (n: number): number => Math.floor(rnd() * n);

/** The lines of a text as LSP counts them: `\r\n`, a lone `\r` and a lone `\n` each end a line; characters are UTF-16 code units. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (c === 13 || c === 10) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The line's length without its line break. */
  lineLength(line: number): number {
    const start = this.starts[line];
    let end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return end - start;
  }

  /** The position of an offset; an offset between `\r` and `\n` has none (a client never sends one). */
  positionAt(offset: number): Position {
    if (this.text[offset - 1] === '\r' && this.text[offset] === '\n') throw new Error(`offset ${offset} lies between \\r and \\n`);
    let low = 0;
    let high = this.starts.length;
    while (high - low > 1) {
      const mid = (low + high) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid;
    }
    return { line: low, character: offset - this.starts[low] };
  }

  /** The offset of a position, as LSP reads it: a character past the line's end is its end, a line past the last is the text's end. */
  offsetAt(p: Position): number {
    if (p.line >= this.starts.length) return this.text.length;
    return this.starts[p.line] + Math.min(p.character, this.lineLength(p.line));
  }

  /** The position lies in the text: a line of it, a character up to the line's end. */
  contains(p: Position): boolean {
    return Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 && p.line < this.lineCount && p.character <= this.lineLength(p.line);
  }

  /** Both ends lie in the text and the start comes first. */
  containsRange(r: Range): boolean {
    const ordered = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
    return ordered && this.contains(r.start) && this.contains(r.end);
  }
}

/** The text after the changes, applied one after the other as the protocol says. */
export function applyChanges(text: string, changes: readonly TextDocumentContentChangeEvent[]): string {
  for (const c of changes) {
    if (!('range' in c)) {
      text = c.text;
      continue;
    }
    const index = new LineIndex(text);
    text = text.slice(0, index.offsetAt(c.range.start)) + c.text + text.slice(index.offsetAt(c.range.end));
  }
  return text;
}

const splitsPair = (text: string, at: number): boolean => text[at - 1] === '\r' && text[at] === '\n';

/** One ranged change replacing `before[start, end)` with `text`; at the end of a line, now and then a character past it (which LSP reads as the end). */
function ranged(before: string, start: number, end: number, text: string, rnd: Rnd): TextDocumentContentChangeEvent {
  const index = new LineIndex(before);
  const position = (offset: number): Position => {
    const p = index.positionAt(offset);
    const atEnd = p.character === index.lineLength(p.line);
    return atEnd && rnd() < 0.2 ? { line: p.line, character: p.character + 1 + pickOf(rnd)(5) } : p;
  };
  const change: TextDocumentContentChangeEvent = { range: { start: position(start), end: position(end) }, text };
  // The deprecated rangeLength, as VS Code still sends it.
  return rnd() < 0.3 ? { ...change, rangeLength: end - start } : change;
}

/**
 * The `didChange` content changes that turn `before` into `after`, mostly as an editor sends them (one
 * ranged change covering what differs), now and then as a wider range, as a deletion and an insertion
 * in two changes, or as the whole text. A range never starts or ends between `\r` and `\n`: it takes
 * the pair in.
 */
export function toChanges(before: string, after: string, rnd: Rnd): TextDocumentContentChangeEvent[] {
  const pick = pickOf(rnd);
  if (rnd() < 0.02) return [{ text: after }];
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < max - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  if (rnd() < 0.1) {
    // A wider range than needed (an editor replacing a word or a line).
    start = Math.max(0, start - pick(8));
    tail = Math.max(0, tail - pick(8));
  }
  if (splitsPair(before, start)) start--;
  let end = before.length - tail;
  let newEnd = after.length - tail;
  if (splitsPair(before, end)) {
    end++;
    newEnd++;
  }
  const text = after.slice(start, newEnd);
  const deleted = before.slice(0, start) + before.slice(end);
  if (text && end > start && !splitsPair(deleted, start) && rnd() < 0.15) {
    // Delete, then insert where the deletion was.
    return [ranged(before, start, end, '', rnd), ranged(deleted, start, start, text, rnd)];
  }
  return [ranged(before, start, end, text, rnd)];
}

/** Offsets of the `\r` of every `\r\n`, of every lone `\r`, or of every lone `\n` (the first 2,000). */
function lineBreaks(text: string, kind: 'crlf' | 'cr' | 'lf'): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length && out.length < 2000; i++) {
    const c = text[i];
    if (c === '\r' && (text[i + 1] === '\n') === (kind === 'crlf') && kind !== 'lf') out.push(i);
    else if (c === '\n' && text[i - 1] !== '\r' && kind === 'lf') out.push(i);
  }
  return out;
}

const SNIPPETS = ['x', ' ', ',', '"', '}', '#', '{a: 1}', '\t'];

/**
 * An edit that makes or breaks a `\r\n` pair, or writes next to one: `\n` typed after a lone `\r`,
 * `\r` before a lone `\n`, text typed between `\r` and `\n`, one half of a pair deleted, a line end
 * changed to another kind, a character deleted from between `\r` and `\n`, text ending in `\r` pasted
 * before a `\n`. The signature of confFuzz's EDITS.
 */
export function lineEnds(text: string, _conf: ConfFile, rnd: Rnd): string {
  const pick = pickOf(rnd);
  const any = <T>(xs: T[]): T | undefined => (xs.length ? xs[pick(xs.length)] : undefined);
  const snippet = SNIPPETS[pick(SNIPPETS.length)];
  const at = (s: string, i: number, insert: string, remove = 0): string => s.slice(0, i) + insert + s.slice(i + remove);
  const cr = any(lineBreaks(text, 'cr'));
  const lf = any(lineBreaks(text, 'lf'));
  const crlf = any(lineBreaks(text, 'crlf'));
  const between = /\r[^\r\n]\n/.exec(text);
  switch (pick(8)) {
    case 0:
      if (cr !== undefined) return at(text, cr + 1, '\n');
      break;
    case 1:
      if (lf !== undefined) return at(text, lf, '\r');
      break;
    case 2:
      if (crlf !== undefined) return at(text, crlf + 1, snippet);
      break;
    case 3:
      if (crlf !== undefined) return at(text, crlf + pick(2), '', 1);
      break;
    case 4: {
      const i = crlf ?? cr ?? lf;
      if (i !== undefined) return at(text, i, ['\r', '\n', '\r\n', '\n\r'][pick(4)], crlf !== undefined ? 2 : 1);
      break;
    }
    case 5:
      if (between) return at(text, between.index + 1, '', 1);
      break;
    case 6:
      if (lf !== undefined) return at(text, lf, `${snippet}\r`);
      break;
    default:
      if (cr !== undefined) return at(text, cr + 1, `\n${snippet}`);
  }
  // None of that kind: a line end of some kind typed somewhere.
  return at(text, pick(text.length + 1), ['\r', '\n', '\r\n'][pick(3)]);
}
