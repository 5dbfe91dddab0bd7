// CST → HOCON values with exact spans, plus what pyhocon silently changes or refuses in them (run-together fields, `,,`, type clashes).
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { HelmDiagnostic } from '../common/diagnostic';
import type { Span } from '../common/span';
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
import { contentSpanOf, decodeSpan, expandedTab, undecodedEscapes } from './confStrings';
import * as T from './tokens';

export interface BuildContext {
  text: string;
  problems: HelmDiagnostic[];
  /** Line of an offset (1-based), for messages. */
  lineOf: (offset: number) => number;
  /** The text holds a backslash somewhere (most files hold none: their strings need no escape scan). */
  backslash?: boolean;
}

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

/** A real token (Chevrotain's recovery inserts tokens without a location). */
function realToken(e: CstElement): boolean {
  return isToken(e) && !Number.isNaN(e.startOffset) && e.isInsertedInRecovery !== true;
}

/** Start offset of a token, or of the first real token of a node (NaN when it has none). */
function startOf(e: CstElement): number {
  if (isToken(e)) return realToken(e) ? e.startOffset : NaN;
  let min = NaN;
  for (const key in e.children) {
    const first = e.children[key][0];
    const o = first === undefined ? NaN : startOf(first);
    if (!(o >= min)) min = Number.isNaN(min) || o < min ? o : min;
  }
  return min;
}

/** Whether startOf(e) is a number: found without taking the least of every child's start. */
function hasStart(e: CstElement): boolean {
  if (isToken(e)) return realToken(e);
  for (const key in e.children) {
    const first = e.children[key][0];
    if (first !== undefined && hasStart(first)) return true;
  }
  return false;
}

/** The first real token of a kind among a node's children. */
function child(node: CstNode, name: string): IToken | undefined {
  const list = node.children[name];
  if (!list) return undefined;
  for (const e of list) if (isToken(e) && realToken(e)) return e;
  return undefined;
}

function childNodes(node: CstNode, name: string): CstNode[] {
  return (node.children[name] as CstNode[] | undefined) ?? [];
}

function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

/** The children of a CST node in document order (skipping tokens inserted by recovery). */
function ordered(node: CstNode): CstElement[] {
  const keys = Object.keys(node.children);
  // Each key's list is already in document order: one kind needs no sorting, nor the starts.
  if (keys.length === 1) return node.children[keys[0]].filter(hasStart);
  const out: CstElement[] = [];
  const starts: number[] = [];
  for (const key of keys) {
    for (const e of node.children[key]) {
      const start = startOf(e);
      if (Number.isNaN(start)) continue;
      out.push(e);
      starts.push(start);
    }
  }
  if (out.length > 1) {
    const order = out.map((_, i) => i).sort((a, b) => starts[a] - starts[b]);
    return order.map((i) => out[i]);
  }
  return out;
}

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

interface Part {
  value: HoconValue;
  /** The token, for parts that are tokens. */
  token?: IToken;
}

export function buildValue(node: CstNode, ctx: BuildContext): HoconValue | undefined {
  const parts: Part[] = [];
  const continuations: IToken[] = [];
  for (const e of ordered(node)) {
    if (!isToken(e)) {
      const v = e.name === 'object' ? buildObject(e, ctx) : buildArray(e, ctx);
      parts.push({ value: v });
      continue;
    }
    const tt = e.tokenType;
    if (tt === T.LineContinuation) continuations.push(e);
    else if (tt === T.QuotedString) parts.push({ value: quotedString(e, 'double', ctx), token: e });
    else if (tt === T.TripleString) parts.push({ value: quotedString(e, 'triple', ctx), token: e });
    else if (tt === T.UnterminatedString) parts.push({ value: quotedString(e, 'unterminated', ctx), token: e });
    else if (tt === T.UnterminatedTriple) parts.push({ value: quotedString(e, 'unterminatedTriple', ctx), token: e });
    else if (tt === T.Unquoted || tt === T.ValueEquals) parts.push({ value: unquotedPart(e, ctx), token: e });
    else if (tt === T.NumberLiteral) {
      const raw = e.image;
      parts.push({ value: { kind: 'number', raw, value: Number(raw), isInteger: !/[.eE]/.test(raw), span: tokenSpan(e) }, token: e });
    } else if (tt === T.Substitution) {
      const m = /^\$\{(\??)([^}]*)\}?$/.exec(e.image);
      parts.push({
        value: { kind: 'substitution', path: m ? m[2].trim() : '', optional: m ? m[1] === '?' : false, span: tokenSpan(e) },
        token: e,
      });
    }
  }
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0].value;
  const span = { start: parts[0].value.span.start, end: parts[parts.length - 1].value.span.end };
  checkConcatenationTypes(parts, ctx);
  const joined = concatenatedString(parts, span, ctx);
  return {
    kind: 'concatenation',
    parts: parts.map((p) => p.value),
    value: joined?.value,
    ...(joined ? { offsetOf: joined.offsetOf } : {}),
    span,
  };
}

