// Test text with markers: `<|>` marks a cursor, `<|…|>` a range; both are removed, their offsets kept.
import type { Span } from '../../server/src/common/span';

export interface Marked {
  /** The text with every marker removed. */
  text: string;
  /** Offsets of the `<|>` markers, in order. */
  cursors: number[];
  /** Spans of the `<|…|>` markers, in order (the text between the markers stays in `text`). */
  ranges: Span[];
}

/**
 * Reads `<|>` (a cursor) and `<|text|>` (a range around `text`) out of `source`.
 * Ranges do not nest, but may hold cursors; `<|` directly followed by `>` is always a cursor.
 */
export function parseMarkers(source: string): Marked {
  let text = '';
  const cursors: number[] = [];
  const ranges: Span[] = [];
  let rangeStart: number | undefined;
  let i = 0;
  while (i < source.length) {
    if (source.startsWith('<|>', i)) {
      cursors.push(text.length);
      i += 3;
    } else if (source.startsWith('<|', i) && rangeStart === undefined) {
      rangeStart = text.length;
      i += 2;
    } else if (source.startsWith('|>', i) && rangeStart !== undefined) {
      ranges.push({ start: rangeStart, end: text.length });
      rangeStart = undefined;
      i += 2;
    } else {
      text += source[i];
      i++;
    }
  }
  if (rangeStart !== undefined) throw new Error(`unclosed <|…|> range marker in ${JSON.stringify(source)}`);
  return { text, cursors, ranges };
}

/** The text and the one `<|>` cursor it must hold. */
export function withCursor(source: string): { text: string; offset: number } {
  const m = parseMarkers(source);
  if (m.cursors.length !== 1) throw new Error(`expected exactly one <|> in ${JSON.stringify(source)}, found ${m.cursors.length}`);
  return { text: m.text, offset: m.cursors[0] };
}

/** The text and the one `<|…|>` range it must hold. */
export function withRange(source: string): { text: string; span: Span } {
  const m = parseMarkers(source);
  if (m.ranges.length !== 1) throw new Error(`expected exactly one <|…|> in ${JSON.stringify(source)}, found ${m.ranges.length}`);
  return { text: m.text, span: m.ranges[0] };
}

/** Puts `<|>` back at `offset` and `<|…|>` around each span, to show a position in a failure message. */
export function markText(text: string, offsets: number[] = [], spans: Span[] = []): string {
  const inserts: Array<{ at: number; s: string; order: number }> = [];
  for (const o of offsets) inserts.push({ at: o, s: '<|>', order: 1 });
  for (const sp of spans) {
    inserts.push({ at: sp.start, s: '<|', order: 2 });
    inserts.push({ at: sp.end, s: '|>', order: 0 });
  }
  // From the end backwards, so earlier offsets stay valid; at one offset, a range end comes before a start.
  inserts.sort((a, b) => b.at - a.at || b.order - a.order);
  let out = text;
  for (const ins of inserts) out = out.slice(0, ins.at) + ins.s + out.slice(ins.at);
  return out;
}

/** The text after replacing each edit's span by its newText (edits must not overlap). */
export function applyEdits(text: string, edits: ReadonlyArray<{ span: Span; newText: string }>): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** The LSP snippet text as the editor would insert it: `${1:x}` → `x`, `${1}`/`$0` → ``, `\$` → `$`. */
export function expandSnippet(snippet: string): string {
  return snippet
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}
