// The spans of the previous version carried into the next one: visiting every span of a value, an entry or a problem, and moving those after an edit in place.
import type { HelmDiagnostic } from '../../common/diagnostic';
import { firstStartingAt, type LineIndex, type Span } from '../../common/span';
import { KeyValueArg } from '../descriptionPieces';
import type { ConfFile, HoconComment, HoconField, HoconObject, HoconValue, RunEntry } from '../types';

/** The chain of values from the root's field down to the array that holds `node` as an item. */
export function pathTo(root: HoconObject, node: HoconValue): HoconValue[] | undefined {
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

export const within = (s: Span, outer: Span): boolean => s.start >= outer.start && s.end <= outer.end;

/** A problem belongs to the entry it lies in (a zero-width one at the entry's very end belongs to what follows). */
export const belongsTo = (s: Span, entry: Span): boolean => within(s, entry) && !(s.start === s.end && s.start === entry.end);

type SpanVisit = (s: Span | undefined) => void;

/** Every span of the problem (its related places, its fixes' edits) passes `test`. */
export function everySpan(d: HelmDiagnostic, test: (s: Span) => boolean): boolean {
  let all = true;
  eachDiagnosticSpan(d, (s) => {
    if (s && !test(s)) all = false;
  });
  return all;
}

/**
 * Does the problem lie across `region`, or point at both sides of it (a related place, a fix)? Its
 * spans are moved as one, which would then be wrong for some of them.
 */
export function straddles(d: HelmDiagnostic, region: Span): boolean {
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

export function spansOfEntry(entry: RunEntry, problems: HelmDiagnostic[]): Span[] {
  const cached = entrySpans.get(entry);
  if (cached) return cached;
  const seen = new Set<Span>();
  const add = (s: Span | undefined): void => {
    if (s) seen.add(s);
  };
  eachValueSpan(entry.node, add);
  const parsed = entry.description?.parsed;
  if (parsed) {
    // Its `:` and `,` lie between its pieces: no spans of their own to move.
    add(parsed.name.span);
    for (const a of parsed.args) {
      // A `key=value` argument is its own span: its key, `=`, value and piece are made from it when asked for.
      if (a instanceof KeyValueArg) add(a);
      else add(a.piece.span);
    }
    for (const d of parsed.problems) eachDiagnosticSpan(d, add);
  }
  const span = entry.node.span;
  // Problems are sorted by start.
  for (let i = firstStartingAt(problems, span.start, (p) => p.span.start); i < problems.length && problems[i].span.start <= span.end; i++) {
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


/** The entries starting at or after `offset` but `skipped`, by start (in file order already, as a rule: found by a binary search then). */
function entriesAfter(entries: RunEntry[], offset: number, skipped: RunEntry | undefined): RunEntry[] {
  const byStart = (a: RunEntry, b: RunEntry): number => a.node.span.start - b.node.span.start;
  let inOrder = true;
  for (let i = 1; i < entries.length && inOrder; i++) inOrder = entries[i - 1].node.span.start <= entries[i].node.span.start;
  const later = inOrder ? entries.slice(firstStartingAt(entries, offset, (e) => e.node.span.start)) : entries.filter((e) => e.node.span.start >= offset).sort(byStart);
  const at = skipped && skipped.node.span.start >= offset ? later.indexOf(skipped) : -1;
  if (at >= 0) later.splice(at, 1);
  return later;
}

/** `prev`'s tree, now for `text`, with the parts the splice rebuilt. */
export function nextVersion(prev: ConfFile, text: string, lines: LineIndex, parts: Pick<ConfFile, 'comments' | 'entries' | 'problems'>): ConfFile {
  const { comments, entries, problems } = parts;
  return { text, lines, root: prev.root, comments, ...(prev.entriesField ? { entriesField: prev.entriesField } : {}), entries, problems };
}

/**
 * Moves by `delta` every span of `prev` that starts at or after `region.end`, and stretches the values
 * on `path` (those holding the region) by it; an entry being replaced is swapped for its new version in
 * its array. Returns the problems and comments after the region, moved.
 */
export function moveAfter(
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
  const laterEntries = entriesAfter(prev.entries, region.end, replaced?.old);
  const laterStarts = laterEntries.map((e) => e.node.span.start);
  const done = new Uint8Array(laterEntries.length);
  const moveEntry = (j: number): void => {
    if (done[j]) return;
    done[j] = 1;
    for (const sp of laterSpans[j]) {
      sp.start += delta;
      sp.end += delta;
    }
  };
  // The problems after the region; those in a later entry move with it.
  const laterProblems = prev.problems.filter((p) => after(p.span) && !mine(p.span));
  const outside = laterProblems.filter((p) => !inSomeEntry(laterEntries, p.span));
  const laterComments = prev.comments.filter((c) => after(c.span));
  // Each later entry's spans are listed before any of them moves.
  const laterSpans = laterEntries.map((e) => spansOfEntry(e, prev.problems));
  stretch(prev.root.span);
  visitObject(prev.root);
  // An entry not found among the array items (none should be) would keep its old offsets: move it too.
  for (let j = 0; j < laterEntries.length; j++) moveEntry(j);

  for (const d of outside) eachDiagnosticSpan(d, shift);
  laterComments.forEach((c) => shift(c.span));
  return { problems: laterProblems, comments: laterComments };
}
