// The short way for an edit inside one run entry: the entry read again on its own, when nothing shows that a full parse would read it otherwise.
import type { HelmDiagnostic } from '../../common/diagnostic';
import type { Span } from '../../common/span';
import { parseConf } from '../index';
import { MAX_NESTING } from '../nesting';
import { scanConf } from '../scanner';
import { LBrace, LBracket, RBrace, RBracket } from '../tokenKinds';
import type { ConfFile, HoconComment, RunEntry } from '../types';
import { movesLineEnds, type Change } from './change';
import { belongsTo, everySpan, moveAfter, nextVersion, pathTo, spansOfEntry, straddles, within } from './spans';

const HEAD = 'entries:[';

const isBlank = (c: number): boolean => c === 32 || c === 9;

/** The entry's line holds nothing before it but blanks, and after it at most `,`, blanks and a comment. */
function standsAlone(text: string, span: Span): number | undefined {
  let lineStart = span.start;
  while (lineStart > 0 && isBlank(text.charCodeAt(lineStart - 1))) lineStart--;
  if (lineStart > 0) {
    const c = text.charCodeAt(lineStart - 1);
    if (c !== 10 && c !== 13) return undefined;
  }
  let i = span.end;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 44 /* , */) i++;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  const comment = c === 35 /* # */ || (c === 47 && text.charCodeAt(i + 1) === 47); /* // */
  if (i < text.length && c !== 10 && c !== 13 && !comment) return undefined;
  return lineStart;
}

/** The entry whose object holds [from, oldEnd) strictly inside its braces. */
function entryAround(entries: RunEntry[], from: number, oldEnd: number): RunEntry | undefined {
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const span = entries[mid].node.span;
    if (span.end <= from) lo = mid + 1;
    else if (span.start >= oldEnd) hi = mid - 1;
    else {
      const e = entries[mid];
      return e.node.kind === 'object' && span.start < from && oldEnd < span.end ? e : undefined;
    }
  }
  return undefined;
}

/** The `{` and `[` in text[span] (at least as many as the levels of nesting there). */
function bracketCount(text: string, span: Span): number {
  let n = 0;
  for (let i = span.start; i < span.end; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) n++;
  }
  return n;
}

/** The entry's braces and brackets pair up, the first `{` with the last `}`. */
function balanced(entryText: string): boolean {
  const stack: number[] = [];
  const { tokens } = scanConf(entryText);
  for (let i = 0; i < tokens.count; i++) {
    const k = tokens.kind[i];
    if (k === LBrace || k === LBracket) stack.push(k);
    else if (k === RBrace || k === RBracket) {
      if (stack.pop() !== (k === RBrace ? LBrace : LBracket)) return false;
      if (stack.length === 0 && i !== tokens.count - 1) return false;
    }
  }
  return stack.length === 0;
}

/** Every place of the problem lies between the entry's braces (not on the closing one). */
const allInside = (d: HelmDiagnostic, entry: Span): boolean => everySpan(d, (s) => s.start > entry.start && s.start < entry.end - 1 && s.end < entry.end);

/** Every place of the problem lies within `outer`. */
const allWithin = (d: HelmDiagnostic, outer: Span): boolean => everySpan(d, (s) => within(s, outer));

/** Problems by start, then end: as they come, as a rule (checked), else sorted. */
function inOrder(problems: HelmDiagnostic[]): HelmDiagnostic[] {
  const before = (a: HelmDiagnostic, b: HelmDiagnostic): number => a.span.start - b.span.start || a.span.end - b.span.end;
  for (let i = 1; i < problems.length; i++) if (before(problems[i - 1], problems[i]) > 0) return problems.sort(before);
  return problems;
}

