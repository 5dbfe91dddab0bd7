// The HOCON nodes the parser makes, each its own span: one object where a node and its span would be two (a model of a hundred thousand entries holds millions of them).
//
// Fields are declared, and set in the constructors: class field definitions would make V8 run an
// initializer per object, several times slower than the assignments.
import type { Span } from '../common/span';
import type { HoconField, HoconInclude, HoconKey, HoconNumber, HoconObject, HoconSeparator, HoconString, HoconValue } from './types';

/** An empty list shared by every entry without other fields, object without includes and description without arguments or problems (replaced, never added to). */
export const NO_ITEMS: never[] = Object.freeze([]) as unknown as never[];

/** Something with offsets that is also its span: moving its span (an edit before it) moves it. */
export abstract class OwnSpan implements Span {
  declare start: number;
  declare end: number;

  constructor(start: number, end: number) {
    this.start = start;
    this.end = end;
  }

  get span(): Span {
    return this;
  }
}

export class KeyNode extends OwnSpan implements HoconKey {
  declare raw: string;
  declare path: string[];

  constructor(start: number, end: number, raw: string, path: string[]) {
    super(start, end);
    this.raw = raw;
    this.path = path;
  }
}

export class SeparatorNode extends OwnSpan implements HoconSeparator {
  declare kind: HoconSeparator['kind'];

  constructor(kind: HoconSeparator['kind'], start: number, end: number) {
    super(start, end);
    this.kind = kind;
  }
}

/** A field; its span grows as its separator and value are read. */
export class FieldNode extends OwnSpan implements HoconField {
  declare key: HoconKey;
  declare separator: HoconSeparator | undefined;
  declare value: HoconValue | undefined;

  constructor(key: HoconKey) {
    super(key.span.start, key.span.end);
    this.key = key;
    this.separator = undefined;
    this.value = undefined;
  }
}

export class NumberNode extends OwnSpan implements HoconNumber {
  declare kind: 'number';
  declare raw: string;
  declare value: number;
  declare isInteger: boolean;

  constructor(raw: string, start: number, end: number) {
    super(start, end);
    this.kind = 'number';
    this.raw = raw;
    this.value = Number(raw);
    this.isInteger = raw.indexOf('.') < 0 && raw.indexOf('e') < 0 && raw.indexOf('E') < 0;
  }
}

export class ObjectNode extends OwnSpan implements HoconObject {
  declare kind: 'object';
  declare braces: boolean;
  declare fields: HoconField[];
  declare includes: HoconInclude[];

  constructor(fields: HoconField[], includes: HoconInclude[], start: number, end: number) {
    super(start, end);
    this.kind = 'object';
    this.braces = true;
    this.fields = fields;
    this.includes = includes;
  }
}

/**
 * A string value. Its content span and offsets are counted from its own, so a model moved by an edit
 * before it (see parser/incremental/) stays exact; a method and a small number, not a closure and a
 * second span per string.
 */
export class StringNode extends OwnSpan implements HoconString {
  declare kind: 'string';
  declare quoting: HoconString['quoting'];
  declare value: string;
  /** The content's distance from the start (0, 1 or 3) and from the end (0 to 3), as `start + 4 * end`. */
  declare private readonly insets: number;
  /** Decoded.rel, when the string holds escapes or tabs. */
  declare private readonly rel: number[] | undefined;

  constructor(quoting: HoconString['quoting'], value: string, start: number, end: number, content: Span, rel: number[] | undefined) {
    super(start, end);
    this.kind = 'string';
    this.quoting = quoting;
    this.value = value;
    this.insets = content.start - start + 4 * (end - content.end);
    this.rel = rel;
  }

  /** Span of the content only (inside the quotes); a new object at each call. */
  get contentSpan(): Span {
    return { start: this.start + (this.insets & 3), end: this.end - (this.insets >> 2) };
  }

  writtenAt(): number {
    return this.rel === undefined ? this.start + (this.insets & 3) : -1;
  }

  offsetOf(index: number): number {
    const rel = this.rel;
    const start = this.start + (this.insets & 3);
    if (rel === undefined) return start + (index < 0 ? 0 : index > this.value.length ? this.value.length : index);
    return start + rel[index < 0 ? 0 : index >= rel.length ? rel.length - 1 : index];
  }
}
