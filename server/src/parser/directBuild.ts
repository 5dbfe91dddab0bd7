// The model of a file without a syntax error, built straight from its tokens: pyhocon's grammar read LL(1), each node made as its rule ends. At the first token the grammar does not allow, it gives up and Chevrotain's recovering parse reads the file instead (confParser.ts, eventBuild.ts).
import type { BuildContext } from './buildContext';
import { arrayOf, checkObjectOverValue, fieldEnd, fieldStart, fileRoot, membersOf, objectOf, tokenPart, valueOf, type RootModel } from './confValues';
import { NO_ITEMS, ObjectNode } from './nodes';
import { MAX_NESTING } from './nesting';
import * as K from './tokenKinds';
import type { HoconArray, HoconField, HoconInclude, HoconObject, HoconValue } from './types';

/*
 * The grammar (pyhocon's), LL(1), the same rules and choices as the Chevrotain parser's:
 *   confFile := NL* (array | object | members) (NL | ',')*
 *   members  := (NL | ',' | include | field)*
 *   field    := key ( &(NL* (':' | '=' | '+=' | '{')) NL* (object | (':' | '=' | '+=') NL* value?) | value | ε )
 *   value    := (string | unquoted | number | `=` | ${…} | `\` line end | object | array)+
 *   object   := '{' members '}'
 *   array    := '[' (NL | ',' | value)* ']'
 * A file this reads to its end is one Chevrotain's parser reads without an error, and the model is
 * the one built from that parse's events (test/unit/directBuild.test.ts holds both to it).
 */

const bit = (...kinds: number[]): number => kinds.reduce((m, k) => m | (1 << k), 0);
const VALUE_FIRST = bit(
  K.QuotedString,
  K.Unquoted,
  K.ValueEquals,
  K.NumberLiteral,
  K.TripleString,
  K.Substitution,
  K.UnterminatedString,
  K.LineContinuation,
  K.LBrace,
  K.LBracket,
);
const KEY_FIRST = bit(K.KeyText, K.QuotedString, K.TripleString);
const SEPARATOR = bit(K.Colon, K.Equals, K.PlusEquals);

/** Thrown where the grammar does not allow the token (or nesting goes deeper than the limit). */
const MISMATCH = new Error('syntax error');

