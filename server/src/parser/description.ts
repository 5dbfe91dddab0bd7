// Run entry descriptions read exactly as HELM's parse_object_spec does, with the span of every piece.
import type { HelmDiagnostic } from '../common/diagnostic';
import type { Span } from '../common/span';
import { DescriptionNode, KeyValueArg, PieceText, sharedSlice } from './descriptionPieces';
import { NO_ITEMS } from './nodes';
import type { DescriptionArg, ParsedDescription } from './types';

// ---------------------------------------------------------------- Python's int() and float()

/**
 * The characters Python's int()/float() strip around a number: str.isspace() minus U+001C..U+001F
 * (those count as whitespace for isspace(), yet int() and float() refuse them).
 */
const PY_NUMBER_SPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
  0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** CPython refuses to turn longer digit strings into an int (sys.int_info.default_max_str_digits). */
const INT_MAX_STR_DIGITS = 4300;

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/** Python reads every Unicode decimal digit (category Nd) as its ASCII digit; Nd digits come in runs of ten, 0..9. */
function asciiDigit(cp: number): string | undefined {
  if (cp >= 0x30 && cp <= 0x39) return String.fromCharCode(cp);
  if (cp < 0x80 || !DECIMAL_DIGIT.test(String.fromCodePoint(cp))) return undefined;
  let start = cp;
  while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return String((cp - start) % 10);
}

/**
 * The text as CPython parses it: Unicode digits made ASCII, Python whitespace stripped at both
 * ends; undefined when it is empty or holds any other non-ASCII character.
 */
