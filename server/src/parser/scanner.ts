// The conf lexer: pyhocon's tokens read in one pass over the character codes, into typed arrays; keys and unquoted values follow different rules, so it tracks key/value context.
import type { HoconComment } from './types';
import * as K from './tokenKinds';
import { TokenList } from './tokenKinds';

/*
 * pyhocon is context-sensitive: a key is one run of letters, digits, `._- /` (spaces inside
 * allowed), while an unquoted value takes `:` and `/` too (`http://x`, `priority: 1` swallowed
 * after a quoted string). A number is a number only when a separator follows it (`1d` is text).
 * So the scanner keeps a small state machine (brackets, and in an object whether it is before or
 * after `:`) over the tokens read so far.
 *
 * At each place the first of these that matches is taken (the order of the Chevrotain lexer this
 * replaces, which test/unit/tokens.test.ts keeps as the reference): blanks, line break, `{ } [ ] ,`,
 * `:` (key), comment, `"""…"""`, `"""…` (unterminated), `"…"`, `"…` (unterminated), `+=` and `=`
 * (key), `${…}`, `\` at a line end, `include …` (key), number (value), key text (key), unquoted
 * text (value), `=` (value), a foreign space, any other character.
 */

export interface ScannedConf {
  tokens: TokenList;
  comments: HoconComment[];
  /** Characters pyhocon cannot read at their place (ForeignSpace, BadChar), one per token. */
  foreign: TokenList;
  /** A token holds something to say (a substitution, an unterminated string, `=` in a value): see tokenProblems. */
  notable: boolean;
}

/** Bits of ASCII_CLASS: a character of an unquoted value, of a key. */
const UNQ = 1;
const KEY = 2;

/** Characters pyhocon's unquoted value refuses besides whitespace: ^`+?!@*&"[{]}#,=$\ */
const UNQUOTED_STOP = '^`+?!@*&"[{]}#,=$\\';

const ASCII_CLASS = ((): Uint8Array => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const space = c === 32 || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f);
    if (space || UNQUOTED_STOP.includes(String.fromCharCode(c))) continue;
    table[c] = c === 58 /* : */ ? UNQ : UNQ | KEY;
  }
  return table;
})();

/** Python's `\s` above ASCII (pyhocon's regexes stop an unquoted run there). */
function isWideSpace(c: number): boolean {
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

function isUnquotedChar(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c] & UNQ) !== 0 : !isWideSpace(c);
}

function isKeyChar(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c] & KEY) !== 0 : c !== 0xfeff && !isWideSpace(c);
}

function isForeignSpace(c: number): boolean {
  return c === 11 || c === 12 || (c >= 0x1c && c <= 0x1f) || c === 0xfeff || (c >= 128 && isWideSpace(c));
}

const NUMBER = /[+-]?(?:\d*\.\d+|\d+(?:\.\d+)?)(?:[eE][+-]?\d+)?(?=$|[ \t]*(?:[$}\],#\n\r]|\/\/))/y;
const INCLUDE = /include[ \t]+(?:(?:required|file|url|package|classpath)[ \t]*\([ \t]*)*"(?:[^"\\\n\r]|\\[^\n\r])*"(?:[ \t]*\))*/iy;

/** End of a sticky regex's match at `at`, or -1 (`test`, not `exec`: nothing is allocated). */
function matchEnd(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : -1;
}

/*
 * The next line feed, carriage return and backslash of the text being scanned, at or after the last
 * place each was looked for (the text's length: none). Each is looked for again only once passed, so
 * that the scan stays linear however far the next one is.
 */
let nextNl = -1;
let nextCr = -1;
let nextBs = -1;

function nextLineFeed(text: string, at: number): number {
  if (nextNl < at && (nextNl = text.indexOf('\n', at)) < 0) nextNl = text.length;
  return nextNl;
}

/** The end of the line at `at`: its first `\n` or `\r`, else the text's end. */
function lineEnd(text: string, at: number): number {
  const nl = nextLineFeed(text, at);
  if (nextCr < at && (nextCr = text.indexOf('\r', at)) < 0) nextCr = text.length;
  return nl < nextCr ? nl : nextCr;
}

/** The comment from `at` (`#` or `//`) to `end`. */
export function commentAt(text: string, at: number, end: number): HoconComment {
  const style = text.charCodeAt(at) === 35 ? '#' : '//';
  return { span: { start: at, end }, style, text: text.slice(at + style.length, end) };
}

