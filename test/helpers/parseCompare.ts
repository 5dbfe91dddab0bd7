// Comparing two parses of one text (an incremental update and a full parse), and the spans a parse and its diagnostics expose.
import * as assert from 'assert';
import type { HelmDiagnostic } from '../../server/src/common/diagnostic';
import type { Span } from '../../server/src/common/span';
import type { ConfFile, HoconObject, HoconValue } from '../../server/src/parser/types';

const shown = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v) : String(v));

/**
 * The first place where two values differ, as a path (`$.entries[3].node.span.start: 41 ≠ 42`), or
 * undefined. A string value's `offsetOf` is compared at every index; a property set to undefined counts
 * as absent. Walked, not turned into JSON: a parse of a megabyte of text compares in milliseconds.
 */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (a === b || (typeof a === 'function' && typeof b === 'function')) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b) ? undefined : `${path}: ${shown(a)} ≠ ${shown(b)}`;
  }
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map)) return `${path}: a Map and something else`;
    return firstDifference([...a], [...b], path);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b))) return `${path}: an array and something else`;
    if (a.length !== b.length) return `${path}.length: ${a.length} ≠ ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) {
    const d = firstDifference(ra[k], rb[k], `${path}.${k}`);
    if (d) return d;
  }
  if (typeof ra.offsetOf === 'function' && typeof rb.offsetOf === 'function') {
    const fa = (i: number): number => (ra.offsetOf as (i: number) => number).call(ra, i);
    const fb = (i: number): number => (rb.offsetOf as (i: number) => number).call(rb, i);
    const n = typeof ra.value === 'string' ? ra.value.length : 0;
    for (let i = 0; i <= n; i++) if (fa(i) !== fb(i)) return `${path}.offsetOf(${i}): ${fa(i)} ≠ ${fb(i)}`;
  }
  return undefined;
}

/** Where each line of the parse's text starts. */
export const lineStarts = (c: ConfFile): number[] => Array.from({ length: c.lines.lineCount }, (_, i) => c.lines.lineStart(i));

/** Fails where the update differs from a full parse: anything a feature can read of it, and where its lines start. */
export function assertSameParse(update: ConfFile, full: ConfFile, where: string): void {
  const { lines: _a, ...a } = update;
  const { lines: _b, ...b } = full;
  const d = firstDifference(a, b) ?? firstDifference(lineStarts(update), lineStarts(full), '$.lines');
  if (d) assert.fail(`${where}: the update differs from a full parse at ${d}`);
}

/** Fails where two values (diagnostics, say) differ. */
export function assertSame(actual: unknown, expected: unknown, where: string): void {
  const d = firstDifference(actual, expected);
  if (d) assert.fail(`${where}: ${d}`);
}

/** Every span of a diagnostic: its own, its related places in this document, its fixes' edits. */
export function diagnosticSpans(d: HelmDiagnostic): Span[] {
  const out = [d.span];
  for (const r of d.related ?? []) if (r.span) out.push(r.span);
  for (const f of d.fixes ?? []) for (const e of f.edits) out.push(e.span);
  return out;
}

/** Every span the model exposes: values, keys, comments, problems, parsed descriptions. */
export function modelSpans(conf: ConfFile): Span[] {
  const out: Span[] = [];
  const value = (v: HoconValue | undefined): void => {
    if (!v) return;
    out.push(v.span);
    if (v.kind === 'object') object(v);
    else if (v.kind === 'array') v.items.forEach(value);
    else if (v.kind === 'concatenation') {
      v.parts.forEach(value);
      if (v.offsetOf && v.value !== undefined) out.push({ start: v.offsetOf(0), end: v.offsetOf(v.value.length) });
    } else if (v.kind === 'string') {
      out.push(v.contentSpan, { start: v.offsetOf(0), end: v.offsetOf(v.value.length) });
    }
  };
  const object = (o: HoconObject): void => {
    out.push(o.span);
    for (const f of o.fields) {
      out.push(f.span, f.key.span);
      if (f.separator) out.push(f.separator.span);
      value(f.value);
    }
    for (const i of o.includes) out.push(i.span);
  };
  object(conf.root);
  for (const c of conf.comments) out.push(c.span);
  for (const p of conf.problems) for (const s of diagnosticSpans(p)) out.push(s);
  for (const e of conf.entries) {
    out.push(e.node.span);
    const d = e.description?.parsed;
    if (d) {
      out.push(d.name.span);
      for (const c of d.commas) out.push(c);
      if (d.colon) out.push(d.colon);
      for (const a of d.args) {
        out.push(a.piece.span, a.key.span);
        if (a.equals) out.push(a.equals);
        if (a.value) out.push(a.value.span);
      }
    }
  }
  return out;
}

/** The first span that is not a range of `text` (start ≤ end, both within it). */
export function spanOutside(spans: Iterable<Span>, text: string): Span | undefined {
  for (const s of spans) if (!(s.start >= 0 && s.end <= text.length && s.start <= s.end)) return s;
  return undefined;
}