function normalizeNumber(text: string): string | undefined {
  // Fast path, nearly every value: ASCII only, where only \t\n\v\f\r and space are stripped.
  let lo = 0;
  let hi = text.length;
  while (lo < hi && isAsciiNumberSpace(text.charCodeAt(lo))) lo++;
  while (hi > lo && isAsciiNumberSpace(text.charCodeAt(hi - 1))) hi--;
  let ascii = true;
  for (let i = lo; i < hi; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return lo === hi ? undefined : text.slice(lo, hi);
  return normalizeUnicodeNumber(text);
}

function isAsciiNumberSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function normalizeUnicodeNumber(text: string): string | undefined {
  const cps = Array.from(text, (c) => c.codePointAt(0) as number);
  let lo = 0;
  let hi = cps.length;
  while (lo < hi && PY_NUMBER_SPACE.has(cps[lo])) lo++;
  while (hi > lo && PY_NUMBER_SPACE.has(cps[hi - 1])) hi--;
  if (lo === hi) return undefined;
  let out = '';
  for (let i = lo; i < hi; i++) {
    const d = asciiDigit(cps[i]);
    if (d !== undefined) out += d;
    else if (cps[i] < 0x80) out += String.fromCharCode(cps[i]);
    else return undefined;
  }
  return out;
}

const DIGITS = '[0-9](?:_?[0-9])*';
const INT_RE = new RegExp(`^[+-]?${DIGITS}$`);
const FLOAT_RE = new RegExp(`^[+-]?(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`);
const FLOAT_WORD_RE = /^([+-]?)(nan|inf|infinity)$/i;

/** `int(text)` in Python, or undefined where it raises ValueError. */
export function pythonInt(text: string): number | undefined {
  return intOf(normalizeNumber(text));
}

/** `float(text)` in Python, or undefined where it raises ValueError. */
export function pythonFloat(text: string): number | undefined {
  return floatOf(normalizeNumber(text));
}

function intOf(s: string | undefined): number | undefined {
  if (s === undefined || !INT_RE.test(s)) return undefined;
  // Short and without `_` (nearly every value): no digit to count, nothing to remove.
  const short = s.length <= INT_MAX_STR_DIGITS && s.indexOf('_') < 0;
  if (!short && s.replace(/[+_-]/g, '').length > INT_MAX_STR_DIGITS) return undefined;
  const n = Number(short ? s : s.replace(/_/g, ''));
  return Object.is(n, -0) ? 0 : n;
}

function floatOf(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const word = FLOAT_WORD_RE.exec(s);
  if (word) {
    if (word[2].toLowerCase() === 'nan') return NaN;
    return word[1] === '-' ? -Infinity : Infinity;
  }
  if (!FLOAT_RE.test(s)) return undefined;
  return Number(s.replace(/_/g, ''));
}

/** ASCII characters a text int() or float() reads can start with: a sign, a digit, `.`, `n`/`i` (nan, inf), or space it strips. */
const NUMBER_START = ((): Uint8Array => {
  const table = new Uint8Array(128);
  for (const ch of '+-.0123456789nNiI \t\n\v\f\r') table[ch.charCodeAt(0)] = 1;
  return table;
})();

/** How parse_object_spec types a value: int() if that works, else float(), else the string itself. */
export function pythonTypedValue(text: string): { type: 'int' | 'float' | 'str'; value: number | string } {
  // Most values start with an ASCII letter or `/` that no number starts with (nor stripped space before it): text, at once.
  const c = text.charCodeAt(0);
  if (c < 0x80 && !NUMBER_START[c]) return { type: 'str', value: text };
  const s = normalizeNumber(text);
  // Neither int() nor float() reads a text that does not start with a sign, a digit, `.`, `n` or `i` (nan, inf).
  if (s !== undefined && /^[+\-.0-9nNiI]/.test(s)) {
    const i = intOf(s);
    if (i !== undefined) return { type: 'int', value: i };
    const f = floatOf(s);
    if (f !== undefined) return { type: 'float', value: f };
  }
  return { type: 'str', value: text };
}

// ---------------------------------------------------------------- parse_object_spec

export const DESCRIPTION_SYNTAX = 'description-syntax';

/** What HELM does with a piece that is not `key=value` (parse_object_spec's f-string: the piece between single quotes, as it is). */
function stops(got: string): string {
  return `stops with \`ValueError: Expected <key>=<value>, got '${got}'\``;
}

/** What an empty piece is told, by where it stands (the same words for every such piece). */
interface EmptyPiece {
  message: string;
  title: string;
}
const EMPTY_AFTER_COLON: EmptyPiece = {
  message: `Nothing follows the \`:\`: HELM reads one empty argument and ${stops('')}. Remove the \`:\` or add \`key=value\` arguments.`,
  title: 'Remove the `:`',
};
const EMPTY_FIRST: EmptyPiece = { message: `A \`,\` right after the \`:\` leaves an empty argument before it: HELM ${stops('')}.`, title: 'Remove the extra `,`' };
const EMPTY_LAST: EmptyPiece = { message: `A trailing \`,\` leaves an empty argument after it: HELM ${stops('')}.`, title: 'Remove the trailing `,`' };
const EMPTY_BETWEEN: EmptyPiece = { message: `Two \`,\` in a row leave an empty argument between them: HELM ${stops('')}.`, title: 'Remove the extra `,`' };

/** Where each piece of the description being parsed ends (a `,` or the text's end), reused from one description to the next. */
const PIECE_ENDS_KEPT = 1024;
let pieceEnds: Int32Array = new Int32Array(64);

function grown(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Parses a description as HELM's parse_object_spec: the name before the first `:`, then pieces
 * split on every `,`, each split on its first `=`. `offsetOf(i)` is the document offset of
 * character i of `text` (i = text.length: the end); a number is the offset of character 0 of a text
 * that stands in the document as written.
 *
 * Every piece HELM refuses becomes a `description-syntax` problem. An empty piece is marked on the
 * separator whose removal drops it: the `,` before it, the `,` after it when it is the first
 * piece, or the `:` when nothing at all follows the `:`.
 */
export function parseDescription(text: string, offsetOf: ((index: number) => number) | number): ParsedDescription {
  // A number: the description stands as written from that offset on (nothing decoded in it).
  const written = typeof offsetOf === 'number';
  const base = offsetOf as number;
  const mapped = offsetOf as (index: number) => number;
  const offset = (i: number): number => (written ? base + i : mapped(i));
  const slice = (start: number, end: number): PieceText => new PieceText(sharedSlice(text, start, end), offset(start), offset(end));

  const colonIndex = text.indexOf(':');
  if (colonIndex < 0) {
    return new DescriptionNode(text, slice(0, text.length), NO_ITEMS, NO_ITEMS);
  }

  // Where each piece ends (its `,`, or the text's end), found once; the arguments are made at their
  // size (grown by push, the list would hold room for 16 pieces). Room for a description of thousands
  // of pieces is not kept beyond the next one.
  if (pieceEnds.length > PIECE_ENDS_KEPT) pieceEnds = new Int32Array(PIECE_ENDS_KEPT);
  let pieceCount = 0;
  for (let from = colonIndex + 1; ; ) {
    const comma = text.indexOf(',', from);
    if (pieceCount === pieceEnds.length) pieceEnds = grown(pieceEnds);
    pieceEnds[pieceCount++] = comma < 0 ? text.length : comma;
    if (comma < 0) break;
    from = comma + 1;
  }
  const args: DescriptionArg[] = new Array(pieceCount);
  let raises = false;

  let pieceStart = colonIndex + 1;
  // The first `=` from the piece's start, looked for again only once passed (-1: none is left): pieces
  // without `=` before a far one would otherwise search the same text again and again.
  let eq = text.indexOf('=', pieceStart);
  for (let n = 0; n < pieceCount; n++) {
    const pieceEnd = pieceEnds[n];
    if (eq >= 0 && eq < pieceStart) eq = text.indexOf('=', pieceStart);
    if (eq >= 0 && eq < pieceEnd) {
      const rawValue = text.slice(eq + 1, pieceEnd);
      const typed = pythonTypedValue(rawValue);
      const key = text.slice(pieceStart, eq);
      args[n] = new KeyValueArg(key, rawValue, offset(pieceStart), offset(eq), offset(eq + 1), offset(pieceEnd), typed.value, typed.type);
    } else {
      const piece = slice(pieceStart, pieceEnd);
      args[n] = { piece, key: piece, keyText: piece.text };
      raises = true;
    }
    pieceStart = pieceEnd + 1;
  }
  if (!raises) return new DescriptionNode(text, slice(0, colonIndex), args, NO_ITEMS);

  // Only a description HELM refuses has pieces to report.
  const at = (start: number, end: number): Span => ({ start: offset(start), end: offset(end) });
  const problems: HelmDiagnostic[] = [];
  // The `,` (or `:`) an empty piece is marked on only grows from one piece to the next: `mmlu:,` has two
  // empty pieces around one `,`, marked once.
  let lastMarked = -1;
  args.forEach((arg, i) => {
    if (arg.equals) return;
    if (arg.piece.text.length > 0) {
      const prev = i > 0 ? args[i - 1] : undefined;
      const message = prev?.equals
        ? `\`${arg.piece.text}\` is not \`key=value\`: a value cannot contain \`,\` (HELM splits the description on every \`,\`, so \`${prev.key.text}\` gets \`${prev.value?.text ?? ''}\` and \`${arg.piece.text}\` stands alone); HELM ${stops(arg.piece.text)}.`
        : `\`${arg.piece.text}\` is not \`key=value\`: HELM ${stops(arg.piece.text)}.`;
      problems.push({ code: DESCRIPTION_SYNTAX, severity: 'error', message, span: arg.piece.span });
      return;
    }
    const kind = args.length === 1 ? EMPTY_AFTER_COLON : i === 0 ? EMPTY_FIRST : i === args.length - 1 ? EMPTY_LAST : EMPTY_BETWEEN;
    const sepIndex = kind === EMPTY_AFTER_COLON ? colonIndex : pieceEnds[Math.max(i - 1, 0)];
    if (sepIndex === lastMarked) return;
    lastMarked = sepIndex;
    const span = at(sepIndex, sepIndex + 1);
    problems.push({
      code: DESCRIPTION_SYNTAX,
      severity: 'error',
      message: kind.message,
      span,
      fixes: [{ title: kind.title, edits: [{ span, newText: '' }], isPreferred: true }],
    });
  });

  return new DescriptionNode(text, slice(0, colonIndex), args, problems);
}
