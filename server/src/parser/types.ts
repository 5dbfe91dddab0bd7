// The typed model of a conf file: HOCON values with exact spans, and the run entries HELM reads from them.
import type { HelmDiagnostic } from '../common/diagnostic';
import type { LineIndex, Span } from '../common/span';

// ---------------------------------------------------------------- HOCON values

export interface HoconComment {
  span: Span;
  /** `#` or `//`. */
  style: '#' | '//';
  /** The text after the marker, as written. */
  text: string;
}

interface HoconNode {
  /** From the first character of the value to the end of its last character. */
  span: Span;
}

export interface HoconString extends HoconNode {
  kind: 'string';
  quoting: 'double' | 'triple' | 'unquoted';
  /** The value after escapes are decoded (what pyhocon gives HELM). */
  value: string;
  /** Span of the content only (inside the quotes). */
  contentSpan: Span;
  /**
   * Document offset of the character at `index` of `value` (index = value.length gives the offset
   * just after the last character). Exact also when the string holds escapes such as `\"` or `\u00e9`.
   */
  offsetOf(index: number): number;
  /** Document offset of the value's first character when the value is its text as written (nothing decoded), else -1. */
  writtenAt(): number;
}

export interface HoconNumber extends HoconNode {
  kind: 'number';
  /** The number as written: `1`, `-2`, `1.5`, `1e3`. */
  raw: string;
  value: number;
  /** Written without `.`, `e` or `E`: pyhocon gives an `int`. */
  isInteger: boolean;
}

export interface HoconBoolean extends HoconNode {
  kind: 'boolean';
  value: boolean;
}

export interface HoconNull extends HoconNode {
  kind: 'null';
}

export interface HoconSubstitution extends HoconNode {
  kind: 'substitution';
  /** `HOME` for `${HOME}`, `a.b` for `${?a.b}`. */
  path: string;
  optional: boolean;
}

/** Several values on one line that pyhocon joins into one (`"x" priority: 1`, `${a} b`). */
export interface HoconConcatenation extends HoconNode {
  kind: 'concatenation';
  parts: HoconValue[];
  /** The string pyhocon makes of it, when all parts are simple values; undefined otherwise. */
  value: string | undefined;
  /** Document offset of the character at `index` of `value` (like HoconString.offsetOf); present with `value`. */
  offsetOf?(index: number): number;
}

export interface HoconKey {
  span: Span;
  /** The key as written (with quotes, if any). */
  raw: string;
  /** The dotted path, unquoted: `a.b` → ['a', 'b']; `"a.b"` → ['a.b']. */
  path: string[];
}

export interface HoconSeparator {
  kind: ':' | '=' | '+=';
  span: Span;
}

export interface HoconField {
  /** From the key to the end of the value (or of whatever was parsed of it). */
  span: Span;
  key: HoconKey;
  /** Absent for `key { … }`. */
  separator?: HoconSeparator;
  /** Absent when the input broke off before a value. */
  value?: HoconValue;
}

export interface HoconInclude extends HoconNode {
  kind: 'include';
  /** `file("x.conf")` → 'file'; plain `include "x.conf"` → 'plain'. */
  form: 'plain' | 'file' | 'url' | 'classpath' | 'required';
  target: string;
}

export interface HoconObject extends HoconNode {
  kind: 'object';
  /** False for the root object of a file written without braces. */
  braces: boolean;
  fields: HoconField[];
  includes: HoconInclude[];
}

export interface HoconArray extends HoconNode {
  kind: 'array';
  items: HoconValue[];
}

export type HoconValue =
  | HoconObject
  | HoconArray
  | HoconString
  | HoconNumber
  | HoconBoolean
  | HoconNull
  | HoconSubstitution
  | HoconConcatenation;

// ---------------------------------------------------------------- descriptions

/** A piece of the description text with its exact span in the document. */
export interface DescriptionText {
  text: string;
  span: Span;
}

