// The reference the conf scanner is held to: Chevrotain token definitions of conf files as pyhocon reads them (keys and unquoted values follow different rules, so the lexer tracks key/value context), the lexer the project used before its own scanner.
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';

/*
 * pyhocon is context-sensitive: a key is one run of letters, digits, `._- /` (spaces inside
 * allowed), while an unquoted value takes `:` and `/` too (`http://x`, `priority: 1` swallowed
 * after a quoted string). A number is a number only when a separator follows it (`1d` is text).
 * So the key/value tokens below are custom matchers that look at the tokens matched so far: a
 * small state machine (brackets, and in an object whether we are before or after `:`) folded
 * over Chevrotain's own token vector, once per token.
 */

type Phase = 0 /* key */ | 1 /* after separator, before value */ | 2 /* in value */;

interface LexState {
  tokens: IToken[] | undefined;
  seen: number;
  /** Container kinds, innermost last: true = object, false = array. */
  objects: boolean[];
  /** Phase of each object level (unused for arrays). */
  phases: Phase[];
  /** The phase each object level returns to when the level above it closes. */
  resume: Phase[];
  /** In an object before a separator, the last token (newlines aside) was a key: a `{` then is the field's whole value. */
  keyed: boolean;
}

const state: LexState = { tokens: undefined, seen: 0, objects: [true], phases: [0], resume: [0], keyed: false };

function resetState(): void {
  state.tokens = undefined;
  state.seen = 0;
  state.objects = [true];
  state.phases = [0];
  state.resume = [0];
  state.keyed = false;
}

/** Folds the tokens matched since the last call into the state; true when the next token is in a value. */
function inValue(tokens: IToken[]): boolean {
  if (state.tokens !== tokens) {
    resetState();
    state.tokens = tokens;
  }
  const objects = state.objects;
  const phases = state.phases;
  for (let i = state.seen; i < tokens.length; i++) {
    const t = tokens[i].tokenType;
    const top = objects.length - 1;
    const afterKey = state.keyed;
    state.keyed = false;
    if (t === LBrace || t === LBracket) {
      // `key {…}`: after the object, the next field may start (pyhocon takes the one object as the value).
      state.resume.push(objects[top] && t === LBrace && afterKey ? 0 : 2);
      if (objects[top]) phases[top] = 2;
      objects.push(t === LBrace);
      phases.push(0);
    } else if (t === RBrace || t === RBracket) {
      if (objects.length > 1) {
        objects.pop();
        phases.pop();
        const resume = state.resume.pop() ?? 2;
        const up = objects.length - 1;
        if (objects[up]) phases[up] = resume;
      }
    } else if (!objects[top]) {
      // Inside a list everything is a value.
    } else if (t === Colon || t === Equals || t === PlusEquals) {
      if (phases[top] === 0) phases[top] = 1;
    } else if (t === Comma) {
      phases[top] = 0;
    } else if (t === NL) {
      // pyhocon skips newlines between a separator and its value, and between a key and its `{`.
      if (phases[top] === 2) phases[top] = 0;
      state.keyed = afterKey;
    } else if (t !== LineContinuation && t !== Include && phases[top] === 1) {
      phases[top] = 2;
    } else if (phases[top] === 0) {
      state.keyed = t === KeyText || t === QuotedString || t === TripleString;
    }
  }
  state.seen = tokens.length;
  const top = objects.length - 1;
  return !objects[top] || phases[top] !== 0;
}

/** Python's `\s` (pyhocon's regexes) minus nothing: the characters an unquoted run stops at. */
const PY_SPACE = '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** Characters pyhocon's unquoted value refuses (besides whitespace): ^`+?!@*&"[{]}#,=$\ */
const UNQUOTED_STOP = '\\^`+?!@*&"\\[\\{\\]\\}#,=$\\\\';

// An escaped blank where the run would end anyway (no run character or `\\` right after it) is not taken:
// pyhocon strips a value's trailing blanks, so the run ends after the `\\`.
const UNQUOTED_CHAR = `[^${UNQUOTED_STOP}${PY_SPACE}]`;
const unquotedRe = new RegExp(`(?:${UNQUOTED_CHAR}|\\\\[^\\n\\r \\t]|\\\\[ \\t](?=${UNQUOTED_CHAR}|\\\\[^\\n\\r])|\\\\(?=[ \\t]))+`, 'y');
// A key run: no `:`, no escapes, no U+FEFF; blanks between words belong to the key (pyhocon's key Word holds ' ', and pyparsing makes spaces of tabs).
const KEY_CHAR = `[^${UNQUOTED_STOP}${PY_SPACE}:\\ufeff]`;
const keyRe = new RegExp(`${KEY_CHAR}+(?:[ \\t]+${KEY_CHAR}+)*`, 'y');
const numberRe = /[+-]?(?:\d*\.\d+|\d+(?:\.\d+)?)(?:[eE][+-]?\d+)?(?=$|[ \t]*(?:[$}\],#\n\r]|\/\/))/y;
const includeRe =
  /include[ \t]+(?:(?:required|file|url|package|classpath)[ \t]*\([ \t]*)*"(?:[^"\\\n\r]|\\[^\n\r])*"(?:[ \t]*\))*/iy;

function sticky(re: RegExp, text: string, offset: number): [string] | null {
  re.lastIndex = offset;
  const m = re.exec(text);
  return m ? [m[0]] : null;
}

function keyOnly(re: RegExp) {
  return (text: string, offset: number, tokens: IToken[]): [string] | null =>
    inValue(tokens) ? null : sticky(re, text, offset);
}

function valueOnly(re: RegExp) {
  return (text: string, offset: number, tokens: IToken[]): [string] | null =>
    inValue(tokens) ? sticky(re, text, offset) : null;
}

