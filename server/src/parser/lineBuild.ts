// The model of a file written the way nearly every run entry file is, read line by line with the string's own searches and no token list: comment lines, `entries: [`, one entry per line (`description`, `priority`, `groups` with a plain value each), `]`. Any other file is left to the scanner and the builders.
import { fileRoot, type RootModel } from './confValues';
import { FieldNode, KeyNode, NO_ITEMS, NumberNode, ObjectNode, SeparatorNode, StringNode } from './nodes';
import { commentAt } from './scanner';
import type { HoconArray, HoconComment, HoconField, HoconKey, HoconValue } from './types';

/*
 * What is read here, spaces (not tabs) allowed between any two pieces of a line:
 *   file    := (blank | comment)* (`entries` | `"entries"`) (`:` | `=`) `[` comment? NL  line*  `]` comment? NL  (blank | comment)*
 *   line    := blank | comment | `{` field (`,` field)* `}` `,`? comment? NL
 *   field   := `description` sep "…" | `priority` sep digits | `groups` sep `[` ("…" (`,` "…")*)? `]`   (each key once)
 * in a file without `\`, tab or `\r`, where every string is its text as written. Each such file is one
 * the scanner and the direct build read without an error, and the model made here is the one they make
 * (test/unit/lineBuild.test.ts holds the two to it); anything else gives undefined, and nothing is made.
 */

const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const COMMA = 44;
const SLASH = 47;
const COLON = 58;
const EQUALS = 61;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;

/** The keys of a run entry read here, each with its path shared by every field that has it (read, never changed). */
const DESCRIPTION = { raw: 'description', path: ['description'], bit: 1 };
const PRIORITY = { raw: 'priority', path: ['priority'], bit: 2 };
const GROUPS = { raw: 'groups', path: ['groups'], bit: 4 };
const ENTRIES_PATH = ['entries'];

/** Where a read stopped short of the shape: the file is read the usual way. */
const OTHER = -1;

/** The model of `text`, and its comments, when the file has the shape above; undefined otherwise. */
export function buildLines(text: string): { model: RootModel; comments: HoconComment[] } | undefined {
  if (text.indexOf('\\') >= 0 || text.indexOf('\t') >= 0 || text.indexOf('\r') >= 0) return undefined;
  const n = text.length;
  const comments: HoconComment[] = [];
  const items: HoconValue[] = [];
  let entries: HoconField | undefined;
  let open = -1;
  let closed = false;
  for (let at = 0; at < n; ) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = n;
    let i = spaces(text, at);
    if (i < nl && !readComment(text, i, nl, comments)) {
      const c = text.charCodeAt(i);
      if (entries === undefined) {
        // The header: `entries: [` (or `"entries": [`).
        const raw = text.startsWith('entries', i) ? 'entries' : text.startsWith('"entries"', i) ? '"entries"' : undefined;
        if (raw === undefined) return undefined;
        const key = new KeyNode(i, i + raw.length, raw, ENTRIES_PATH);
        const sep = spaces(text, i + raw.length);
        const sepKind = text.charCodeAt(sep);
        if (sepKind !== COLON && sepKind !== EQUALS) return undefined;
        open = spaces(text, sep + 1);
        if (text.charCodeAt(open) !== LBRACKET) return undefined;
        entries = new FieldNode(key);
        entries.separator = new SeparatorNode(sepKind === COLON ? ':' : '=', sep, sep + 1);
        i = spaces(text, open + 1);
      } else if (closed) return undefined;
      else if (c === RBRACKET) {
        const list: HoconArray = { kind: 'array', items, span: { start: open, end: i + 1 } };
        entries.value = list;
        entries.span.end = i + 1;
        closed = true;
        i = spaces(text, i + 1);
      } else if (c === LBRACE) {
        const close = entryObject(text, i, nl, items);
        if (close === OTHER) return undefined;
        i = spaces(text, close);
        if (text.charCodeAt(i) === COMMA) i = spaces(text, i + 1);
      } else return undefined;
      // What is left of the line: nothing, or a comment.
      if (i < nl && !readComment(text, i, nl, comments)) return undefined;
    }
    at = nl + 1;
  }
  if (!entries || !closed) return undefined;
  return { model: { root: fileRoot({ fields: [entries], includes: NO_ITEMS }, { start: 0, end: n }), rootIsList: false }, comments };
}