/** One `key=value` piece of a description (or what stands where one should be). */
export interface DescriptionArg {
  /** The whole piece, between the separating commas. */
  piece: DescriptionText;
  /** The text before the first `=` (the whole piece when there is no `=`). */
  key: DescriptionText;
  /** key.text, without making the key's object. */
  keyText: string;
  /** value?.text, without making the value's object: absent without `=`. */
  valueText?: string;
  /** The first `=`; absent when the piece has none (HELM: `Expected <key>=<value>`). */
  equals?: Span;
  /** The text after the first `=` (may be empty, may hold `=` and `:`); absent without `=`. */
  value?: DescriptionText;
  /** The value as HELM types it: int(), then float(), else the string. Absent without `=`. */
  typedValue?: number | string;
  /** `int` when Python's int() accepts the value, `float` when only float() does, else `str`. */
  valueType?: 'int' | 'float' | 'str';
}

/** A run entry description parsed exactly as HELM's `parse_object_spec` does. */
export interface ParsedDescription {
  /** The decoded description string. */
  text: string;
  /** The run spec function name: everything before the first `:` (the whole text when there is no `:`). */
  name: DescriptionText;
  /** The first `:`, if any. */
  colon?: Span;
  /** The pieces after the `:`, split on every `,`, in order. */
  args: DescriptionArg[];
  /** Spans of the separating commas, in order (args.length - 1 of them). */
  commas: Span[];
  /** The `,` after piece `index` (undefined after the last): `commas[index]` without making them all. */
  commaAfter(index: number): Span | undefined;
  /**
   * The arguments HELM ends up with (the last of duplicate keys wins), or undefined when
   * `parse_object_spec` raises ValueError on this text (a piece without `=`, an empty piece, …).
   */
  helmArgs: Map<string, number | string> | undefined;
  /** HELM reads the description: `helmArgs` is defined (asked without making the Map). */
  helmReads: boolean;
  /** Why `parse_object_spec` raises, when it does: code `description-syntax`. */
  problems: HelmDiagnostic[];
}

// ---------------------------------------------------------------- run entries

export interface RunEntryDescription {
  field: HoconField;
  /** The value node (a string, or something else HELM would refuse). */
  node: HoconValue;
  /** Present when the value is a string (quoted, unquoted or triple-quoted). */
  parsed?: ParsedDescription;
}

export interface RunEntryPriority {
  field: HoconField;
  node: HoconValue;
  /** The int dacite would give HELM; absent when dacite refuses the value. */
  value?: number | boolean | null;
}

export interface RunEntryGroups {
  field: HoconField;
  node: HoconValue;
  /** The list when it is a list of strings; absent otherwise. */
  value?: string[];
}

/** One item of the `entries` list. */
export interface RunEntry {
  /** 0-based position among the live items of `entries`. */
  index: number;
  node: HoconValue;
  /** Present when the item is an object. */
  object?: HoconObject;
  description?: RunEntryDescription;
  priority?: RunEntryPriority;
  groups?: RunEntryGroups;
  /** Fields other than description, priority and groups (HELM drops them silently). */
  otherFields: HoconField[];
  /**
   * A `description` HELM has that `description` above does not hold: written without a value (`empty`:
   * HELM gets an empty string) or made an object by a dotted key under it (`object`: dacite fails).
   */
  describedOtherwise: 'empty' | 'object' | undefined;
}

export interface ConfFile {
  text: string;
  lines: LineIndex;
  /** The root object; always present, possibly with no fields when the input is hopeless. */
  root: HoconObject;
  comments: HoconComment[];
  /** The top-level `entries` field, if any (the last one when several: HOCON merges them). */
  entriesField?: HoconField;
  /** The live run entries, in file order. */
  entries: RunEntry[];
  /**
   * What the parser found: syntax errors (recovered, several per file), the places where pyhocon
   * refuses the whole file or silently changes what it reads, and what dacite refuses about the
   * file's shape. Each with a stable code (see services/rules.ts).
   */
  problems: HelmDiagnostic[];
}
