// What an edit changed between two versions of a text: where it starts and ends in each, and whether it moves line ends.

export interface Change {
  /** First changed offset (same in both texts). */
  from: number;
  /** End of the changed text in the old text. */
  oldEnd: number;
  /** End of the changed text in the new text. */
  newEnd: number;
}

export function changeOf(old: string, text: string): Change {
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
export function movesLineEnds(old: string, text: string, { from, oldEnd, newEnd }: Change): boolean {
  return hasLineBreak(old, from, oldEnd) || hasLineBreak(text, from, newEnd) || old.charCodeAt(from - 1) === 13;
}
