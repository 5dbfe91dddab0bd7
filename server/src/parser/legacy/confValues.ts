// CST → HOCON values with exact spans (strings, arrays, objects, fields), and what pyhocon refuses or keeps as written in them (escapes, `,,`, keys, missing values).
import type { CstNode, IToken } from 'chevrotain';
import type { Span } from '../../common/span';
import type { BuildContext } from './buildContext';
import type {
  HoconArray,
  HoconField,
  HoconInclude,
  HoconKey,
  HoconObject,
  HoconString,
  HoconValue,
} from '../types';
import { checkRunTogether, buildInclude } from './confChecks';
import { checkConcatenationTypes, concatenatedString } from './confConcatenation';
import { contentSpanOf, decodeSpan, undecodedEscapes } from './confStrings';
import { child, childNodes, isToken, ordered, realToken, startOf, tokenSpan } from './cstNodes';
import * as T from './tokens';

// ---------------------------------------------------------------- strings

function quotedString(t: IToken, kind: 'double' | 'triple' | 'unterminated' | 'unterminatedTriple', ctx: BuildContext): HoconString {
  const content = contentSpanOf(t.image, t.startOffset, kind);
  const triple = kind === 'triple' || kind === 'unterminatedTriple';
  const d = decodeSpan(ctx.text, content.start, content.end, !triple, content);
  if (!triple) escapeProblems(content, ctx);
  return {
    kind: 'string',
    quoting: triple ? 'triple' : 'double',
    value: d.value,
    span: tokenSpan(t),
    contentSpan: content,
    offsetOf: d.offsetOf,
  };
}

