// HOCON values with exact spans made from their tokens (strings, arrays, objects, fields), and what pyhocon refuses or keeps as written in them (escapes, `,,`, keys, missing values): shared by the two builders, from the tokens (directBuild.ts) and from a recovering parse's events (eventBuild.ts).
import type { HelmDiagnostic } from '../common/diagnostic';
import type { Span } from '../common/span';
import type { BuildContext } from './buildContext';
import type {
  HoconArray,
  HoconField,
  HoconInclude,
  HoconKey,
  HoconObject,
  HoconString,
  HoconValue,
} from './types';
import { checkRunTogether, buildInclude } from './confChecks';
import { checkConcatenationTypes, concatenatedString } from './confConcatenation';
import { contentSpanOf, decodeSpan, undecodedEscapes, type Decoded } from './confStrings';
import { FieldNode, KeyNode, NO_ITEMS, NumberNode, ObjectNode, SeparatorNode, StringNode } from './nodes';
import * as T from './tokenKinds';

function tokenSpan(ctx: BuildContext, t: number): Span {
  return { start: ctx.tokens.start[t], end: ctx.tokens.end[t] };
}

// ---------------------------------------------------------------- strings

/** text[start, end) decoded; in a file without backslash or tab, the text as written. */
function decoded(ctx: BuildContext, start: number, end: number, escapes: boolean): Decoded {
  return ctx.plain === true ? { value: ctx.text.slice(start, end) } : decodeSpan(ctx.text, start, end, escapes);
}

function quotedString(t: number, kind: 'double' | 'triple' | 'unterminated', ctx: BuildContext): HoconString {
  const content = contentSpanOf(ctx.text, ctx.tokens.start[t], ctx.tokens.end[t], kind);
  const triple = kind === 'triple';
  const d = decoded(ctx, content.start, content.end, !triple);
  if (!triple) escapeProblems(content, ctx);
  return new StringNode(triple ? 'triple' : 'double', d.value, ctx.tokens.start[t], ctx.tokens.end[t], content, d.rel);
}

function unquotedPart(t: number, ctx: BuildContext): HoconValue {
  const span = tokenSpan(ctx, t);
  const lower = keyword(ctx.text, span.start, span.end);
  // pyhocon's keywords are caseless: `TRUE` is a boolean.
  if (lower === 'true' || lower === 'false') return { kind: 'boolean', value: lower === 'true', span };
  if (lower === 'null') return { kind: 'null', span };
  const d = decoded(ctx, span.start, span.end, true);
  escapeProblems(span, ctx);
  return new StringNode('unquoted', d.value, span.start, span.end, span, d.rel);
}

/** What a JSON habit (`\u00e9`, `\/`) gives in pyhocon: the backslash stays in the value HELM gets. */
function escapeProblems(content: Span, ctx: BuildContext): void {
  if (ctx.backslash === false) return;
  for (const e of undecodedEscapes(ctx.text, content.start, content.end)) {
    const written = ctx.text.slice(e.span.start, e.span.end);
    const what = e.meant === undefined ? '' : `, not \`${e.meant}\``;
    ctx.problems.push({
      code: 'undecoded-escape',
      severity: 'warning',
      message:
        `pyhocon does not decode \`${written}\`: HELM gets these ${written.length} characters as they are${what}. ` +
        'It decodes only `\\\\`, `\\"`, `\\n`, `\\r`, `\\t`, `\\=`, `\\#` and `\\!`.',
      span: e.span,
      ...(e.meant === undefined ? {} : { fixes: [{ title: `Write \`${e.meant}\` itself`, edits: [{ span: { ...e.span }, newText: e.meant }], isPreferred: true }] }),
    });
  }
}

// ---------------------------------------------------------------- values

/** `true`, `false` or `null` as pyhocon's caseless keywords, else undefined (no string made of other runs). */
function keyword(text: string, start: number, end: number): string | undefined {
  const n = end - start;
  if (n !== 4 && n !== 5) return undefined;
  const lower = text.slice(start, end).toLowerCase();
  return lower === 'true' || lower === 'false' || lower === 'null' ? lower : undefined;
}

