// updateConf: the next version of a parsed conf file, re-reading only the run entry an edit falls in.
//
// Typing inside one entry of a 400-line file should not parse the other 399 again:
// - a change on one line, strictly inside an entry object that stands alone on its lines: that entry
//   is parsed on its own and put in place of the old one. A syntax error elsewhere in the file stays as
//   it was; one in the entry (a key typed without its `:` yet) is allowed when it lies between the
//   entry's braces and the braces and brackets pair up, before the edit and after it: Chevrotain's
//   recovery then stays inside the entry, as in a full parse (an unclosed `[` would reach past it);
// - in a file with no syntax error, blanks and line breaks added or removed between the entries of an
//   array (Enter, Backspace at the start of a line): nothing is parsed again;
// and every span after the change moves by its change in length. Anything else is parsed in full.
// The result equals parseConf(text) (test/unit/incremental.test.ts compares them on random edits).
//
// The previous ConfFile is taken over: its nodes after the edit are moved in place, so the caller
// must not use it afterwards (ParsedDocuments keeps only the latest version of each document).
import type { HelmDiagnostic } from '../common/diagnostic';
import { LineIndex, type Span } from '../common/span';
import { parseConf } from './index';
import { MAX_NESTING } from './nesting';
import { tokenizeConf } from './tokens';
import type { ConfFile, HoconComment, HoconField, HoconObject, HoconValue, RunEntry } from './types';

const HEAD = 'entries:[';

/** The next version of `prev` for `text`: spliced when the edit allows it, else parsed in full. */
export function updateConf(prev: ConfFile, text: string): ConfFile {
  if (prev.text === text) return prev;
  try {
    return splice(prev, text) ?? parseConf(text);
  } catch {
    return parseConf(text);
  }
}

interface Change {
  /** First changed offset (same in both texts). */
  from: number;
  /** End of the changed text in the old text. */
  oldEnd: number;
  /** End of the changed text in the new text. */
  newEnd: number;
}

function changeOf(old: string, text: string): Change {
  const max = Math.min(old.length, text.length);
  // Whole blocks compared as strings first (native comparison), then character by character.
  const BLOCK = 512;
  let from = 0;
  while (from + BLOCK <= max && old.slice(from, from + BLOCK) === text.slice(from, from + BLOCK)) from += BLOCK;
  while (from < max && old.charCodeAt(from) === text.charCodeAt(from)) from++;
  const room = max - from;
  let tail = 0;
  while (tail + BLOCK <= room && old.slice(old.length - tail - BLOCK, old.length - tail) === text.slice(text.length - tail - BLOCK, text.length - tail)) tail += BLOCK;
  while (tail < room && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  return { from, oldEnd: old.length - tail, newEnd: text.length - tail };
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/**
 * Does the edit change where lines end: a line break typed or deleted, or an edit right after a `\r`
 * (between `\r` and `\n` it splits one line end into two; deleting what was between them joins two).
 */
function movesLineEnds(old: string, text: string, { from, oldEnd, newEnd }: Change): boolean {
  return hasLineBreak(old, from, oldEnd) || hasLineBreak(text, from, newEnd) || old.charCodeAt(from - 1) === 13;
}

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

/**
 * A line ending in a lone `\r` from `from` to the first line end after `to`. pyhocon's `"` string stops
 * at `\n` only: over such a line end, one left open in the entry runs on past it, which the entry read
 * alone (followed by `\n`) would not show.
 */
function loneCr(text: string, from: number, to: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) !== 10) return true;
      if (i >= to) return false;
    } else if (c === 10 && i >= to) return false;
  }
  return false;
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

/** The chain of values from the root's field down to the array that holds `node` as an item. */
function pathTo(root: HoconObject, node: HoconValue): HoconValue[] | undefined {
  const inValue = (v: HoconValue | undefined, path: HoconValue[]): HoconValue[] | undefined => {
    if (!v) return undefined;
    if (v === node) return path;
    if (v.span.end < node.span.end || v.span.start > node.span.start) return undefined;
    const next = [...path, v];
    if (v.kind === 'array') for (const item of v.items) { const r = inValue(item, next); if (r) return r; }
    if (v.kind === 'concatenation') for (const part of v.parts) { const r = inValue(part, next); if (r) return r; }
    if (v.kind === 'object') for (const f of v.fields) { const r = inValue(f.value, next); if (r) return r; }
    return undefined;
  };
  for (const f of root.fields) {
    const r = inValue(f.value, []);
    if (r) return r;
  }
  return undefined;
}

const within = (s: Span, outer: Span): boolean => s.start >= outer.start && s.end <= outer.end;