function unquotedPart(t: IToken, ctx: BuildContext): HoconValue {
  const span = tokenSpan(t);
  const lower = t.image.toLowerCase();
  // pyhocon's keywords are caseless: `TRUE` is a boolean.
  if (lower === 'true' || lower === 'false') return { kind: 'boolean', value: lower === 'true', span };
  if (lower === 'null') return { kind: 'null', span };
  const d = decodeSpan(ctx.text, span.start, span.end, true, span);
  escapeProblems(span, ctx);
  return { kind: 'string', quoting: 'unquoted', value: d.value, span, contentSpan: span, offsetOf: d.offsetOf };
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

export function buildValue(node: CstNode, ctx: BuildContext): HoconValue | undefined {
  // A line continuation (`\` at a line end) is part of no value.
  const parts: HoconValue[] = [];
  for (const e of ordered(node)) {
    if (!isToken(e)) {
      parts.push(e.name === 'object' ? buildObject(e, ctx) : buildArray(e, ctx));
      continue;
    }
    const tt = e.tokenType;
    if (tt === T.QuotedString) parts.push(quotedString(e, 'double', ctx));
    else if (tt === T.TripleString) parts.push(quotedString(e, 'triple', ctx));
    else if (tt === T.UnterminatedString) parts.push(quotedString(e, 'unterminated', ctx));
    else if (tt === T.UnterminatedTriple) parts.push(quotedString(e, 'unterminatedTriple', ctx));
    else if (tt === T.Unquoted || tt === T.ValueEquals) parts.push(unquotedPart(e, ctx));
    else if (tt === T.NumberLiteral) {
      const raw = e.image;
      parts.push({ kind: 'number', raw, value: Number(raw), isInteger: !/[.eE]/.test(raw), span: tokenSpan(e) });
    } else if (tt === T.Substitution) {
      const m = /^\$\{(\??)([^}]*)\}?$/.exec(e.image);
      parts.push({ kind: 'substitution', path: m ? m[2].trim() : '', optional: m ? m[1] === '?' : false, span: tokenSpan(e) });
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

export function buildArray(node: CstNode, ctx: BuildContext): HoconArray {
  const items: HoconValue[] = [];
  for (const n of childNodes(node, 'value')) {
    const v = buildValue(n, ctx);
    if (v) items.push(v);
  }
  const open = child(node, 'LBracket');
  const close = child(node, 'RBracket');
  // A comma with no item since `[` or since the previous comma: pyhocon adds nothing there.
  let next = 0;
  let lastComma: IToken | undefined;
  for (const c of node.children.Comma ?? []) {
    if (!isToken(c) || !realToken(c)) continue;
    let itemBefore = false;
    while (next < items.length && items[next].span.start < c.startOffset) {
      next++;
      itemBefore = true;
    }
    const span = tokenSpan(c);
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
    lastComma = c;
  }
  const start = open ? open.startOffset : startOf(node);
  let end = close ? close.startOffset + 1 : start + 1;
  if (!close) for (const x of items) end = Math.max(end, x.span.end);
  return { kind: 'array', items, span: { start, end: Math.max(start, end) } };
}

export function buildObject(node: CstNode, ctx: BuildContext): HoconObject {
  const open = child(node, 'LBrace');
  const close = child(node, 'RBrace');
  const members = childNodes(node, 'members')[0] as CstNode | undefined;
  const { fields, includes } = members ? buildMembers(members, ctx) : { fields: [], includes: [] };
  const start = open ? open.startOffset : startOf(node);
  // Unclosed (recovered): up to the last field read.
  let end = close ? close.startOffset + 1 : start + 1;
  if (!close) for (const x of [...fields, ...includes]) end = Math.max(end, x.span.end);
  return { kind: 'object', braces: true, fields, includes, span: { start, end: Math.max(start, end) } };
}

export function buildMembers(node: CstNode, ctx: BuildContext): { fields: HoconField[]; includes: HoconInclude[] } {
  const fields: HoconField[] = [];
  const includes: HoconInclude[] = [];
  for (const n of childNodes(node, 'field')) {
    const f = buildField(n, ctx);
    if (f) fields.push(f);
  }
  for (const t of node.children.Include ?? []) if (isToken(t) && realToken(t)) includes.push(buildInclude(t, ctx));
  return { fields, includes };
}

// ---------------------------------------------------------------- fields

/** pyhocon's unquoted key: ASCII letters and digits, Latin-1 letters, `.`, `_`, `-`, `/` and spaces. */
const KEY_OK = /^[A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff._\- /]+$/;

function buildKey(t: IToken, ctx: BuildContext): HoconKey {
  const span = tokenSpan(t);
  if (t.tokenType === T.KeyText) {
    if (!KEY_OK.test(t.image)) {
      const bad = [...t.image].find((c) => !KEY_OK.test(c)) ?? '';
      ctx.problems.push({
        code: 'syntax-error',
        severity: 'error',
        message: `pyhocon cannot read \`${t.image}\` as a key (\`${bad}\` is not allowed in an unquoted key): it refuses the whole file. Put the key in double quotes.`,
        span,
      });
    }
    return { span, raw: t.image, path: t.image.includes('.') ? t.image.split('.').filter((p) => p.length > 0) : [t.image] };
  }
  const kind = t.tokenType === T.TripleString ? 'triple' : 'double';
  const c = contentSpanOf(t.image, t.startOffset, kind);
  return { span, raw: t.image, path: [decodeSpan(ctx.text, c.start, c.end, kind === 'double').value] };
}

function buildField(node: CstNode, ctx: BuildContext): HoconField | undefined {
  const keyToken = child(node, 'KeyText') ?? child(node, 'QuotedString') ?? child(node, 'TripleString');
  const sepToken = child(node, 'Colon') ?? child(node, 'Equals') ?? child(node, 'PlusEquals');
  const valueNode = childNodes(node, 'value')[0] as CstNode | undefined;
  const objectNode = childNodes(node, 'object')[0] as CstNode | undefined;
  if (!keyToken) return undefined;
  const key = buildKey(keyToken, ctx);
  const field: HoconField = { span: { start: key.span.start, end: key.span.end }, key };
  if (sepToken) {
    field.separator = { kind: sepToken.image as ':' | '=' | '+=', span: tokenSpan(sepToken) };
    field.span.end = field.separator.span.end;
  }
  const value = objectNode ? buildObject(objectNode, ctx) : valueNode ? buildValue(valueNode, ctx) : undefined;
  if (!sepToken && !objectNode) {
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