/** The part of a value one token makes (undefined: a line continuation, which is part of no value). */
export function tokenPart(e: number, ctx: BuildContext): HoconValue | undefined {
  const { tokens, text } = ctx;
  const tt = tokens.kind[e];
  if (tt === T.QuotedString) return quotedString(e, 'double', ctx);
  if (tt === T.TripleString) return quotedString(e, 'triple', ctx);
  if (tt === T.UnterminatedString) return quotedString(e, 'unterminated', ctx);
  if (tt === T.Unquoted || tt === T.ValueEquals) return unquotedPart(e, ctx);
  if (tt === T.NumberLiteral) return new NumberNode(text.slice(tokens.start[e], tokens.end[e]), tokens.start[e], tokens.end[e]);
  if (tt === T.Substitution) {
    const m = /^\$\{(\??)([^}]*)\}?$/.exec(text.slice(tokens.start[e], tokens.end[e]));
    return { kind: 'substitution', path: m ? m[2].trim() : '', optional: m ? m[1] === '?' : false, span: tokenSpan(ctx, e) };
  }
  return undefined;
}

/** A value of its parts, in order: none, one, or several on one line (a concatenation). */
export function valueOf(parts: HoconValue[], ctx: BuildContext): HoconValue | undefined {
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  const span = { start: parts[0].span.start, end: parts[parts.length - 1].span.end };
  checkConcatenationTypes(parts, ctx);
  const joined = concatenatedString(parts, span, ctx);
  return {
    kind: 'concatenation',
    parts,
    value: joined?.value,
    ...(joined ? { offsetOf: joined.offsetOf } : {}),
    span,
  };
}

// ---------------------------------------------------------------- arrays and objects

/**
 * A list of its items, with what pyhocon does with its commas (their tokens, in order). `open` and
 * `close` are the tokens of its brackets, -1 where a recovering parse went on without them (the list
 * then starts at `start`).
 */
export function arrayOf(items: HoconValue[], commas: readonly number[], open: number, close: number, start: number, ctx: BuildContext): HoconArray {
  const { tokens } = ctx;
  // A comma with no item since `[` or since the previous comma: pyhocon adds nothing there.
  let next = 0;
  let lastComma = false;
  for (const c of commas) {
    const offset = tokens.start[c];
    let itemBefore = false;
    while (next < items.length && items[next].span.start < offset) {
      next++;
      itemBefore = true;
    }
    const span = tokenSpan(ctx, c);
    if (!itemBefore && !lastComma && next === 0) {
      ctx.problems.push({
        code: 'leading-comma',
        severity: 'error',
        message: 'A comma right after `[`: pyhocon accepts it and adds no item. Remove it.',
        span,
        fixes: [{ title: 'Remove the comma', edits: [{ span, newText: '' }], isPreferred: true }],
      });
    } else if (!itemBefore && lastComma) {
      ctx.problems.push({
        code: 'double-comma',
        severity: 'error',
        message: 'Two commas with nothing between them: pyhocon accepts them and adds no item. Remove one.',
        span,
        fixes: [{ title: 'Remove the extra comma', edits: [{ span, newText: '' }], isPreferred: true }],
      });
    }
    lastComma = true;
  }
  const from = open >= 0 ? tokens.start[open] : start;
  let last = close >= 0 ? tokens.start[close] + 1 : from + 1;
  if (close < 0) for (const x of items) last = Math.max(last, x.span.end);
  return { kind: 'array', items, span: { start: from, end: Math.max(from, last) } };
}

/** An object of its members, between the tokens of its braces (-1 where a recovering parse went on without them: it then starts at `start`). */
export function objectOf(members: { fields: HoconField[]; includes: HoconInclude[] }, open: number, close: number, start: number, ctx: BuildContext): HoconObject {
  const { tokens } = ctx;
  const { fields, includes } = members;
  const from = open >= 0 ? tokens.start[open] : start;
  // Unclosed (recovered): up to the last field read.
  let end = close >= 0 ? tokens.start[close] + 1 : from + 1;
  if (close < 0) {
    for (const x of fields) end = Math.max(end, x.span.end);
    for (const x of includes) end = Math.max(end, x.span.end);
  }
  return new ObjectNode(fields, includes, from, Math.max(from, end));
}

/** What a builder makes of a whole file: its root object, and whether the file is a list (whose root is then empty). */
export interface RootModel {
  root: HoconObject;
  rootIsList: boolean;
}

/** The root of a file: the object without braces its members make (none when the file is a list), the whole file long. */
export function fileRoot(members: { fields: HoconField[]; includes: HoconInclude[] } | undefined, wholeFile: Span): HoconObject {
  return { kind: 'object', braces: false, fields: members ? members.fields : [], includes: members ? members.includes : [], span: wholeFile };
}

