// A parse's events → HOCON values with exact spans (strings, arrays, objects, fields), and what pyhocon refuses or keeps as written in them (escapes, `,,`, keys, missing values).
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
import { contentSpanOf, decodeSpan, undecodedEscapes } from './confStrings';
import { FieldNode, KeyNode, NO_ITEMS, NumberNode, ObjectNode, SeparatorNode, StringNode } from './nodes';
import { childNode, childToken, exitOf, FIELD, firstToken, MEMBERS, nextChild, OBJECT, ruleAt, VALUE } from './events';
import * as T from './tokenKinds';

function tokenSpan(ctx: BuildContext, t: number): Span {
  return { start: ctx.tokens.start[t], end: ctx.tokens.end[t] };
}

/** Start of the node's first token (NaN when it took none). */
function startOf(ctx: BuildContext, at: number): number {
  const t = firstToken(ctx.ev, at);
  return t < 0 ? NaN : ctx.tokens.start[t];
}

// ---------------------------------------------------------------- strings

function quotedString(t: number, kind: 'double' | 'triple' | 'unterminated' | 'unterminatedTriple', ctx: BuildContext): HoconString {
  const content = contentSpanOf(ctx.text, ctx.tokens.start[t], ctx.tokens.end[t], kind);
  const triple = kind === 'triple' || kind === 'unterminatedTriple';
  const d = decodeSpan(ctx.text, content.start, content.end, !triple);
  if (!triple) escapeProblems(content, ctx);
  return new StringNode(triple ? 'triple' : 'double', d.value, ctx.tokens.start[t], ctx.tokens.end[t], content, d.rel);
}

