// What is under the cursor in a conf file: a part of a run entry description, an entry key, or a place for a new entry.
import type { Span } from '../common/span';
import type {
  ConfFile,
  DescriptionArg,
  DescriptionText,
  HoconArray,
  HoconField,
  HoconObject,
  HoconString,
  ParsedDescription,
  RunEntry,
} from '../parser/types';

/** Where inside a description the cursor stands. */
export type DescriptionPart =
  /** On the run spec function name (before the first `:`, or the whole text without `:`). */
  | { part: 'name'; text: DescriptionText }
  /** On the key of argument `index` (before its `=`; the whole piece when it has no `=`). */
  | { part: 'key'; arg: DescriptionArg; index: number; text: DescriptionText }
  /** On the value of argument `index` (after its first `=`). */
  | { part: 'value'; arg: DescriptionArg; index: number; text: DescriptionText };

export interface DescriptionCursor {
  kind: 'description';
  entry: RunEntry;
  /** The description string node. */
  string: HoconString;
  parsed: ParsedDescription;
  at: DescriptionPart;
}

/** In an entry object where a key is written (on a key, or between fields). */
export interface EntryKeyCursor {
  kind: 'entry-key';
  entry: RunEntry;
  object: HoconObject;
  /** The key-like word at the cursor (may be empty); replacing it inserts the key. */
  word: DescriptionText;
  /** The field whose key the cursor is on, if any. */
  field?: HoconField;
  /** Something other than `{`, `,` or a line break precedes the word on its line: a new key needs a `,` first. */
  needsComma: boolean;
}

/** In the value of a field of an entry other than the description (e.g. on `priority: 1`). */
export interface EntryValueCursor {
  kind: 'entry-value';
  entry: RunEntry;
  field: HoconField;
}

/** In the `entries` list, outside every entry: a place for a new entry. */
export interface EntriesCursor {
  kind: 'entries';
  array: HoconArray;
  word: DescriptionText;
  /** An entry ends just before on the same line: a new one needs a `,` first (HOCON merges `{…} {…}`). */
  needsComma: boolean;
}

export type CursorContext = DescriptionCursor | EntryKeyCursor | EntryValueCursor | EntriesCursor | { kind: 'none' };

const within = (span: Span, offset: number): boolean => span.start <= offset && offset <= span.end;
const strictlyWithin = (span: Span, offset: number): boolean => span.start < offset && offset < span.end;

/** Characters of a HOCON key as typed in an entry (letters, digits, `_`, `-`). */
const KEY_CHAR = /[A-Za-z0-9_-]/;

/** The run of key characters around `offset`. */
export function keyWordAt(text: string, offset: number): DescriptionText {
  let start = offset;
  let end = offset;
  while (start > 0 && KEY_CHAR.test(text[start - 1])) start--;
  while (end < text.length && KEY_CHAR.test(text[end])) end++;
  return { text: text.slice(start, end), span: { start, end } };
}

/** The last character before `offset` that is not a space or tab (undefined at the start of the text). */
function previousNonBlank(text: string, offset: number): string | undefined {
  let i = offset - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i >= 0 ? text[i] : undefined;
}

/** The part of a parsed description at a document offset inside the description's content. */
export function descriptionPartAt(parsed: ParsedDescription, offset: number): DescriptionPart | undefined {
  if (!parsed.colon || offset <= parsed.colon.start) {
    return within(parsed.name.span, offset) ? { part: 'name', text: parsed.name } : undefined;
  }
  for (let index = 0; index < parsed.args.length; index++) {
    const arg = parsed.args[index];
    if (!within(arg.piece.span, offset)) continue;
    if (arg.equals && arg.value && offset >= arg.equals.end) return { part: 'value', arg, index, text: arg.value };
    return { part: 'key', arg, index, text: arg.key };
  }
  return undefined;
}

/** The content of a description string, as far as the cursor may stand in it (an unterminated string runs to its end). */
function contentSpan(node: HoconString): Span {
  return node.contentSpan;
}