/** The members of an object: its fields (a list at its size), and its includes made from their tokens (after the fields, in order). */
export function membersOf(fields: HoconField[], includeTokens: readonly number[] | undefined, ctx: BuildContext): { fields: HoconField[]; includes: HoconInclude[] } {
  checkObjectOverValue(fields, ctx);
  let includes: HoconInclude[] = NO_ITEMS;
  if (includeTokens !== undefined && includeTokens.length > 0) {
    includes = [];
    for (const t of includeTokens) includes.push(buildInclude(ctx.tokens.start[t], ctx.tokens.end[t], ctx));
  }
  return { fields, includes };
}

/** What pyhocon holds for a value when another is put over it: an object, a list, a value (string, number, boolean), or nothing to go by (null, a substitution). */
function heldAs(v: HoconValue | undefined): 'object' | 'list' | 'value' | undefined {
  if (!v) return 'value';
  switch (v.kind) {
    case 'object':
      return 'object';
    case 'array':
      return 'list';
    case 'string':
    case 'number':
    case 'boolean':
      return 'value';
    case 'concatenation':
      if (v.parts.some((p) => p.kind === 'substitution')) return undefined;
      return v.parts.every((p) => p.kind === 'object') ? 'object' : v.parts.every((p) => p.kind === 'array') ? 'list' : 'value';
    default:
      return undefined;
  }
}

/**
 * An object put over a string, number or boolean of the same key in one object (`a: 1` then
 * `a {b: 2}`, `a: {…}` or `a.b: 2`), or a dotted key over a list: pyhocon cannot merge them and
 * refuses the whole file (ConfigWrongTypeException; a TypeError for the list). A dotted key given a
 * list (`a.b: [2]`) replaces what was there instead. Only the rare object
 * with a dotted key or an object value after its first field is looked at closely.
 */
export function checkObjectOverValue(fields: HoconField[], ctx: BuildContext): void {
  let suspect = false;
  for (let i = 1; i < fields.length && !suspect; i++) suspect = fields[i].key.path.length > 1 || heldAs(fields[i].value) === 'object';
  if (!suspect) return;
  const held = new Map<string, { as: ReturnType<typeof heldAs>; field: HoconField }>();
  for (const f of fields) {
    const path = f.key.path;
    if (path.length === 0) continue;
    const dotted = path.length > 1;
    const valueAs = heldAs(f.value);
    // pyhocon puts a list under a dotted key in place of what was there; anything else it merges.
    const merges = dotted ? valueAs !== 'list' : valueAs === 'object';
    const before = held.get(path[0]);
    if (before && merges && (before.as === 'value' || (before.as === 'list' && dotted))) {
      const what = before.as === 'list' ? 'a list' : before.field.value ? `\`${ctx.text.slice(before.field.value.span.start, before.field.value.span.end)}\`` : 'an empty string';
      ctx.problems.push({
        code: 'syntax-error',
        severity: 'error',
        message:
          `\`${f.key.raw}\` puts an object into \`${path[0]}\`, which holds ${what} (line ${ctx.lineOf(before.field.key.span.start)}): pyhocon cannot merge them and refuses the whole file ` +
          `(\`${before.as === 'list' ? 'TypeError' : 'ConfigWrongTypeException'}\`), so helm-run fails.`,
        span: { start: f.key.span.start, end: f.key.span.end },
      });
    }
    held.set(path[0], { as: dotted ? 'object' : valueAs, field: f });
  }
}

// ---------------------------------------------------------------- fields

/** pyhocon's unquoted key: ASCII letters and digits, Latin-1 letters, `.`, `_`, `-`, `/` and spaces. */
const KEY_OK = /^[A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff._\- /]+$/;

/**
 * The plain keys met so far (`description`, `priority`), each with its text and path shared by every
 * field that has it (read, never changed): a table of fixed size indexed by the key's length and first
 * and last characters, where a key is compared in place, so that no string is made for a key met before.
 */
const KEY_SLOTS = 256;
const plainKeys: Array<{ raw: string; path: string[] } | undefined> = new Array<{ raw: string; path: string[] } | undefined>(KEY_SLOTS).fill(undefined);

