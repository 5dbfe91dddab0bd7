// Decoding of quoted, triple-quoted and unquoted strings as pyhocon does it, with a map back to document offsets.
import type { Span } from '../common/span';

/*
 * pyhocon decodes only these escapes (its REPLACEMENTS table); any other `\x` stays as the two
 * characters `\x` (so `\u00e9`, `\/`, `\b` and `\f` are NOT decoded). Before parsing, pyparsing
 * expands every literal tab to spaces (tab stops of 8, counted from the line start), also
 * inside strings. And before that, HELM reads the file in text mode: each `\r\n` and lone `\r` is a
 * `\n` (only a `"""…"""` string can hold one).
 */
const ESCAPES: Record<string, string> = { '\\': '\\', n: '\n', r: '\r', t: '\t', '=': '=', '#': '#', '!': '!', '"': '"' };

export interface Decoded {
  value: string;
  /**
   * rel[k]: the offset of value[k] from the start of the decoded text, one more for the end; absent
   * when nothing was decoded (value[k] stands at start + k).
   */
  rel?: number[];
}

/**
 * The last column worked out. The next one asked for further along the same line is counted on from
 * there, not from the line start: a line of a hundred thousand tabs stays linear.
 */
let lastColumn: { text: string; offset: number; column: number } | undefined;

/** The column of `offset` on its line after expanding tabs (as Python's str.expandtabs counts). */
export function expandedColumn(text: string, offset: number): number {
  const memo = lastColumn !== undefined && lastColumn.offset <= offset && lastColumn.text === text ? lastColumn : undefined;
  let from = offset;
  let col = 0;
  while (from > 0) {
    if (from === memo?.offset) {
      col = memo.column;
      break;
    }
    const c = text.charCodeAt(from - 1);
    if (c === 10 || c === 13) break;
    from--;
  }
  for (let i = from; i < offset; i++) col = text.charCodeAt(i) === 9 ? col + 8 - (col % 8) : col + 1;
  lastColumn = { text, offset, column: col };
  return col;
}

/** The spaces a literal tab at `offset` becomes. */
export function expandedTab(text: string, offset: number): string {
  const col = expandedColumn(text, offset);
  return ' '.repeat(8 - (col % 8));
}

/** Decodes text[start, end); `escapes` false for triple-quoted strings (pyhocon keeps them raw). */
export function decodeSpan(text: string, start: number, end: number, escapes: boolean): Decoded {
  let plain = true;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 9 || c === 13 || (escapes && c === 92)) {
      plain = false;
      break;
    }
  }
  if (plain) return { value: text.slice(start, end) };
  let value = '';
  const rel: number[] = [];
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (ch === '\\' && escapes && i + 1 < end) {
      const next = text[i + 1];
      const decoded = ESCAPES[next];
      if (decoded !== undefined) {
        value += decoded;
        rel.push(i - start);
      } else if (next === '\t') {
        // pyparsing made spaces of the tab before pyhocon met the backslash.
        const spaces = expandedTab(text, i + 1);
        value += ch + spaces;
        rel.push(i - start);
        for (let k = 0; k < spaces.length; k++) rel.push(i + 1 - start);
      } else {
        value += ch + next;
        rel.push(i - start, i + 1 - start);
      }
      i++;
    } else if (ch === '\r') {
      value += '\n';
      rel.push(i - start);
      if (i + 1 < end && text.charCodeAt(i + 1) === 10) i++;
    } else if (ch === '\t') {
      const spaces = expandedTab(text, i);
      value += spaces;
      for (let k = 0; k < spaces.length; k++) rel.push(i - start);
    } else {
      value += ch;
      rel.push(i - start);
    }
  }
  rel.push(end - start);
  return { value, rel };
}

/** A `\x` pyhocon leaves as it is written; `meant` is the character a JSON reader would have made of it. */
export interface UndecodedEscape {
  span: Span;
  meant?: string;
}

/**
 * The escapes in text[start, end) that pyhocon does not decode (`\u00e9`, `\/`, `\b`, `\f`, `\x`, …):
 * HELM gets the backslash and what follows as they are written.
 */
export function undecodedEscapes(text: string, start: number, end: number): UndecodedEscape[] {
  const out: UndecodedEscape[] = [];
  for (let i = start; i + 1 < end; i++) {
    if (text.charCodeAt(i) !== 92) continue;
    const next = text[i + 1];
    if (ESCAPES[next] === undefined) {
      const hex = next === 'u' ? /^[0-9a-fA-F]{4}/.exec(text.slice(i + 2, Math.min(end, i + 6)))?.[0] : undefined;
      const code = hex === undefined ? undefined : parseInt(hex, 16);
      // A lone surrogate half or a control character is nothing to write in its place.
      const printable = code !== undefined && code >= 0x20 && !(code >= 0x7f && code < 0xa0) && !(code >= 0xd800 && code < 0xe000);
      if (hex !== undefined) out.push({ span: { start: i, end: i + 6 }, meant: printable ? String.fromCharCode(code as number) : undefined });
      else out.push({ span: { start: i, end: i + 2 }, meant: next === '/' ? '/' : undefined });
    }
    i++;
  }
  return out;
}

/** The content span of a quoted token text[start, end): inside `"…"`, `"""…"""`, or after the `"` of an unterminated one. */
export function contentSpanOf(text: string, start: number, end: number, kind: 'double' | 'triple' | 'unterminated'): Span {
  switch (kind) {
    case 'double':
      return { start: start + 1, end: end - 1 };
    case 'triple':
      return { start: start + 3, end: end - 3 };
    default:
      return { start: start + 1, end: end > start + 1 && text.charCodeAt(end - 1) === 92 ? end - 1 : end };
  }
}
