// The conf grammar read straight off the tokens, for files without a syntax error: the same rules and choices as the Chevrotain parser (confParser.ts), which takes over at the first token the grammar does not allow.
import { ARRAY, CONF_FILE, FIELD, MEMBERS, OBJECT, ParseEvents, VALUE } from './events';
import { MAX_NESTING } from './nesting';
import * as K from './tokenKinds';
import type { TokenList } from './tokenKinds';

/*
 * The grammar (pyhocon's), LL(1):
 *   confFile := NL* (array | object | members) (NL | ',')*
 *   members  := (NL | ',' | include | field)*
 *   field    := key ( &(NL* (':' | '=' | '+=' | '{')) NL* (object | (':' | '=' | '+=') NL* value?) | value | ε )
 *   value    := (string | unquoted | number | `=` | ${…} | `\` line end | object | array)+
 *   object   := '{' members '}'
 *   array    := '[' (NL | ',' | value)* ']'
 * A file this reads to its end without a mismatch is one Chevrotain's parser reads without an error,
 * into the same events (the model built from them was compared with the CST path's on 10,000
 * mutated corpus files before that path was removed; test/unit/recognizer.test.ts holds it now).
 */

const EOF = -1;

const bit = (...kinds: number[]): number => kinds.reduce((m, k) => m | (1 << k), 0);
const VALUE_FIRST = bit(
  K.QuotedString,
  K.Unquoted,
  K.ValueEquals,
  K.NumberLiteral,
  K.TripleString,
  K.Substitution,
  K.UnterminatedString,
  K.UnterminatedTriple,
  K.LineContinuation,
  K.LBrace,
  K.LBracket,
);
const KEY_FIRST = bit(K.KeyText, K.QuotedString, K.TripleString);
const MEMBER_TOKEN = bit(K.NL, K.Comma, K.Include);
const SEPARATOR = bit(K.Colon, K.Equals, K.PlusEquals);

const isIn = (set: number, kind: number): boolean => kind >= 0 && (set & (1 << kind)) !== 0;

/** Thrown where the grammar does not allow the token: the Chevrotain parser, with its recovery, reads the file instead. */
const MISMATCH = new Error('syntax error');

/** The events of a parse of `tokens`, or undefined when they hold a syntax error (or nest deeper than the limit). */
export function recognize(tokens: TokenList): ParseEvents | undefined {
  const kinds = tokens.kind;
  const n = tokens.count;
  const ev = new ParseEvents(n * 2 + 16);
  let p = 0;
  let depth = 0;
  const la = (): number => (p < n ? kinds[p] : EOF);
  const take = (): void => ev.token(p++);

  const members = (): void => {
    ev.enter(MEMBERS);
    for (;;) {
      const k = la();
      if (isIn(MEMBER_TOKEN, k)) take();
      else if (isIn(KEY_FIRST, k)) field();
      else break;
    }
    ev.exit();
  };

  /** After newlines, does a `:`, `=`, `+=` or `{` come? */
  const separatorFollows = (): boolean => {
    let q = p;
    while (q < n && kinds[q] === K.NL) q++;
    return q < n && (isIn(SEPARATOR, kinds[q]) || kinds[q] === K.LBrace);
  };

  const field = (): void => {
    ev.enter(FIELD);
    take();
    if (separatorFollows()) {
      while (la() === K.NL) take();
      if (la() === K.LBrace) object();
      else {
        take();
        while (la() === K.NL) take();
        if (isIn(VALUE_FIRST, la())) value();
      }
    } else if (isIn(VALUE_FIRST, la())) value();
    ev.exit();
  };

  const value = (): void => {
    ev.enter(VALUE);
    do {
      const k = la();
      if (k === K.LBrace) object();
      else if (k === K.LBracket) array();
      else take();
    } while (isIn(VALUE_FIRST, la()));
    ev.exit();
  };

  const object = (): void => {
    if (++depth > MAX_NESTING) throw MISMATCH;
    ev.enter(OBJECT);
    take();
    members();
    if (la() !== K.RBrace) throw MISMATCH;
    take();
    ev.exit();
    depth--;
  };

  const array = (): void => {
    if (++depth > MAX_NESTING) throw MISMATCH;
    ev.enter(ARRAY);
    take();
    for (;;) {
      const k = la();
      if (k === K.NL || k === K.Comma) take();
      else if (isIn(VALUE_FIRST, k)) value();
      else break;
    }
    if (la() !== K.RBracket) throw MISMATCH;
    take();
    ev.exit();
    depth--;
  };

  try {
    ev.enter(CONF_FILE);
    while (la() === K.NL) take();
    if (la() === K.LBracket) array();
    else if (la() === K.LBrace) object();
    else members();
    while (la() === K.NL || la() === K.Comma) take();
    ev.exit();
    return p === n ? ev : undefined;
  } catch (err) {
    if (err === MISMATCH) return undefined;
    throw err;
  }
}