/** An edit on one line strictly inside an entry that stands alone on its lines: that entry is read again. */
export function spliceEntry(prev: ConfFile, text: string, { from, oldEnd, newEnd }: Change): ConfFile | undefined {
  const old = prev.text;
  if (movesLineEnds(old, text, { from, oldEnd, newEnd })) return undefined;
  const entry = entryAround(prev.entries, from, oldEnd);
  if (!entry || prev.entries[entry.index] !== entry) return undefined;
  const oldSpan = { start: entry.node.span.start, end: entry.node.span.end };
  const lineStart = standsAlone(old, oldSpan);
  if (lineStart === undefined) return undefined;
  const delta = text.length - old.length;
  const newSpan = { start: oldSpan.start, end: oldSpan.end + delta };
  // A `"""` is a triple-quoted string only when a later `"""` closes it, wherever that is in the file
  // (else pyhocon reads `""` and a `"` string): read alone, the entry could read it otherwise.
  if (old.slice(oldSpan.start, oldSpan.end).includes('"""') || text.slice(newSpan.start, newSpan.end).includes('"""')) return undefined;
  // Problems must belong to one side of the entry (one across its edge is a file-level one), and so
  // must all their places. A syntax error elsewhere in the file is left as it is; one in the entry
  // counts only when all its places lie between the braces; one at the entry's edge is not allowed.
  const mine = (s: Span): boolean => belongsTo(s, oldSpan);
  const touches = (s: Span): boolean => s.start <= oldSpan.end && s.end >= oldSpan.start;
  let syntaxOutside = 0;
  let syntaxBefore = 0;
  for (const p of prev.problems) {
    if (!mine(p.span) && straddles(p, oldSpan)) return undefined;
    if (p.code !== 'syntax-error') continue;
    if (!touches(p.span)) syntaxOutside++;
    else if (allInside(p, oldSpan)) syntaxBefore++;
    else return undefined;
  }
  if (syntaxBefore > 0 && !balanced(old.slice(oldSpan.start, oldSpan.end))) return undefined;
  const path = pathTo(prev.root, entry.node);
  if (!path) return undefined;
  // Read alone, the entry lies one level deep (in `entries:[`); deeper in the file (a braced root), the
  // nesting limit could cut it elsewhere than a full parse would, unless it holds too few brackets to reach it.
  const around = (prev.root.braces ? 1 : 0) + path.filter((v) => v.kind === 'object' || v.kind === 'array').length;
  if (around !== 1 && around + Math.max(bracketCount(old, oldSpan), bracketCount(text, newSpan)) > MAX_NESTING) return undefined;

  // The entry alone: `entries:[`, a line break, its line's indentation, the entry; then its spans (and
  // those of its problems and comments) moved from that short text's offsets to the document's.
  const indent = text.slice(lineStart, newSpan.start);
  const base = newSpan.start - (HEAD.length + 1 + indent.length);
  const sub = parseConf(`${HEAD}\n${indent}${text.slice(newSpan.start, newSpan.end)}\n]`);
  const fresh = sub.entries[0];
  if (sub.entries.length !== 1 || !fresh || fresh.node.kind !== 'object') return undefined;
  for (const sp of spansOfEntry(fresh, sub.problems)) {
    sp.start += base;
    sp.end += base;
  }
  for (const c of sub.comments) {
    c.span.start += base;
    c.span.end += base;
  }
  if (fresh.node.span.start !== newSpan.start || fresh.node.span.end !== newSpan.end) return undefined;
  let syntaxInside = 0;
  for (const p of sub.problems) {
    if (!allWithin(p, newSpan) || (p.code === 'syntax-error' && !allInside(p, newSpan))) return undefined;
    if (p.code === 'syntax-error') syntaxInside++;
  }
  // Far below the 100 syntax errors a full parse reports at most.
  if (syntaxOutside + syntaxInside > 20) return undefined;
  if (syntaxInside > 0 && !balanced(text.slice(newSpan.start, newSpan.end))) return undefined;

  // From here on, `prev` is changed in place.
  const later = moveAfter(prev, oldSpan, delta, path, { old: entry, fresh });
  fresh.index = entry.index;
  const problems = inOrder([...prev.problems.filter((p) => p.span.end <= oldSpan.start && !mine(p.span)), ...sub.problems, ...later.problems]);
  const comments: HoconComment[] = [
    ...prev.comments.filter((c) => c.span.end <= oldSpan.start),
    ...sub.comments.filter((c) => within(c.span, newSpan)),
    ...later.comments,
  ];
  // A copy of the same kind of array as the full parse's (`map` gives one V8 stores differently, and code
  // compiled for one kind is thrown away when it meets the other).
  const entries = prev.entries.slice();
  entries[entry.index] = fresh;
  return nextVersion(prev, text, prev.lines.shifted(text, from, delta), { comments, entries, problems });
}