/** The root of the file's model, or undefined when its tokens hold a syntax error (problems found on the way are taken back). */
export function buildDirect(ctx: BuildContext, wholeFile: { start: number; end: number }): RootModel | undefined {
  const { tokens } = ctx;
  const kinds = tokens.kind;
  const n = tokens.count;
  let p = 0;
  let depth = 0;
  const la = (): number => (p < n ? kinds[p] : -1);
  const isIn = (set: number, kind: number): boolean => kind >= 0 && (set & (1 << kind)) !== 0;

  // The fields of the objects being read, innermost last: each object's are copied out at its end
  // (no list grown per object).
  const pending: HoconField[] = [];
  let pendingTop = 0;
  const members = (): { fields: HoconField[]; includes: HoconInclude[] } => {
    const mark = pendingTop;
    let includes: number[] | undefined;
    for (;;) {
      const k = la();
      if (k === K.NL || k === K.Comma) p++;
      else if (k === K.Include) (includes ??= []).push(p++);
      else if (isIn(KEY_FIRST, k)) pending[pendingTop++] = field();
      else break;
    }
    const fields = pending.slice(mark, pendingTop);
    pendingTop = mark;
    return membersOf(fields, includes, ctx);
  };

  /** After newlines, does a `:`, `=`, `+=` or `{` come? */
  const separatorFollows = (): boolean => {
    let q = p;
    while (q < n && kinds[q] === K.NL) q++;
    return q < n && (isIn(SEPARATOR, kinds[q]) || kinds[q] === K.LBrace);
  };

  const field = (): HoconField => {
    const key = p++;
    if (!separatorFollows()) {
      const f = fieldStart(key, -1, ctx);
      return fieldEnd(f, isIn(VALUE_FIRST, la()) ? value() : undefined, false, ctx);
    }
    while (la() === K.NL) p++;
    if (la() === K.LBrace) {
      const f = fieldStart(key, -1, ctx);
      return fieldEnd(f, object(), true, ctx);
    }
    const f = fieldStart(key, p++, ctx);
    while (la() === K.NL) p++;
    return fieldEnd(f, isIn(VALUE_FIRST, la()) ? value() : undefined, false, ctx);
  };

  const value = (): HoconValue | undefined => {
    // Nearly every value is one part: a list is made only for a second.
    let single: HoconValue | undefined;
    let parts: HoconValue[] | undefined;
    do {
      const k = la();
      const part = k === K.LBrace ? object() : k === K.LBracket ? array() : tokenPart(p++, ctx);
      if (part === undefined) continue;
      if (parts !== undefined) parts.push(part);
      else if (single !== undefined) parts = [single, part];
      else single = part;
    } while (isIn(VALUE_FIRST, la()));
    return parts !== undefined ? valueOf(parts, ctx) : single;
  };

  const object = (): HoconObject => {
    if (++depth > MAX_NESTING) throw MISMATCH;
    const open = p++;
    const m = members();
    if (la() !== K.RBrace) throw MISMATCH;
    depth--;
    return objectOf(m, open, p++, 0, ctx);
  };

  /**
   * The object nearly every run entry is, `{key: "string", key: 2}` on one line: plain keys, each
   * with `:` or `=` and one string or number, between commas, and no value after it on the line.
   * Built here at once, as value() would build it; undefined (nothing read) for any other, which
   * value() then reads.
   */
  const oneLineObject = (): HoconObject | undefined => {
    const open = p;
    let q = open + 1;
    for (;;) {
      if (q + 3 >= n || kinds[q] !== K.KeyText || (kinds[q + 1] !== K.Colon && kinds[q + 1] !== K.Equals)) return undefined;
      const v = kinds[q + 2];
      if (v !== K.QuotedString && v !== K.NumberLiteral) return undefined;
      const after = kinds[q + 3];
      q += 4;
      if (after === K.RBrace) break;
      if (after !== K.Comma) return undefined;
    }
    // A value right after it on the line would join it (a concatenation): value() reads that.
    if (q < n && isIn(VALUE_FIRST, kinds[q])) return undefined;
    if (depth + 1 > MAX_NESTING) throw MISMATCH;
    const fields: HoconField[] = [];
    for (let t = open + 1; t < q; t += 4) fields.push(fieldEnd(fieldStart(t, t + 1, ctx), tokenPart(t + 2, ctx), false, ctx));
    checkObjectOverValue(fields, ctx);
    p = q;
    return new ObjectNode(fields, NO_ITEMS, tokens.start[open], tokens.start[q - 1] + 1);
  };

  const array = (): HoconArray => {
    if (++depth > MAX_NESTING) throw MISMATCH;
    const open = p++;
    const items: HoconValue[] = [];
    const commas: number[] = [];
    for (;;) {
      const k = la();
      if (k === K.NL) p++;
      else if (k === K.Comma) commas.push(p++);
      else if (k === K.LBrace) {
        const v = oneLineObject() ?? value();
        if (v) items.push(v);
      } else if (isIn(VALUE_FIRST, k)) {
        const v = value();
        if (v) items.push(v);
      } else break;
    }
    if (la() !== K.RBracket) throw MISMATCH;
    depth--;
    return arrayOf(items, commas, open, p++, 0, ctx);
  };

  const problemsBefore = ctx.problems.length;
  try {
    while (la() === K.NL) p++;
    let model: RootModel;
    if (la() === K.LBracket) {
      array();
      model = { root: fileRoot(undefined, wholeFile), rootIsList: true };
    } else if (la() === K.LBrace) model = { root: object(), rootIsList: false };
    else model = { root: fileRoot(members(), wholeFile), rootIsList: false };
    while (la() === K.NL || la() === K.Comma) p++;
    if (p === n) return model;
  } catch (err) {
    if (err !== MISMATCH) throw err;
  }
  ctx.problems.length = problemsBefore;
  return undefined;
}