/**
 * End of a `"…"` string starting at `at`, or -1 when the line or the text ends first. A `\r` ends the
 * line as `\n` does: HELM opens the file in text mode, where Python makes a `\n` of every `\r\n` and
 * lone `\r` before pyhocon reads it.
 */
function quotedEnd(text: string, at: number): number {
  const n = text.length;
  // Most strings hold no line break and no backslash before their closing quote: found by indexOf.
  const close = text.indexOf('"', at + 1);
  if (close > 0 && lineEnd(text, at) > close) {
    if (nextBs < at && (nextBs = text.indexOf('\\', at)) < 0) nextBs = n;
    if (nextBs > close) return close + 1;
  }
  for (let j = at + 1; j < n; ) {
    const c = text.charCodeAt(j);
    if (c === 34) return j + 1;
    if (c === 10 || c === 13) return -1;
    if (c === 92) {
      if (j + 1 >= n || text.charCodeAt(j + 1) === 10 || text.charCodeAt(j + 1) === 13) return -1;
      j += 2;
    } else j++;
  }
  return -1;
}

/** End of an unterminated `"…` string: up to the line end (`\r` or `\n`), with a backslash just before it. */
function unterminatedEnd(text: string, at: number): number {
  const n = text.length;
  let j = at + 1;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 10 || c === 13 || c === 34) break;
    if (c === 92) {
      const d = j + 1 < n ? text.charCodeAt(j + 1) : 10;
      if (d === 10 || d === 13) return j + 1;
      j += 2;
    } else j++;
  }
  return j;
}

/** End of a `\` line continuation at `at` (one or more line breaks right after it), or -1: `\` and a blank is an escaped blank in an unquoted value. */
function continuationEnd(text: string, at: number): number {
  let j = at + 1;
  while (j < text.length && (text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13)) j++;
  return j > at + 1 ? j : -1;
}

