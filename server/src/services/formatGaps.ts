// The text between two formatted things (run entries, fields, brackets): its comments and blank lines, laid out again.
import type { HoconComment } from '../parser/types';

/** What stands before or after a gap. */
export type GapEnd = 'start' | 'open' | 'element' | 'close' | 'end';

export interface GapLayout {
  /** A comment on the line of the thing before the gap. */
  trailing?: string;
  /** The lines after it, in order: a comment (as written, trailing blanks cut) or a blank line. */
  lines: Array<string | null>;
  /** The gap held only blanks, commas, line breaks and comments. */
  clean: boolean;
}

/** Reads the gap text[start, end); `comments` are the comments inside it, in order. */
export function readGap(text: string, start: number, end: number, comments: readonly HoconComment[], before: GapEnd): GapLayout {
  const lines: Array<string | null> = [];
  let trailing: string | undefined;
  let line = 0;
  let lineHasComment = false;
  let lineHasComma = false;
  let clean = true;
  let c = 0;
  for (let i = start; i < end; ) {
    const comment = comments[c];
    if (comment && comment.span.start === i) {
      const written = text.slice(comment.span.start, comment.span.end).replace(/\s+$/, '');
      if (line === 0 && (before === 'open' || before === 'element')) trailing = written;
      else lines.push(written);
      lineHasComment = true;
      i = comment.span.end;
      c++;
      continue;
    }
    const ch = text.charCodeAt(i);
    if (ch === 13 || ch === 10) {
      // A full line without a comment is a blank line (the first one ends the line of the thing before).
      if (line > 0 && !lineHasComment && !lineHasComma) lines.push(null);
      line++;
      lineHasComment = false;
      lineHasComma = false;
      i += ch === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      continue;
    }
    if (ch === 44) lineHasComma = true;
    else if (ch !== 32 && ch !== 9) clean = false;
    i++;
  }
  return { ...(trailing !== undefined ? { trailing } : {}), lines, clean };
}

/**
 * The gap's new text: a trailing comment stays on its line (one space before it), each other comment
 * gets a line of its own at `indent`, runs of blank lines become one, and none is kept right after an
 * opening bracket, at the start of the file, before a closing bracket or at the end of the file.
 * What follows the gap starts on a new line at `nextIndent` (none for an empty `[]`).
 */
export function layoutGap(gap: GapLayout, before: GapEnd, after: GapEnd, indent: string, nextIndent: string, eol: string): string {
  const kept: Array<string | null> = [];
  for (const l of gap.lines) {
    if (l === null && (kept.length === 0 ? before === 'open' || before === 'start' : kept[kept.length - 1] === null)) continue;
    kept.push(l);
  }
  if ((after === 'close' || after === 'end') && kept[kept.length - 1] === null) kept.pop();
  const body = kept.map((l) => (l === null ? eol : indent + l + eol)).join('');
  const head = gap.trailing !== undefined ? ` ${gap.trailing}` : '';
  if (before === 'open' && after === 'close' && head === '' && body === '') return '';
  if (before === 'start') return after === 'end' ? body : body + nextIndent;
  if (after === 'end') return head + eol + body;
  return head + eol + body + nextIndent;
}