function descriptionCursor(entry: RunEntry, offset: number): DescriptionCursor | undefined {
  const d = entry.description;
  if (!d || !d.parsed || d.node.kind !== 'string') return undefined;
  if (!within(contentSpan(d.node), offset)) return undefined;
  const at = descriptionPartAt(d.parsed, offset);
  return at ? { kind: 'description', entry, string: d.node, parsed: d.parsed, at } : undefined;
}

function objectInner(conf: ConfFile, object: HoconObject, offset: number): boolean {
  if (!object.braces) return within(object.span, offset);
  // An object cut off by the end of the input has no `}`: the cursor may stand at its very end.
  const closed = conf.text[object.span.end - 1] === '}' && object.span.end - object.span.start >= 2;
  return closed ? strictlyWithin(object.span, offset) : object.span.start < offset && offset <= object.span.end;
}

function entryCursor(conf: ConfFile, entry: RunEntry, offset: number): CursorContext | undefined {
  const object = entry.object;
  if (!object || !objectInner(conf, object, offset)) return undefined;
  const inDescription = descriptionCursor(entry, offset);
  if (inDescription) return inDescription;
  for (const field of object.fields) {
    if (within(field.key.span, offset)) {
      const word = keyWordAt(conf.text, offset);
      return { kind: 'entry-key', entry, object, word, field, needsComma: needsCommaBefore(conf.text, word.span.start) };
    }
    if (field.value && within(field.value.span, offset)) {
      // Just after a closing quote or bracket the cursor has left the value; just after a bare word it has not.
      const v = field.value;
      const closedEnd =
        offset === v.span.end &&
        ((v.kind === 'string' && v.quoting !== 'unquoted') || v.kind === 'array' || v.kind === 'object');
      if (!closedEnd) return { kind: 'entry-value', entry, field };
    }
    const sepEnd = field.separator?.span.end ?? field.key.span.end;
    if (offset > field.key.span.end && offset <= sepEnd) return { kind: 'none' };
    if (field.separator && !field.value && offset > sepEnd && onSameLine(conf.text, sepEnd, offset)) return { kind: 'none' };
    if (field.value && offset > sepEnd && offset < field.value.span.start) return { kind: 'none' };
  }
  const word = keyWordAt(conf.text, offset);
  return { kind: 'entry-key', entry, object, word, needsComma: needsCommaBefore(conf.text, word.span.start) };
}

function onSameLine(text: string, from: number, to: number): boolean {
  return !/[\r\n]/.test(text.slice(from, to));
}

function needsCommaBefore(text: string, offset: number): boolean {
  const prev = previousNonBlank(text, offset);
  return prev !== undefined && prev !== '{' && prev !== ',' && prev !== '\n' && prev !== '\r' && prev !== '[';
}

function entriesCursor(conf: ConfFile, offset: number): CursorContext | undefined {
  const array = conf.entriesField?.value;
  if (!array || array.kind !== 'array') return undefined;
  const closed = conf.text[array.span.end - 1] === ']';
  const inside = closed ? strictlyWithin(array.span, offset) : array.span.start < offset && offset <= array.span.end;
  if (!inside) return undefined;
  for (const item of array.items) if (strictlyWithin(item.span, offset)) return { kind: 'none' };
  const word = keyWordAt(conf.text, offset);
  const prev = previousNonBlank(conf.text, word.span.start);
  return { kind: 'entries', array, word, needsComma: prev === '}' };
}

/** What the cursor at `offset` stands on. Never throws. */
export function cursorContext(conf: ConfFile, offset: number): CursorContext {
  for (const c of conf.comments) if (c.span.start < offset && offset <= c.span.end) return { kind: 'none' };
  for (const entry of conf.entries) {
    const inEntry = entryCursor(conf, entry, offset);
    if (inEntry) return inEntry;
  }
  // A description that is not inside an object we know of (e.g. a bare string item) still gets the description features.
  for (const entry of conf.entries) {
    const d = descriptionCursor(entry, offset);
    if (d) return d;
  }
  return entriesCursor(conf, offset) ?? { kind: 'none' };
}

/** The description under the cursor, if the cursor is inside one. */
export function descriptionAt(conf: ConfFile, offset: number): DescriptionCursor | undefined {
  const c = cursorContext(conf, offset);
  return c.kind === 'description' ? c : undefined;
}