/** End of a key run: key characters, words joined by blanks (pyparsing makes spaces of tabs before pyhocon reads). */
function keyEnd(text: string, at: number): number {
  let j = at;
  for (;;) {
    while (j < text.length && isKeyChar(text.charCodeAt(j))) j++;
    let k = j;
    while (k < text.length && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
    if (k === j || k >= text.length || !isKeyChar(text.charCodeAt(k))) return j;
    j = k;
  }
}

/** An unquoted run goes on at `at`: a character of one, or `\` and any character but a line break. */
function runGoesOn(text: string, at: number): boolean {
  if (at >= text.length) return false;
  const c = text.charCodeAt(at);
  if (c !== 92) return isUnquotedChar(c);
  const d = at + 1 < text.length ? text.charCodeAt(at + 1) : 10;
  return d !== 10 && d !== 13;
}

/**
 * End of an unquoted run at `at` (at `at` itself when none starts there): its characters, or `\` and any
 * character but a line break. A `\` and a blank where the run would end anyway end it after the `\`:
 * pyhocon strips a value's trailing blanks, escaped or not (and keeps the blanks between two parts).
 */
function unquotedEnd(text: string, at: number): number {
  let j = at;
  while (runGoesOn(text, j)) {
    if (text.charCodeAt(j) !== 92) j++;
    else {
      const d = text.charCodeAt(j + 1);
      if ((d === 32 || d === 9) && !runGoesOn(text, j + 2)) return j + 1;
      j += 2;
    }
  }
  return j;
}

/** Where the reader is: in an object before a key (0), after its separator (1), or in a value (2). */
type Phase = 0 | 1 | 2;

/** `reuse`: a token list no longer needed, filled again instead of a new one. */
export function scanConf(text: string, reuse?: TokenList): ScannedConf {
  const n = text.length;
  const tokens = reuse !== undefined ? reuse.cleared() : new TokenList((n >> 3) + 16);
  const foreign = new TokenList(16);
  const comments: HoconComment[] = [];
  // The innermost container (1 = object, 0 = list) and, in an object, its phase; the outer ones'
  // saved as `container * 4 + phase`, innermost last.
  let container = 1;
  let phase: Phase = 0;
  // In an object before a separator: the last token (newlines aside) was a key. A `{` then is the
  // field's whole value (pyhocon's `key {…}` takes one object, not a concatenation), and after its
  // `}` the next field may start on the same line.
  let keyed = false;
  const outer: number[] = [];
  let notable = false;
  nextNl = nextCr = nextBs = -1;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      i++;
      while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
      continue;
    }
    const inValue = container === 0 || phase !== 0;
    // Each branch finds one token (or goes on without one); the tail records it.
    let kind: number;
    let end = i + 1;
    if (c === 10) kind = K.NL;
    else if (c === 13) {
      kind = K.NL;
      if (text.charCodeAt(i + 1) === 10) end = i + 2;
    } else if (c === 123) kind = K.LBrace;
    else if (c === 125) kind = K.RBrace;
    else if (c === 91) kind = K.LBracket;
    else if (c === 93) kind = K.RBracket;
    else if (c === 44) kind = K.Comma;
    else if (c === 58 && !inValue) kind = K.Colon;
    else if (c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47)) {
      end = lineEnd(text, i);
      comments.push(commentAt(text, i, end));
      i = end;
      continue;
    } else if (c === 34) {
      if (text.charCodeAt(i + 1) === 34 && text.charCodeAt(i + 2) === 34) {
        const close = text.indexOf('"""', i + 3);
        if (close < 0) {
          // No `"""` closes it: pyhocon reads an empty `""`, and a `"` string from the third quote.
          kind = K.QuotedString;
          end = i + 2;
        } else {
          kind = K.TripleString;
          end = close + 3;
          while (end < n && text.charCodeAt(end) === 34) end++;
        }
      } else {
        end = quotedEnd(text, i);
        kind = K.QuotedString;
        if (end < 0) {
          kind = K.UnterminatedString;
          end = unterminatedEnd(text, i);
          notable = true;
        }
      }
    } else if (!inValue && c === 43 && text.charCodeAt(i + 1) === 61) {
      kind = K.PlusEquals;
      end = i + 2;
    } else if (!inValue && c === 61) kind = K.Equals;
    else if (c === 36 && text.charCodeAt(i + 1) === 123) {
      kind = K.Substitution;
      end = i + 2;
      notable = true;
      while (end < n) {
        const d = text.charCodeAt(end);
        if (d === 125) {
          end++;
          break;
        }
        if (d === 10 || d === 13) break;
        end++;
      }
    } else {
      kind = -1;
      if (c === 92) {
        end = continuationEnd(text, i);
        if (end >= 0) kind = K.LineContinuation;
      }
      if (kind < 0 && !inValue) {
        if (c === 105 || c === 73) {
          end = matchEnd(INCLUDE, text, i);
          if (end >= 0) kind = K.Include;
        }
        if (kind < 0 && isKeyChar(c)) {
          kind = K.KeyText;
          end = keyEnd(text, i);
        }
      } else if (kind < 0) {
        if (c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57)) {
          end = matchEnd(NUMBER, text, i);
          if (end >= 0) kind = K.NumberLiteral;
        }
        if (kind < 0) {
          end = unquotedEnd(text, i);
          if (end > i) kind = K.Unquoted;
          else if (c === 61) {
            kind = K.ValueEquals;
            end = i + 1;
            notable = true;
          }
        }
      }
      if (kind < 0) {
        foreign.push(isForeignSpace(c) ? K.ForeignSpace : K.BadChar, i, i + 1);
        i++;
        continue;
      }
    }
    tokens.push(kind, i, end);
    i = end;
    // Where the reader is after the token.
    const afterKey: boolean = keyed;
    keyed = false;
    if (kind === K.LBrace || kind === K.LBracket) {
      if (container === 1) phase = kind === K.LBrace && afterKey ? 0 : 2;
      outer.push(container * 4 + phase);
      container = kind === K.LBrace ? 1 : 0;
      phase = 0;
    } else if (kind === K.RBrace || kind === K.RBracket) {
      const saved = outer.pop();
      if (saved !== undefined) {
        container = saved >> 2;
        phase = (saved & 3) as Phase;
      }
    } else if (container === 0) {
      // Inside a list everything is a value.
    } else if (kind === K.NL) {
      // pyhocon skips newlines between a separator and its value, and between a key and its `{`.
      if (phase === 2) phase = 0;
      keyed = afterKey;
    } else if (kind === K.Comma) phase = 0;
    else if (kind === K.Colon || kind === K.Equals || kind === K.PlusEquals) {
      if (phase === 0) phase = 1;
    } else if (phase === 1 && kind !== K.LineContinuation && kind !== K.Include) phase = 2;
    else if (phase === 0) keyed = kind === K.KeyText || kind === K.QuotedString || kind === K.TripleString;
  }
  return { tokens, comments, foreign, notable };
}
