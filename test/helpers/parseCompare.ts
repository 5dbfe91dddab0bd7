// Comparing two parses of one text (an incremental update and a full parse), and the spans a parse and its diagnostics expose.
import * as assert from 'assert';
import type { HelmDiagnostic } from '../../server/src/common/diagnostic';
import type { Span } from '../../server/src/common/span';
import type { ConfFile, HoconObject, HoconValue } from '../../server/src/parser/types';

/** Everything a feature can read of a parse, as JSON: spans, values, problems, and each string's offsetOf at every index. */
export function canonical(conf: ConfFile): string {
  const { lines: _lines, ...rest } = conf;
  return JSON.stringify(rest, (_key, value: unknown) => {
    if (value instanceof Map) return [...value];
    if (value && typeof value === 'object' && typeof (value as { offsetOf?: unknown }).offsetOf === 'function') {
      const v = value as { value?: string; offsetOf: (i: number) => number };
      const n = (v.value ?? '').length;
      return { ...v, offsetOf: Array.from({ length: n + 1 }, (_, i) => v.offsetOf(i)) };
    }
    return value;
  });
}

/** Where each line of the parse's text starts. */
export const lineStarts = (c: ConfFile): number[] => Array.from({ length: c.lines.lineCount }, (_, i) => c.lines.lineStart(i));

/** Fails with the first place the two JSON texts differ, not the megabytes around it. */
export function sameJson(actual: string, expected: string, where: string): void {
  if (actual === expected) return;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  const around = (s: string): string => s.slice(Math.max(0, i - 300), i + 200);
  assert.fail(`${where}: differs at character ${i}\nupdate: …${around(actual)}…\nfull:   …${around(expected)}…`);
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
