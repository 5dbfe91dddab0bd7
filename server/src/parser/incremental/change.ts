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
  // Blocks compared as strings first (native comparison), growing while they match and halving when
  // not, so that a text of megabytes takes a few dozen comparisons; then character by character.
  let from = 0;
  for (let step = BLOCK; step >= MIN_BLOCK; ) {
    if (from + step <= max && old.slice(from, from + step) === text.slice(from, from + step)) {
      from += step;
      step *= 2;
    } else step >>= 1;
  }
  while (from < max && old.charCodeAt(from) === text.charCodeAt(from)) from++;
  const room = max - from;
  let tail = 0;
  for (let step = BLOCK; step >= MIN_BLOCK; ) {
    if (tail + step <= room && old.slice(old.length - tail - step, old.length - tail) === text.slice(text.length - tail - step, text.length - tail)) {
      tail += step;
      step *= 2;
    } else step >>= 1;
  }
  while (tail < room && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  return { from, oldEnd: old.length - tail, newEnd: text.length - tail };
}

const BLOCK = 512;
const MIN_BLOCK = 16;

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