/**
 * What a catch-all token may start with, as Chevrotain's `start_chars_hint` (it cannot work that out
 * for custom patterns nor for `[^…]`, and without hints for every token its lexer tries every token at
 * every character): each character below 256 that `first` accepts, one in 64 above, and the last.
 * Chevrotain files the characters above 255 in blocks of 255, so one of them brings in its whole block
 * (a try that fails costs little). test/unit/tokens.test.ts starts a token at every code unit.
 */
function startChars(first: RegExp): number[] {
  const out: number[] = [];
  for (let c = 0; c < 256; c++) if (first.test(String.fromCharCode(c))) out.push(c);
  for (let c = 256; c < 0x10000; c += 64) out.push(c);
  out.push(0xffff);
  return out;
}

export const WS = createToken({ name: 'WS', pattern: /[ \t]+/, group: Lexer.SKIPPED });
export const NL = createToken({ name: 'NL', pattern: /\r\n|\r|\n/, line_breaks: true });
/** `#…` or `//…` to the end of the line; only at a token start, so `x//y` stays one unquoted value. */
export const Comment = createToken({ name: 'Comment', pattern: /(?:#|\/\/)[^\r\n]*/, group: 'comments' });
export const TripleString = createToken({ name: 'TripleString', pattern: /"""[\s\S]*?"*"""/, line_breaks: true });
// A `\r` ends the line inside a string too: HELM opens the file in text mode (universal newlines).
export const QuotedString = createToken({ name: 'QuotedString', pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/ });
/** A `"` whose string the line ends before closing. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*\\?/ });
export const LBrace = createToken({ name: 'LBrace', pattern: '{' });
export const RBrace = createToken({ name: 'RBrace', pattern: '}' });
export const LBracket = createToken({ name: 'LBracket', pattern: '[' });
export const RBracket = createToken({ name: 'RBracket', pattern: ']' });
export const Comma = createToken({ name: 'Comma', pattern: ',' });
export const Colon = createToken({ name: 'Colon', pattern: { exec: keyOnly(/:/y) }, line_breaks: false, start_chars_hint: [':'] });
export const PlusEquals = createToken({ name: 'PlusEquals', pattern: { exec: keyOnly(/\+=/y) }, line_breaks: false, start_chars_hint: ['+'] });
export const Equals = createToken({ name: 'Equals', pattern: { exec: keyOnly(/=/y) }, line_breaks: false, start_chars_hint: ['='] });
export const Substitution = createToken({ name: 'Substitution', pattern: /\$\{[^}\r\n]*\}?/ });
/** A backslash ending the line continues the value on the next line. */
export const LineContinuation = createToken({ name: 'LineContinuation', pattern: /\\[\r\n]+/, line_breaks: true });
export const Include = createToken({ name: 'Include', pattern: { exec: keyOnly(includeRe) }, line_breaks: false, start_chars_hint: ['i', 'I'] });
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: { exec: valueOnly(numberRe) },
  line_breaks: false,
  start_chars_hint: ['+', '-', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
});
export const KeyText = createToken({ name: 'KeyText', pattern: { exec: keyOnly(keyRe) }, line_breaks: false, start_chars_hint: startChars(new RegExp(`^${KEY_CHAR}$`)) });
export const Unquoted = createToken({ name: 'Unquoted', pattern: { exec: valueOnly(unquotedRe) }, line_breaks: false, start_chars_hint: startChars(new RegExp(`^(?:[^${UNQUOTED_STOP}${PY_SPACE}]|\\\\)$`)) });
/** `=` inside a value: pyhocon refuses the file; kept as part of the value so the rest reads as meant. */
export const ValueEquals = createToken({ name: 'ValueEquals', pattern: { exec: valueOnly(/=/y) }, line_breaks: false, start_chars_hint: ['='] });
/** Whitespace pyhocon does not take for whitespace (BOM, no-break space, form feed, …): it refuses the file. */
export const ForeignSpace = createToken({
  name: 'ForeignSpace',
  pattern: /[\v\f\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/,
  group: 'foreign',
});
/** Any other character pyhocon cannot read here (`+`, `=` in a value, `$`, `\`, …). */
export const BadChar = createToken({ name: 'BadChar', pattern: { exec: (text, offset) => (offset < text.length ? [text[offset]] : null) }, line_breaks: false, group: 'foreign', start_chars_hint: startChars(/^[^]$/) });

// Order matters where patterns overlap (a comment before key/value text, `"""` before `"`, a number
// before unquoted text); single-character tokens go first since they are the most frequent.
export const allTokens: TokenType[] = [
  WS,
  NL,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Comment,
  TripleString,
  QuotedString,
  UnterminatedString,
  PlusEquals,
  Equals,
  Substitution,
  LineContinuation,
  Include,
  NumberLiteral,
  KeyText,
  Unquoted,
  ValueEquals,
  ForeignSpace,
  BadChar,
];

/** Chevrotain's lexer without its first-character optimization: it tries every token at every character. */
const referenceLexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', safeMode: true, skipValidations: true });

export interface ReferenceTokens {
  tokens: IToken[];
  comments: IToken[];
  /** Characters pyhocon cannot read at their place (ForeignSpace, BadChar). */
  foreign: IToken[];
}

export function referenceTokenize(text: string): ReferenceTokens {
  resetState();
  try {
    const result = referenceLexer.tokenize(text);
    const groups = result.groups as Record<string, IToken[] | undefined>;
    return { tokens: result.tokens, comments: groups.comments ?? [], foreign: groups.foreign ?? [] };
  } finally {
    resetState();
  }
}