/** A problem belongs to the entry it lies in (a zero-width one at the entry's very end belongs to what follows). */
const belongsTo = (s: Span, entry: Span): boolean => within(s, entry) && !(s.start === s.end && s.start === entry.end);

type SpanVisit = (s: Span | undefined) => void;

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
  const stack: string[] = [];
  const { tokens } = tokenizeConf(entryText);
  for (let i = 0; i < tokens.length; i++) {
    const image = tokens[i].image;
    if (image === '{' || image === '[') stack.push(image);
    else if (image === '}' || image === ']') {
      if (stack.pop() !== (image === '}' ? '{' : '[')) return false;
      if (stack.length === 0 && i !== tokens.length - 1) return false;
    }
  }
  return stack.length === 0;
}

/** Every span of the problem (its related places, its fixes' edits) passes `test`. */
function everySpan(d: HelmDiagnostic, test: (s: Span) => boolean): boolean {
  let all = true;
  eachDiagnosticSpan(d, (s) => {
    if (s && !test(s)) all = false;
  });
  return all;
}

/** Every place of the problem lies between the entry's braces (not on the closing one). */
const allInside = (d: HelmDiagnostic, entry: Span): boolean => everySpan(d, (s) => s.start > entry.start && s.start < entry.end - 1 && s.end < entry.end);

/** Every place of the problem lies within `outer`. */
const allWithin = (d: HelmDiagnostic, outer: Span): boolean => everySpan(d, (s) => within(s, outer));

/**
 * Does the problem lie across `region`, or point at both sides of it (a related place, a fix)? Its
 * spans are moved as one, which would then be wrong for some of them.
 */
function straddles(d: HelmDiagnostic, region: Span): boolean {
  let before = false;
  let after = false;
  let across = false;
  eachDiagnosticSpan(d, (s) => {
    if (!s) return;
    if (s.start >= region.end) after = true;
    else if (s.end <= region.start) before = true;
    else across = true;
  });
  return across || (before && after);
}

/**
 * Visits every span of a value and what it holds. `enter` may take a value over (and return false):
 * its spans are then not visited.
 */
function eachValueSpan(v: HoconValue | undefined, visit: SpanVisit, enter: (v: HoconValue) => boolean = () => true): void {
  if (!v || !enter(v)) return;
  visit(v.span);
  if (v.kind === 'string') visit(v.contentSpan);
  else if (v.kind === 'concatenation') v.parts.forEach((p) => eachValueSpan(p, visit, enter));
  else if (v.kind === 'array') v.items.forEach((i) => eachValueSpan(i, visit, enter));
  else if (v.kind === 'object') {
    v.fields.forEach((f) => eachFieldSpan(f, visit, enter));
    v.includes.forEach((i) => visit(i.span));
  }
}

function eachFieldSpan(f: HoconField, visit: SpanVisit, enter?: (v: HoconValue) => boolean): void {
  visit(f.span);
  visit(f.key.span);
  visit(f.separator?.span);
  eachValueSpan(f.value, visit, enter);
}

function eachDiagnosticSpan(d: HelmDiagnostic, visit: SpanVisit): void {
  visit(d.span);
  for (const r of d.related ?? []) visit(r.span);
  for (const f of d.fixes ?? []) for (const e of f.edits) visit(e.span);
}

/**
 * Every distinct span of an entry: its nodes, its parsed description, and the problems that lie in it.
 * Kept per entry, so that moving an entry that an edit before it did not touch is one loop.
 */
const entrySpans = new WeakMap<RunEntry, Span[]>();

function spansOfEntry(entry: RunEntry, problems: HelmDiagnostic[]): Span[] {
  const cached = entrySpans.get(entry);
  if (cached) return cached;
  const seen = new Set<Span>();
  const add = (s: Span | undefined): void => {
    if (s) seen.add(s);
  };
  eachValueSpan(entry.node, add);
  const parsed = entry.description?.parsed;
  if (parsed) {
    add(parsed.name.span);
    add(parsed.colon);
    for (const a of parsed.args) {
      add(a.piece.span);
      add(a.key.span);
      add(a.equals);
      add(a.value?.span);
    }
    parsed.commas.forEach(add);
    for (const d of parsed.problems) eachDiagnosticSpan(d, add);
  }
  const span = entry.node.span;
  for (let i = firstStartingAt(problems, span.start); i < problems.length && problems[i].span.start <= span.end; i++) {
    if (belongsTo(problems[i].span, span)) eachDiagnosticSpan(problems[i], add);
  }
  const list = [...seen];
  entrySpans.set(entry, list);
  return list;
}

