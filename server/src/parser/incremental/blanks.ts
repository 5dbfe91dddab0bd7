// The short way for blanks and line breaks typed or deleted between run entries: nothing is read again, what follows moves.
import { LineIndex } from '../../common/span';
import { expandedColumn } from '../confStrings';
import type { ConfFile } from '../types';
import { movesLineEnds, type Change } from './change';
import { moveAfter, nextVersion, pathTo, straddles } from './spans';

/** Space, tab, CR, LF. */
function onlyBlanks(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

/** A literal tab after `at` on its line. */
function tabLaterOnLine(text: string, at: number): boolean {
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 9) return true;
    if (c === 10 || c === 13) return false;
  }
  return false;
}

/**
 * What follows the edit on its line keeps how its tabs expand. pyparsing expands each tab to the next
 * tab stop of its column, inside strings too (confStrings.ts): a tab moved to another place between two
 * stops becomes another number of spaces, and what holds it must be read again.
 */
function tabsKept(old: string, oldEnd: number, text: string, newEnd: number): boolean {
  return !tabLaterOnLine(text, newEnd) || expandedColumn(old, oldEnd) % 8 === expandedColumn(text, newEnd) % 8;
}

/**
 * Blanks and line breaks added or removed between the entries of an array (Enter after an entry, a
 * blank line deleted): nothing is read again, what follows moves. Not at the end of a comment (the
 * blanks, or the line joined to it, would be part of it), nor when two entries would be left with
 * neither a `,` nor a line break between them (HOCON would merge them), nor when a tab after the edit
 * on its line would expand to another number of spaces.
 */
export function spliceBlanks(prev: ConfFile, text: string, { from, oldEnd, newEnd }: Change): ConfFile | undefined {
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
  if (!tabsKept(old, oldEnd, text, newEnd)) return undefined;
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
