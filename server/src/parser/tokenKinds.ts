// The kinds of token a conf file is read into (numbers, so that tokens fit in typed arrays), and the token list itself.

export const NL = 0;
export const LBrace = 1;
export const RBrace = 2;
export const LBracket = 3;
export const RBracket = 4;
export const Comma = 5;
export const Colon = 6;
export const TripleString = 7;
export const QuotedString = 8;
/** A `"` whose string the line ends before closing. */
export const UnterminatedString = 9;
export const PlusEquals = 10;
export const Equals = 11;
export const Substitution = 12;
/** A backslash ending the line continues the value on the next line. */
export const LineContinuation = 13;
export const Include = 14;
export const NumberLiteral = 15;
export const KeyText = 16;
export const Unquoted = 17;
/** `=` inside a value: pyhocon refuses the file; kept as part of the value so the rest reads as meant. */
export const ValueEquals = 18;
/** Whitespace pyhocon does not take for whitespace (BOM, no-break space, form feed, …): it refuses the file. */
export const ForeignSpace = 19;
/** Any other character pyhocon cannot read here (`+`, `$`, `\`, …). */
export const BadChar = 20;

/** Names by kind, as the parser's messages and the tests name tokens. */
export const KIND_NAMES: readonly string[] = [
  'NL',
  'LBrace',
  'RBrace',
  'LBracket',
  'RBracket',
  'Comma',
  'Colon',
  'TripleString',
  'QuotedString',
  'UnterminatedString',
  'PlusEquals',
  'Equals',
  'Substitution',
  'LineContinuation',
  'Include',
  'NumberLiteral',
  'KeyText',
  'Unquoted',
  'ValueEquals',
  'ForeignSpace',
  'BadChar',
];

/** Tokens as three parallel arrays: kind, start and end offset of token i (no object per token). */
export class TokenList {
  count = 0;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;

  constructor(capacity: number) {
    const n = Math.max(16, capacity);
    this.kind = new Uint8Array(n);
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
  }

  /** Emptied, to be filled again (its arrays kept). */
  cleared(): this {
    this.count = 0;
    return this;
  }

  push(kind: number, start: number, end: number): void {
    if (this.count === this.kind.length) this.grow();
    const i = this.count++;
    this.kind[i] = kind;
    this.start[i] = start;
    this.end[i] = end;
  }

  private grow(): void {
    const n = this.kind.length * 2;
    const kind = new Uint8Array(n);
    const start = new Int32Array(n);
    const end = new Int32Array(n);
    kind.set(this.kind);
    start.set(this.start);
    end.set(this.end);
    this.kind = kind;
    this.start = start;
    this.end = end;
  }
}
