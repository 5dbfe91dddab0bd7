// The objects a parsed description is made of, kept small: a piece of text that is its own span, and a `key=value` argument whose whole piece is worked out from its key and value.
//
// Fields are declared and set in the constructors (see nodes.ts): no class field initializers.
import type { HelmDiagnostic } from '../common/diagnostic';
import type { Span } from '../common/span';
import { OwnSpan } from './nodes';
import type { DescriptionArg, DescriptionText, ParsedDescription } from './types';

/** A piece of the description text that is also its span: one object where a text and a span would be two. */
export class PieceText extends OwnSpan implements DescriptionText {
  declare text: string;

  constructor(text: string, start: number, end: number) {
    super(start, end);
    this.text = text;
  }
}

/**
 * A `key=value` argument: its piece's offsets, with where its `=` and value start in it. Its key, `=`,
 * value and whole piece are made when asked for (new objects at each call), not kept: moving the piece
 * (an edit before it) moves them all.
 */
export class KeyValueArg implements DescriptionArg, Span {
  declare start: number;
  declare end: number;
  declare typedValue: number | string;
  declare valueType: 'int' | 'float' | 'str';
  declare keyText: string;
  declare valueText: string;
  /** From the piece's start to its `=`, and to its value, in the document (an escape makes them longer than the text). */
  declare private equalsAt: number;
  declare private valueAt: number;

  /** `equals` and `value`: the document offsets of the `=` and of the value. */
  constructor(keyText: string, valueText: string, start: number, equals: number, value: number, end: number, typedValue: number | string, valueType: 'int' | 'float' | 'str') {
    this.start = start;
    this.end = end;
    this.typedValue = typedValue;
    this.valueType = valueType;
    this.keyText = keyText;
    this.valueText = valueText;
    this.equalsAt = equals - start;
    this.valueAt = value - start;
  }

  get key(): PieceText {
    return new PieceText(this.keyText, this.start, this.start + this.equalsAt);
  }

  get value(): PieceText {
    return new PieceText(this.valueText, this.start + this.valueAt, this.end);
  }

  /** The first `=`, from the key's end to the value's start. */
  get equals(): Span {
    return { start: this.start + this.equalsAt, end: this.start + this.valueAt };
  }

  /** The piece between the separating commas. */
  get piece(): DescriptionText {
    return new PieceText(`${this.keyText}=${this.valueText}`, this.start, this.end);
  }
}

/** The span of a piece: a `key=value` argument is its own, another keeps its piece. */
const pieceSpan = (a: DescriptionArg): Span => (a instanceof KeyValueArg ? a : a.piece.span);

/**
 * A parsed description. Its `:` lies between the name and the first piece, each `,` between two pieces; the arguments HELM ends up
 * with are made into a Map at the first question (validation reads the pieces, expansion the Map).
 */
export class DescriptionNode implements ParsedDescription {
  declare text: string;
  declare name: PieceText;
  declare args: DescriptionArg[];
  declare problems: HelmDiagnostic[];
  declare private argMap: Map<string, number | string> | undefined;

  /** `args` empty: a description without `:`. */
  constructor(text: string, name: PieceText, args: DescriptionArg[], problems: HelmDiagnostic[]) {
    this.text = text;
    this.name = name;
    this.args = args;
    this.problems = problems;
    this.argMap = undefined;
  }

  /** The `,` after piece `index`: between it and the next piece (undefined after the last); a new object at each call. */
  commaAfter(index: number): Span | undefined {
    if (index < 0 || index + 1 >= this.args.length) return undefined;
    return { start: pieceSpan(this.args[index]).end, end: pieceSpan(this.args[index + 1]).start };
  }

  /** Spans of the separating commas, in order; a new array at each call (commaAfter for one). */
  get commas(): Span[] {
    const out: Span[] = [];
    for (let i = 0; i + 1 < this.args.length; i++) out.push(this.commaAfter(i) as Span);
    return out;
  }

  /** The first `:`; a new object at each call. */
  get colon(): Span | undefined {
    return this.args.length ? { start: this.name.end, end: pieceSpan(this.args[0]).start } : undefined;
  }

  /** parse_object_spec raises on a description exactly when it has a problem (a piece that is not `key=value`). */
  get helmReads(): boolean {
    return this.problems.length === 0;
  }

  get helmArgs(): Map<string, number | string> | undefined {
    if (!this.helmReads) return undefined;
    if (this.argMap === undefined) {
      const map = new Map<string, number | string>();
      for (const a of this.args) map.set(a.keyText, a.typedValue as number | string);
      this.argMap = map;
    }
    return this.argMap;
  }
}

/**
 * The run spec function names (and pieces without `=`) met so far (`mmlu`, `boolq`): one string for
 * all the descriptions that have it, across files. (Argument keys and values are sliced: looking them
 * up cost more than the strings save.) A table of fixed size indexed by a few of the text's
 * characters: a text is compared in place with the one in its slot, and no string is made for a text
 * met before. A text that collides with another in its slot is simply made again.
 */
const SLOTS = 1024;
const SHARED_MAX = 64;
const slots: string[] = new Array<string>(SLOTS).fill('');

/** text.slice(start, end), the same string as the last piece of that text in its slot. */
export function sharedSlice(text: string, start: number, end: number): string {
  const n = end - start;
  if (n === 0) return '';
  if (n > SHARED_MAX) return text.slice(start, end);
  const h = (n * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1) * 131 + text.charCodeAt(start + (n >> 1)) * 17) & (SLOTS - 1);
  const found = slots[h];
  if (found.length === n && text.startsWith(found, start)) return found;
  // A copy of its own: a slice would keep the whole document it was cut from alive.
  const own = (' ' + text.slice(start, end)).slice(1);
  slots[h] = own;
  return own;
}
