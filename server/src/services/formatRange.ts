// Format Selection: which of the layout's edits fall in the selection. A run entry it touches is laid out whole; a gap
// between two things (commas, blank lines, comment indents) that reaches out of it is cut into its smallest changes,
// and only the changes inside the selection are kept.
import type { TextEdit } from '../common/diagnostic';
import type { Span } from '../common/span';

/** One piece of the layout: its span, its new text, and whether it is a gap (blanks, commas, comments only). */
export interface LayoutPiece extends TextEdit {
  gap?: boolean;
}

/** Above this many token pairs a gap's change is not looked into: it is one change (a gap of thousands of lines). */
const MAX_DIFF_CELLS = 250_000;

/** The changed pieces in `range`: a piece it touches whole, except a gap reaching out of it, of which the changes inside. */
export function editsInRange(text: string, changed: readonly LayoutPiece[], range: Span): TextEdit[] {
  const out: TextEdit[] = [];
  for (const piece of changed) {
    if (!overlaps(piece.span, range)) continue;
    if (!piece.gap || inside(piece.span, range)) out.push({ span: piece.span, newText: piece.newText });
    else out.push(...gapChanges(text, piece).filter((c) => inside(c.span, range)));
  }
  return out;
}

/** A piece overlaps the range (a cursor: the piece holds it; an insertion: the range holds it). */
function overlaps(piece: Span, range: Span): boolean {
  if (range.start === range.end || piece.start === piece.end) return piece.start <= range.end && range.start <= piece.end;
  return piece.start < range.end && piece.end > range.start;
}

/** A change lies in the range (a cursor: the change holds it). */
function inside(change: Span, range: Span): boolean {
  if (range.start === range.end) return change.start <= range.start && range.start <= change.end;
  return change.start >= range.start && change.end <= range.end;
}

/** Line breaks, runs of blanks, commas, comments (trailing blanks apart): what a gap is made of. */
const GAP_TOKEN = /\r\n|\r|\n|[ \t]+|,|(?:#|\/\/)[^\r\n]*?(?=[ \t]*(?:[\r\n]|$))|[^]/gy;

/** The tokens list[from, to) cut after each line break: [start, end) of each run. */
function lineRuns(list: readonly string[], from: number, to: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = from;
  for (let k = from; k < to; k++) {
    if (list[k] === '\n' || list[k] === '\r' || list[k] === '\r\n') {
      runs.push([start, k + 1]);
      start = k + 1;
    }
  }
  if (start < to) runs.push([start, to]);
  return runs;
}

function tokens(s: string): string[] {
  GAP_TOKEN.lastIndex = 0;
  return s.match(GAP_TOKEN) ?? [];
}

/** The gap's edit as its smallest changes: the tokens of the old and the new text not in their longest common run. */
export function gapChanges(text: string, piece: TextEdit): TextEdit[] {
  const a = tokens(text.slice(piece.span.start, piece.span.end));
  const b = tokens(piece.newText);
  const starts: number[] = [];
  let at = piece.span.start;
  for (const t of a) {
    starts.push(at);
    at += t.length;
  }
  starts.push(at);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const changes: TextEdit[] = [];
  const push = (fromA: number, toA: number, fromB: number, toB: number): void => {
    const newText = b.slice(fromB, toB).join('');
    if (text.slice(starts[fromA], starts[toA]) !== newText) changes.push({ span: { start: starts[fromA], end: starts[toA] }, newText });
  };
  // A change that spans lines is cut at its line breaks, its lines paired from the end (lines the new text
  // has no more are each removed alone): removing a blank line above an entry and giving the entry its
  // indent are two changes, one of which may lie outside the selection.
  const change = (fromA: number, toA: number, fromB: number, toB: number): void => {
    const linesA = lineRuns(a, fromA, toA);
    const linesB = lineRuns(b, fromB, toB);
    if (linesA.length === 0 || linesB.length === 0) {
      if (linesA.length === 0) push(fromA, toA, fromB, toB);
      else for (const [from, to] of linesA) push(from, to, fromB, fromB);
      return;
    }
    const extraA = linesA.length - Math.min(linesA.length, linesB.length);
    const extraB = linesB.length - Math.min(linesA.length, linesB.length);
    for (let k = 0; k < extraA; k++) push(linesA[k][0], linesA[k][1], fromB, fromB);
    for (let k = extraA; k < linesA.length; k++) {
      const [startB, endB] = linesB[k - extraA + extraB];
      push(linesA[k][0], linesA[k][1], k === extraA ? fromB : startB, endB);
    }
  };
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n * m > MAX_DIFF_CELLS) {
    change(head, head + n, head, head + m);
    return changes;
  }
  // lcs[i][j]: the longest common run of a[head+i…] and b[head+j…] (the middles only).
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[head + i] === b[head + j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  let fromI = 0;
  let fromJ = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[head + i] === b[head + j]) {
      change(head + fromI, head + i, head + fromJ, head + j);
      i++;
      j++;
      fromI = i;
      fromJ = j;
    } else if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) i++;
    else j++;
  }
  change(head + fromI, head + n, head + fromJ, head + m);
  return changes;
}