/** After the spaces at `at`. */
function spaces(text: string, at: number): number {
  while (text.charCodeAt(at) === SPACE) at++;
  return at;
}

/** A comment from `at` to the line's end (`#` or `//`), added to `comments`; false where none starts. */
function readComment(text: string, at: number, end: number, comments: HoconComment[]): boolean {
  const c = text.charCodeAt(at);
  if (c !== HASH && !(c === SLASH && text.charCodeAt(at + 1) === SLASH)) return false;
  comments.push(commentAt(text, at, end));
  return true;
}

/** A `"…"` string at `at` that ends before `nl`: its node, or undefined. */
function quoted(text: string, at: number, nl: number): StringNode | undefined {
  if (text.charCodeAt(at) !== QUOTE) return undefined;
  const close = text.indexOf('"', at + 1);
  // `"""` opens a triple-quoted string, or `""` and a string after it when nothing closes it.
  if (close < 0 || close >= nl || (close === at + 1 && text.charCodeAt(at + 2) === QUOTE)) return undefined;
  return new StringNode('double', text.slice(at + 1, close), at, close + 1, { start: at + 1, end: close }, undefined);
}

/** The entry object at `open` (its `{`), added to `items`: the offset after its `}`, or OTHER. */
function entryObject(text: string, open: number, nl: number, items: HoconValue[]): number {
  const fields: HoconField[] = [];
  let seen = 0;
  let i = spaces(text, open + 1);
  for (;;) {
    const c = text.charCodeAt(i);
    const known = c === 100 ? DESCRIPTION : c === 112 ? PRIORITY : c === 103 ? GROUPS : undefined;
    if (known === undefined || (seen & known.bit) !== 0 || !text.startsWith(known.raw, i)) return OTHER;
    seen |= known.bit;
    const keyEnd = i + known.raw.length;
    const sep = spaces(text, keyEnd);
    const sepKind = text.charCodeAt(sep);
    if (sepKind !== COLON && sepKind !== EQUALS) return OTHER;
    const key: HoconKey = new KeyNode(i, keyEnd, known.raw, known.path);
    const field = new FieldNode(key);
    field.separator = new SeparatorNode(sepKind === COLON ? ':' : '=', sep, sep + 1);
    const at = spaces(text, sep + 1);
    let value: HoconValue | undefined;
    if (known === DESCRIPTION) value = quoted(text, at, nl);
    else if (known === PRIORITY) value = digits(text, at);
    else value = groupList(text, at, nl);
    if (value === undefined) return OTHER;
    field.value = value;
    field.span.end = value.span.end;
    fields.push(field);
    i = spaces(text, value.span.end);
    const next = text.charCodeAt(i);
    if (next === RBRACE) break;
    if (next !== COMMA) return OTHER;
    i = spaces(text, i + 1);
  }
  items.push(new ObjectNode(fields, NO_ITEMS, open, i + 1));
  return i + 1;
}

/** An int written in digits at `at`: its node, or undefined. */
function digits(text: string, at: number): NumberNode | undefined {
  let end = at;
  for (let c = text.charCodeAt(end); c >= 48 && c <= 57; c = text.charCodeAt(end)) end++;
  return end > at ? new NumberNode(text.slice(at, end), at, end) : undefined;
}

/** A list of `"…"` strings at `at`, on its line: its node, or undefined. */
function groupList(text: string, at: number, nl: number): HoconArray | undefined {
  if (text.charCodeAt(at) !== LBRACKET) return undefined;
  const items: HoconValue[] = [];
  let i = spaces(text, at + 1);
  if (text.charCodeAt(i) !== RBRACKET) {
    for (;;) {
      const s = quoted(text, i, nl);
      if (s === undefined) return undefined;
      items.push(s);
      i = spaces(text, s.end);
      if (text.charCodeAt(i) === RBRACKET) break;
      if (text.charCodeAt(i) !== COMMA) return undefined;
      i = spaces(text, i + 1);
    }
  }
  return { kind: 'array', items, span: { start: at, end: i + 1 } };
}