/** Does the span belong to one of the entries (in file order)? */
function inSomeEntry(entries: RunEntry[], s: Span): boolean {
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const span = entries[mid].node.span;
    if (span.end < s.start) lo = mid + 1;
    else if (span.start > s.end) hi = mid - 1;
    else return belongsTo(s, span) || (mid > 0 && belongsTo(s, entries[mid - 1].node.span)) || (mid + 1 < entries.length && belongsTo(s, entries[mid + 1].node.span));
  }
  return false;
}

/** The index of the first problem starting at or after `offset` (problems are sorted by start). */
function firstStartingAt(problems: HelmDiagnostic[], offset: number): number {
  let lo = 0;
  let hi = problems.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (problems[mid].span.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function splice(prev: ConfFile, text: string): ConfFile | undefined {
  const change = changeOf(prev.text, text);
  const entry = spliceEntry(prev, text, change);
  if (entry) return entry;
  if (prev.problems.some((p) => p.code === 'syntax-error')) return undefined;
  return spliceBlanks(prev, text, change);
}

/** An edit on one line strictly inside an entry that stands alone on its lines: that entry is read again. */
function spliceEntry(prev: ConfFile, text: string, { from, oldEnd, newEnd }: Change): ConfFile | undefined {
  const old = prev.text;
  if (movesLineEnds(old, text, { from, oldEnd, newEnd })) return undefined;
  const entry = entryAround(prev.entries, from, oldEnd);
  if (!entry || prev.entries[entry.index] !== entry) return undefined;
  const oldSpan = { start: entry.node.span.start, end: entry.node.span.end };
  const lineStart = standsAlone(old, oldSpan);
  if (lineStart === undefined) return undefined;
  const delta = text.length - old.length;
  const newSpan = { start: oldSpan.start, end: oldSpan.end + delta };
  if (loneCr(old, lineStart, oldSpan.end) || loneCr(text, lineStart, newSpan.end)) return undefined;
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
  const problems = [
    ...prev.problems.filter((p) => p.span.end <= oldSpan.start && !mine(p.span)),
    ...sub.problems,
    ...later.problems,
  ].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
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

/** `prev`'s tree, now for `text`, with the parts the splice rebuilt. */
function nextVersion(prev: ConfFile, text: string, lines: LineIndex, parts: Pick<ConfFile, 'comments' | 'entries' | 'problems'>): ConfFile {
  const { comments, entries, problems } = parts;
  return { text, lines, root: prev.root, comments, ...(prev.entriesField ? { entriesField: prev.entriesField } : {}), entries, problems };
}

/** Space, tab, CR, LF. */
function onlyBlanks(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

/**
 * Blanks and line breaks added or removed between the entries of an array (Enter after an entry, a
 * blank line deleted): nothing is read again, what follows moves. Not at the end of a comment (the
 * blanks, or the line joined to it, would be part of it), nor when two entries would be left with
 * neither a `,` nor a line break between them (HOCON would merge them).
 */
function spliceBlanks(prev: ConfFile, text: string, { from, oldEnd, newEnd }: Change): ConfFile | undefined {
  const old = prev.text;
  // The array of an entry next to the edit.
  let k = 0;
  while (k < prev.entries.length && prev.entries[k].node.span.end <= from) k++;
  const neighbour = prev.entries[k - 1] ?? prev.entries[k];
  const path = neighbour && pathTo(prev.root, neighbour.node);
  const array = path?.[path.length - 1];
  if (!path || !array || array.kind !== 'array') return undefined;
  if (!(array.span.start < from && oldEnd < array.span.end)) return undefined;
  if (!onlyBlanks(old, from, oldEnd) || !onlyBlanks(text, from, newEnd)) return undefined;
  // The items on either side of the edit, none across it.
  const items = array.items;
  let next = 0;
  while (next < items.length && items[next].span.end <= from) next++;
  if (next < items.length && items[next].span.start < oldEnd) return undefined;
  const delta = text.length - old.length;
  if (next > 0 && next < items.length) {
    const gap = text.slice(items[next - 1].span.end, items[next].span.start + delta);
    if (!/[,\n\r]/.test(gap)) return undefined;
  }
  // A comment runs to the end of its line: blanks at its end, or a line break removed there, would change it.
  if (prev.comments.some((c) => oldEnd > c.span.start && from <= c.span.end)) return undefined;
  if (prev.problems.some((p) => straddles(p, { start: from, end: oldEnd }))) return undefined;

  // From here on, `prev` is changed in place.
  const problemsBefore = prev.problems.filter((p) => p.span.start < oldEnd);
  const commentsBefore = prev.comments.filter((c) => c.span.start < oldEnd);
  const later = moveAfter(prev, { start: from, end: oldEnd }, delta, path);
  const lines = movesLineEnds(old, text, { from, oldEnd, newEnd }) ? new LineIndex(text) : prev.lines.shifted(text, from, delta);
  return nextVersion(prev, text, lines, { comments: [...commentsBefore, ...later.comments], entries: prev.entries, problems: [...problemsBefore, ...later.problems] });
}

/**
 * Moves by `delta` every span of `prev` that starts at or after `region.end`, and stretches the values
 * on `path` (those holding the region) by it; an entry being replaced is swapped for its new version in
 * its array. Returns the problems and comments after the region, moved.
 */
function moveAfter(
  prev: ConfFile,
  region: Span,
  delta: number,
  path: HoconValue[],
  replaced?: { old: RunEntry; fresh: RunEntry },
): { problems: HelmDiagnostic[]; comments: HoconComment[] } {
  const moved = new Set<Span>();
  const shift = (s: Span | undefined): void => {
    if (!s || moved.has(s)) return;
    moved.add(s);
    s.start += delta;
    s.end += delta;
  };
  const stretch = (s: Span): void => {
    if (moved.has(s)) return;
    moved.add(s);
    s.end += delta;
  };
  // A later entry met in the tree moves as a whole (its spans are listed once per entry).
  // The tree is walked in document order, so a cursor over the later entries' starts finds them: their
  // starts from before the move, as the values met are not moved yet (an entry moved by more than the
  // gap to the next one would otherwise hide that one from the cursor, and move twice).
  let cursor = 0;
  const enter = (v: HoconValue): boolean => {
    const start = v.span.start;
    while (cursor < laterEntries.length && laterStarts[cursor] < start) cursor++;
    for (let j = cursor; j < laterEntries.length && laterStarts[j] === start; j++) {
      if (laterEntries[j].node === v) {
        moveEntry(j);
        return false;
      }
    }
    return true;
  };
  const after = (s: Span): boolean => s.start >= region.end;
  const mine = (s: Span): boolean => replaced !== undefined && belongsTo(s, region);

  // The HOCON tree: whatever follows the region moves, whatever holds it grows.
  const holds = new Set<HoconValue>(path);
  const visitObject = (o: HoconObject): void => {
    for (const f of o.fields) {
      if (after(f.span)) eachFieldSpan(f, shift, enter);
      else if (f.value && holds.has(f.value)) {
        stretch(f.span);
        visitHolder(f.value);
      }
    }
    for (const i of o.includes) if (after(i.span)) shift(i.span);
  };
  const visitHolder = (v: HoconValue): void => {
    stretch(v.span);
    const children = v.kind === 'array' ? v.items : v.kind === 'concatenation' ? v.parts : [];
    children.forEach((c, i) => {
      if (replaced && c === replaced.old.node && v.kind === 'array') v.items[i] = replaced.fresh.node;
      else if (holds.has(c)) visitHolder(c);
      else if (after(c.span)) eachValueSpan(c, shift, enter);
    });
    if (v.kind === 'object') visitObject(v);
  };
  const laterEntries = prev.entries.filter((e) => e !== replaced?.old && after(e.node.span)).sort((a, b) => a.node.span.start - b.node.span.start);
  const laterStarts = laterEntries.map((e) => e.node.span.start);
  const done = new Uint8Array(laterEntries.length);
  const moveEntry = (j: number): void => {
    if (done[j]) return;
    done[j] = 1;
    for (const sp of spansOfEntry(laterEntries[j], prev.problems)) {
      sp.start += delta;
      sp.end += delta;
    }
  };
  // The problems after the region; those in a later entry move with it.
  const laterProblems = prev.problems.filter((p) => after(p.span) && !mine(p.span));
  const outside = laterProblems.filter((p) => !inSomeEntry(laterEntries, p.span));
  const laterComments = prev.comments.filter((c) => after(c.span));
  // Each later entry's spans are listed before any of them moves.
  for (const e of laterEntries) spansOfEntry(e, prev.problems);
  stretch(prev.root.span);
  visitObject(prev.root);
  // An entry not found among the array items (none should be) would keep its old offsets: move it too.
  for (let j = 0; j < laterEntries.length; j++) moveEntry(j);

  for (const d of outside) eachDiagnosticSpan(d, shift);
  laterComments.forEach((c) => shift(c.span));
  return { problems: laterProblems, comments: laterComments };
}