function unquotedPart(t: number, ctx: BuildContext): HoconValue {
  const span = tokenSpan(ctx, t);
  const lower = keyword(ctx.text, span.start, span.end);
  // pyhocon's keywords are caseless: `TRUE` is a boolean.
  if (lower === 'true' || lower === 'false') return { kind: 'boolean', value: lower === 'true', span };
  if (lower === 'null') return { kind: 'null', span };
  const d = decodeSpan(ctx.text, span.start, span.end, true);
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

export function buildValue(at: number, ctx: BuildContext): HoconValue | undefined {
  // A line continuation (`\` at a line end) is part of no value.
  const { ev, tokens, text } = ctx;
  const parts: HoconValue[] = [];
  const end = exitOf(ev, at);
  for (let i = at + 2; i < end; i = nextChild(ev, i)) {
    const e = ev[i];
    if (e < 0) {
      if (firstToken(ev, i) < 0) continue;
      parts.push(ruleAt(ev, i) === OBJECT ? buildObject(i, ctx) : buildArray(i, ctx));
      continue;
    }
    const tt = tokens.kind[e];
    if (tt === T.QuotedString) parts.push(quotedString(e, 'double', ctx));
    else if (tt === T.TripleString) parts.push(quotedString(e, 'triple', ctx));
    else if (tt === T.UnterminatedString) parts.push(quotedString(e, 'unterminated', ctx));
    else if (tt === T.UnterminatedTriple) parts.push(quotedString(e, 'unterminatedTriple', ctx));
    else if (tt === T.Unquoted || tt === T.ValueEquals) parts.push(unquotedPart(e, ctx));
    else if (tt === T.NumberLiteral) {
      const raw = text.slice(tokens.start[e], tokens.end[e]);
      parts.push(new NumberNode(raw, tokens.start[e], tokens.end[e]));
    } else if (tt === T.Substitution) {
      const m = /^\$\{(\??)([^}]*)\}?$/.exec(text.slice(tokens.start[e], tokens.end[e]));
      parts.push({ kind: 'substitution', path: m ? m[2].trim() : '', optional: m ? m[1] === '?' : false, span: tokenSpan(ctx, e) });
    }
  }
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

export function buildArray(at: number, ctx: BuildContext): HoconArray {
  const { ev, tokens } = ctx;
  const end = exitOf(ev, at);
  const items: HoconValue[] = [];
  for (let i = at + 2; i < end; i = nextChild(ev, i)) {
    if (ev[i] >= 0 || ruleAt(ev, i) !== VALUE) continue;
    const v = buildValue(i, ctx);
    if (v) items.push(v);
  }
  const open = childToken(ev, tokens.kind, at, T.LBracket);
  const close = childToken(ev, tokens.kind, at, T.RBracket);
  // A comma with no item since `[` or since the previous comma: pyhocon adds nothing there.
  let next = 0;
  let lastComma = false;
  for (let i = at + 2; i < end; i = nextChild(ev, i)) {
    const c = ev[i];
    if (c < 0 || tokens.kind[c] !== T.Comma) continue;
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
  const start = open >= 0 ? tokens.start[open] : startOf(ctx, at);
  let last = close >= 0 ? tokens.start[close] + 1 : start + 1;
  if (close < 0) for (const x of items) last = Math.max(last, x.span.end);
  return { kind: 'array', items, span: { start, end: Math.max(start, last) } };
}

export function buildObject(at: number, ctx: BuildContext): HoconObject {
  const { ev, tokens } = ctx;
  const open = childToken(ev, tokens.kind, at, T.LBrace);
  const close = childToken(ev, tokens.kind, at, T.RBrace);
  const members = childNode(ev, at, MEMBERS);
  const { fields, includes } = members >= 0 ? buildMembers(members, ctx) : { fields: [], includes: [] };
  const start = open >= 0 ? tokens.start[open] : startOf(ctx, at);
  // Unclosed (recovered): up to the last field read.
  let end = close >= 0 ? tokens.start[close] + 1 : start + 1;
  if (close < 0) {
    for (const x of fields) end = Math.max(end, x.span.end);
    for (const x of includes) end = Math.max(end, x.span.end);
  }
  return new ObjectNode(fields, includes, start, Math.max(start, end));
}

export function buildMembers(at: number, ctx: BuildContext): { fields: HoconField[]; includes: HoconInclude[] } {
  const { ev, tokens } = ctx;
  const end = exitOf(ev, at);
  const fields: HoconField[] = [];
  let includes: HoconInclude[] = NO_ITEMS;
  for (let i = at + 2; i < end; i = nextChild(ev, i)) {
    if (ev[i] >= 0 || ruleAt(ev, i) !== FIELD) continue;
    const f = buildField(i, ctx);
    if (f) fields.push(f);
  }
  for (let i = at + 2; i < end; i = nextChild(ev, i)) {
    const t = ev[i];
    if (t >= 0 && tokens.kind[t] === T.Include) {
      if (includes === NO_ITEMS) includes = [];
      includes.push(buildInclude(tokens.start[t], tokens.end[t], ctx));
    }
  }
  // At their size: an array grown by push keeps room for 16 items.
  return { fields: fields.length ? fields.slice() : fields, includes };
}

// ---------------------------------------------------------------- fields

/** pyhocon's unquoted key: ASCII letters and digits, Latin-1 letters, `.`, `_`, `-`, `/` and spaces. */
const KEY_OK = /^[A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff._\- /]+$/;

/**
 * The text and path of the plain keys met so far (`description`, `priority`), shared by every field
 * that has them: read, never changed.
 */
const plainKeys = new Map<string, { raw: string; path: string[] }>();

function buildKey(t: number, ctx: BuildContext): HoconKey {
  const span = tokenSpan(ctx, t);
  const image = ctx.text.slice(span.start, span.end);
  if (ctx.tokens.kind[t] === T.KeyText) {
    if (!KEY_OK.test(image)) {
      const bad = [...image].find((c) => !KEY_OK.test(c)) ?? '';
      ctx.problems.push({
        code: 'syntax-error',
        severity: 'error',
        message: `pyhocon cannot read \`${image}\` as a key (\`${bad}\` is not allowed in an unquoted key): it refuses the whole file. Put the key in double quotes.`,
        span,
      });
    }
    if (image.includes('.')) return new KeyNode(span.start, span.end, image, image.split('.').filter((p) => p.length > 0));
    const known = plainKeys.get(image);
    if (known) return new KeyNode(span.start, span.end, known.raw, known.path);
    if (plainKeys.size < 256) plainKeys.set(image, { raw: image, path: [image] });
    return new KeyNode(span.start, span.end, image, [image]);
  }
  const kind = ctx.tokens.kind[t] === T.TripleString ? 'triple' : 'double';
  const c = contentSpanOf(ctx.text, span.start, span.end, kind);
  return new KeyNode(span.start, span.end, image, [decodeSpan(ctx.text, c.start, c.end, kind === 'double').value]);
}

const SEPARATORS = { [T.Colon]: ':', [T.Equals]: '=', [T.PlusEquals]: '+=' } as const;

function buildField(at: number, ctx: BuildContext): HoconField | undefined {
  const { ev, tokens } = ctx;
  // One pass over the field's children: its key and separator tokens (by kind, in this order of
  // preference), its first value and its first object.
  let keyToken = -1;
  let keyRank = 3;
  let sepToken = -1;
  let sepRank = 3;
  let valueNode = -1;
  let objectNode = -1;
  const end = exitOf(ev, at);
  for (let i = at + 2; i < end; i = nextChild(ev, i)) {
    const e = ev[i];
    if (e < 0) {
      const rule = ruleAt(ev, i);
      if (rule === VALUE && valueNode < 0) valueNode = i;
      else if (rule === OBJECT && objectNode < 0) objectNode = i;
      continue;
    }
    const k = tokens.kind[e];
    const kr = k === T.KeyText ? 0 : k === T.QuotedString ? 1 : k === T.TripleString ? 2 : 3;
    if (kr < keyRank) {
      keyRank = kr;
      keyToken = e;
    }
    const sr = k === T.Colon ? 0 : k === T.Equals ? 1 : k === T.PlusEquals ? 2 : 3;
    if (sr < sepRank) {
      sepRank = sr;
      sepToken = e;
    }
  }
  if (keyToken < 0) return undefined;
  const key = buildKey(keyToken, ctx);
  const field: HoconField = new FieldNode(key);
  if (sepToken >= 0) {
    field.separator = new SeparatorNode(SEPARATORS[tokens.kind[sepToken] as keyof typeof SEPARATORS], tokens.start[sepToken], tokens.end[sepToken]);
    field.span.end = field.separator.span.end;
  }
  const value = objectNode >= 0 ? buildObject(objectNode, ctx) : valueNode >= 0 ? buildValue(valueNode, ctx) : undefined;
  if (sepToken < 0 && objectNode < 0) {
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
    ctx.problems.push({
      code: 'missing-value',
      severity: 'error',
      message: `Missing value after \`${key.raw}${field.separator.kind}\`: pyhocon reads an empty string here.`,
      span: field.separator.span,
    });
  }
  return field;
}