/** pyhocon joins parts of one kind only: objects with objects, lists with lists, simple values with simple values. */
function checkConcatenationTypes(parts: Part[], ctx: BuildContext): void {
  const kindOf = (v: HoconValue): string | undefined =>
    v.kind === 'substitution' ? undefined : v.kind === 'object' ? 'an object' : v.kind === 'array' ? 'a list' : 'a string';
  let first: HoconValue | undefined;
  for (const p of parts) {
    const k = kindOf(p.value);
    if (k === undefined) continue;
    if (first === undefined) {
      first = p.value;
      continue;
    }
    const fk = kindOf(first);
    if (k !== fk) {
      ctx.problems.push({
        code: 'syntax-error',
        severity: 'error',
        message: `pyhocon cannot join ${fk} and ${k} on one line: it refuses the whole file, so helm-run fails. Put a comma or a newline between them.`,
        span: { start: first.span.start, end: p.value.span.end },
      });
      return;
    }
  }
}

/**
 * The string pyhocon makes of simple parts (quoted strings and unquoted runs keep the spaces after
 * them, other values do not), with the document offset of each of its characters.
 */
function concatenatedString(parts: Part[], span: Span, ctx: BuildContext): { value: string; offsetOf: (i: number) => number } | undefined {
  let out = '';
  // Offsets while building; made relative to `span` at the end (see decodeSpan).
  const offsets: number[] = [];
  const add = (s: string, at: (k: number) => number): void => {
    out += s;
    for (let k = 0; k < s.length; k++) offsets.push(at(k));
  };
  for (let i = 0; i < parts.length; i++) {
    const v = parts[i].value;
    const last = i === parts.length - 1;
    let keepGap = false;
    const spanAt = (len: number) => (k: number) => v.span.start + Math.min(k, Math.max(0, len - 1));
    if (v.kind === 'string') {
      add(v.value, (k) => v.offsetOf(k));
      keepGap = v.quoting !== 'triple';
    } else if (v.kind === 'number') {
      const s = v.isInteger ? v.raw.replace(/^\+/, '').replace(/^(-?)0+(?=\d)/, '$1') : pyFloat(v.value);
      add(s, spanAt(v.raw.length));
    } else if (v.kind === 'boolean') {
      add(v.value ? 'True' : 'False', spanAt(v.span.end - v.span.start));
    } else {
      return undefined;
    }
    if (!last && keepGap) {
      const gap = gapAfter(v.span.end, ctx.text);
      // A tab becomes several spaces: they all map to the tab.
      let doc = v.span.end;
      for (let k = 0; k < gap.length; ) {
        const n = ctx.text[doc] === '\t' ? expandedTab(ctx.text, doc).length : 1;
        for (let j = 0; j < n && k < gap.length; j++, k++) {
          out += ' ';
          offsets.push(doc);
        }
        doc++;
      }
    }
  }
  // pyhocon strips the spaces after a final unquoted run; our tokens never include them.
  const end = parts[parts.length - 1].value.span.end;
  offsets.push(end);
  const base = span.start;
  const rel = offsets.map((o) => o - base);
  return { value: out, offsetOf: (i) => span.start + rel[Math.max(0, Math.min(i, rel.length - 1))] };
}

function pyFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  return String(n);
}

/** The spaces and tabs after `offset` (tabs expanded as pyparsing does). */
function gapAfter(offset: number, text: string): string {
  let s = '';
  for (let i = offset; i < text.length; i++) {
    const c = text[i];
    if (c === ' ') s += c;
    else if (c === '\t') s += expandedTab(text, i);
    else break;
  }
  return s;
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
