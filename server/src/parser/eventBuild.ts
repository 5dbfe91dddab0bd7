// The model of a file with a syntax error, built from the events of Chevrotain's recovering parse (loaded then, not before): what each rule took, handed to the node makers of confValues.ts.
import type { BuildContext } from './buildContext';
import { arrayOf, fieldEnd, fieldStart, fileRoot, membersOf, objectOf, tokenPart, valueOf, type RootModel } from './confValues';
import { ARRAY, childNode, childToken, CONF_FILE, exitOf, FIELD, firstToken, MEMBERS, nextChild, OBJECT, ruleAt, VALUE } from './events';
import { limitNesting } from './nesting';
import { syntaxProblems } from './syntaxErrors';
import * as T from './tokenKinds';
import type { HoconArray, HoconField, HoconInclude, HoconObject, HoconValue } from './types';

/** The model from the events of Chevrotain's recovering parse (ctx gets its tokens, limited in nesting, and events). */
export function buildFromRecovery(ctx: BuildContext, wholeFile: { start: number; end: number }): RootModel {
  const { text, problems, lineOf } = ctx;
  const limited = limitNesting(ctx.tokens, problems);
  const { parseWithRecovery } = require('./confParser') as typeof import('./confParser');
  const parsed = parseWithRecovery(text, limited);
  syntaxProblems(parsed.errors, text, limited, lineOf, problems);
  ctx.tokens = limited;
  const ev = (ctx.ev = parsed.events.buf);
  const top = ev[0] === -(CONF_FILE + 1) ? 0 : -1;
  const arrayNode = top < 0 ? -1 : childNode(ev, top, ARRAY);
  if (arrayNode >= 0) {
    buildArray(arrayNode, ctx);
    return { root: fileRoot(undefined, wholeFile), rootIsList: true };
  }
  const objectNode = top < 0 ? -1 : childNode(ev, top, OBJECT);
  if (objectNode >= 0) return { root: buildObject(objectNode, ctx), rootIsList: false };
  const membersNode = top < 0 ? -1 : childNode(ev, top, MEMBERS);
  return { root: fileRoot(membersNode >= 0 ? buildMembers(membersNode, ctx) : undefined, wholeFile), rootIsList: false };
}

/** Start of the node's first token (NaN when it took none). */
function startOf(ctx: BuildContext, at: number): number {
  const t = firstToken(ctx.ev, at);
  return t < 0 ? NaN : ctx.tokens.start[t];
}

export function buildValue(at: number, ctx: BuildContext): HoconValue | undefined {
  const { ev } = ctx;
  const parts: HoconValue[] = [];
  const end = exitOf(ev, at);
  for (let i = at + 2; i < end; i = nextChild(ev, i)) {
    const e = ev[i];
    if (e < 0) {
      if (firstToken(ev, i) < 0) continue;
      parts.push(ruleAt(ev, i) === OBJECT ? buildObject(i, ctx) : buildArray(i, ctx));
      continue;
    }
    const part = tokenPart(e, ctx);
    if (part) parts.push(part);
  }
  return valueOf(parts, ctx);
}

export function buildArray(at: number, ctx: BuildContext): HoconArray {
  const { ev, tokens } = ctx;
  const end = exitOf(ev, at);
  const items: HoconValue[] = [];
  const commas: number[] = [];
  for (let i = at + 2; i < end; i = nextChild(ev, i)) {
    const e = ev[i];
    if (e >= 0) {
      if (tokens.kind[e] === T.Comma) commas.push(e);
      continue;
    }
    if (ruleAt(ev, i) !== VALUE) continue;
    const v = buildValue(i, ctx);
    if (v) items.push(v);
  }
  const open = childToken(ev, tokens.kind, at, T.LBracket);
  const close = childToken(ev, tokens.kind, at, T.RBracket);
  return arrayOf(items, commas, open, close, open >= 0 ? 0 : startOf(ctx, at), ctx);
}

export function buildObject(at: number, ctx: BuildContext): HoconObject {
  const { ev, tokens } = ctx;
  const open = childToken(ev, tokens.kind, at, T.LBrace);
  const close = childToken(ev, tokens.kind, at, T.RBrace);
  const members = childNode(ev, at, MEMBERS);
  return objectOf(members >= 0 ? buildMembers(members, ctx) : { fields: [], includes: [] }, open, close, open >= 0 ? 0 : startOf(ctx, at), ctx);
}

export function buildMembers(at: number, ctx: BuildContext): { fields: HoconField[]; includes: HoconInclude[] } {
  const { ev, tokens } = ctx;
  const end = exitOf(ev, at);
  const fields: HoconField[] = [];
  let includes: number[] | undefined;
  for (let i = at + 2; i < end; i = nextChild(ev, i)) {
    const e = ev[i];
    if (e >= 0) {
      if (tokens.kind[e] === T.Include) (includes ??= []).push(e);
      continue;
    }
    if (ruleAt(ev, i) !== FIELD) continue;
    const f = buildField(i, ctx);
    if (f) fields.push(f);
  }
  // At their size: an array grown by push keeps room for 16 items.
  return membersOf(fields.length ? fields.slice() : fields, includes, ctx);
}

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
  const field = fieldStart(keyToken, sepToken, ctx);
  const value = objectNode >= 0 ? buildObject(objectNode, ctx) : valueNode >= 0 ? buildValue(valueNode, ctx) : undefined;
  return fieldEnd(field, value, objectNode >= 0, ctx);
}