function buildKey(t: number, ctx: BuildContext): HoconKey {
  const start = ctx.tokens.start[t];
  const end = ctx.tokens.end[t];
  const text = ctx.text;
  if (ctx.tokens.kind[t] === T.KeyText) {
    // A plain key met before was read without a problem.
    const slot = (end - start + text.charCodeAt(start) * 5 + text.charCodeAt(end - 1) * 17) & (KEY_SLOTS - 1);
    const known = plainKeys[slot];
    if (known !== undefined && known.raw.length === end - start && text.startsWith(known.raw, start)) return new KeyNode(start, end, known.raw, known.path);
    const written = text.slice(start, end);
    // pyparsing makes spaces of a tab (to the next multiple of 8 columns) before pyhocon reads the key.
    const tab = written.includes('\t');
    const image = tab ? decodeSpan(text, start, end, false).value : written;
    const span = { start, end };
    const ok = KEY_OK.test(image);
    if (!ok) {
      const bad = [...image].find((c) => !KEY_OK.test(c)) ?? '';
      ctx.problems.push({
        code: 'syntax-error',
        severity: 'error',
        message: `pyhocon cannot read \`${image}\` as a key (\`${bad}\` is not allowed in an unquoted key): it refuses the whole file. Put the key in double quotes.`,
        span,
      });
    }
    if (image.includes('.')) {
      const path = image.split('.').filter((p) => p.length > 0);
      if (path.length === 0 && ok) ctx.problems.push(emptyKeyProblem(image, span));
      return new KeyNode(start, end, written, path);
    }
    if (ok && !tab) {
      // A copy of its own: a slice would keep the document it was cut from alive.
      const own = (' ' + image).slice(1);
      plainKeys[slot] = { raw: own, path: [own] };
    }
    return new KeyNode(start, end, written, [image]);
  }
  const span = { start, end };
  const image = text.slice(start, end);
  const kind = ctx.tokens.kind[t] === T.TripleString ? 'triple' : 'double';
  const c = contentSpanOf(ctx.text, span.start, span.end, kind);
  if (c.start === c.end) ctx.problems.push(emptyKeyProblem(image, span));
  else if (kind === 'triple' && /[\r\n]/.test(image)) {
    ctx.problems.push({
      code: 'syntax-error',
      severity: 'error',
      message: 'pyhocon cannot read a `"""…"""` key that spans lines (only a value may): it refuses the whole file.',
      span,
    });
  }
  return new KeyNode(span.start, span.end, image, [decodeSpan(ctx.text, c.start, c.end, kind === 'double').value]);
}

/** `""` or `.` as a key: pyhocon reads no name in it. */
function emptyKeyProblem(image: string, span: Span): HelmDiagnostic {
  return {
    code: 'syntax-error',
    severity: 'error',
    message: `pyhocon cannot read \`${image.trim()}\` as a key (it names nothing): it refuses the whole file.`,
    span,
  };
}

const SEPARATORS = { [T.Colon]: ':', [T.Equals]: '=', [T.PlusEquals]: '+=' } as const;

/** A field of its key token and separator token (-1: none), before its value is read. */
export function fieldStart(keyToken: number, sepToken: number, ctx: BuildContext): HoconField {
  const { tokens } = ctx;
  const field: HoconField = new FieldNode(buildKey(keyToken, ctx));
  if (sepToken >= 0) {
    field.separator = new SeparatorNode(SEPARATORS[tokens.kind[sepToken] as keyof typeof SEPARATORS], tokens.start[sepToken], tokens.end[sepToken]);
    field.span.end = field.separator.span.end;
  }
  return field;
}

/** What pyhocon makes of a field with a separator and no value (`priority:`), then what that leads to (`consequence`, '' for nothing). */
export function missingValueMessage(field: HoconField, consequence: string): string {
  return `Missing value after \`${field.key.raw}${field.separator?.kind ?? ''}\`: pyhocon reads an empty string here${consequence}.`;
}

/** The field with its value (undefined: none), and what pyhocon makes of it; `object`: the value is an object after the key with no separator. */
export function fieldEnd(field: HoconField, value: HoconValue | undefined, object: boolean, ctx: BuildContext): HoconField {
  const key = field.key;
  if (!field.separator && !object) {
    const found = value ? (ctx.text.slice(value.span.start, Math.min(value.span.end, value.span.start + 30)).split(/[\r\n]/)[0] ?? '') : '';
    const after = found ? `, found \`${found}\`` : '';
    ctx.problems.push({
      code: 'syntax-error',
      severity: 'error',
      message: `Expected \`:\`, \`=\` or \`{\` after the key \`${key.raw}\`${after}. pyhocon refuses the whole file.`,
      span: key.span,
    });
  }
  if (value) {
    field.value = value;
    field.span.end = value.span.end;
    checkRunTogether(field, value, ctx);
  } else if (field.separator) {
    // A warning: HELM ignores most fields it gets an empty string for. Where it fails instead (an
    // entry's `description`, `priority` or `groups`, and `entries`), runEntries.ts makes it an error.
    ctx.problems.push({ code: 'missing-value', severity: 'warning', message: missingValueMessage(field, ''), span: field.separator.span });
  }
  return field;
}
