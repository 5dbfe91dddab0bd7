// Several values on one line, as pyhocon joins them: which kinds it can join, and the string it makes of simple ones (spaces kept), with the offset of each character.
import type { Span } from '../common/span';
import type { BuildContext } from './buildContext';
import { expandedTab } from './confStrings';
import type { HoconValue } from './types';

/** pyhocon joins parts of one kind only: objects with objects, lists with lists, simple values with simple values. */
export function checkConcatenationTypes(parts: HoconValue[], ctx: BuildContext): void {
  const kindOf = (v: HoconValue): string | undefined =>
    v.kind === 'substitution' ? undefined : v.kind === 'object' ? 'an object' : v.kind === 'array' ? 'a list' : 'a string';
  let first: HoconValue | undefined;
  for (const p of parts) {
    const k = kindOf(p);
    if (k === undefined) continue;
    if (first === undefined) {
      first = p;
      continue;
    }
    const fk = kindOf(first);
    if (k !== fk) {
      ctx.problems.push({
        code: 'syntax-error',
        severity: 'error',
        message: `pyhocon cannot join ${fk} and ${k} on one line: it refuses the whole file, so helm-run fails. Put a comma or a newline between them.`,
        span: { start: first.span.start, end: p.span.end },
      });
      return;
    }
  }
}

/**
 * The string pyhocon makes of simple parts (quoted strings and unquoted runs keep the spaces after
 * them, other values do not), with the document offset of each of its characters.
 */
export function concatenatedString(parts: HoconValue[], span: Span, ctx: BuildContext): { value: string; offsetOf: (i: number) => number } | undefined {
  let out = '';
  // Offsets while building; made relative to `span` at the end (see decodeSpan).
  const offsets: number[] = [];
  const add = (s: string, at: (k: number) => number): void => {
    out += s;
    for (let k = 0; k < s.length; k++) offsets.push(at(k));
  };
  for (let i = 0; i < parts.length; i++) {
    const v = parts[i];
    const last = i === parts.length - 1;
    let keepGap = false;
    const spanAt = (len: number) => (k: number) => v.span.start + Math.min(k, Math.max(0, len - 1));
    if (v.kind === 'string') {
      add(v.value, (k) => v.offsetOf(k));
      keepGap = v.quoting !== 'triple';
    } else if (v.kind === 'number') {
      const s = v.isInteger ? v.raw.replace(/^\+/, '').replace(/^(-?)0+(?=\d)/, '$1') : pyFloat(v.value);
      add(s, spanAt(v.raw.length));
    } else if (v.kind === 'boolean') {
      add(v.value ? 'True' : 'False', spanAt(v.span.end - v.span.start));
    } else {
      return undefined;
    }
    if (!last && keepGap) {
      const gap = gapAfter(v.span.end, ctx.text);
      // A tab becomes several spaces: they all map to the tab.
      let doc = v.span.end;
      for (let k = 0; k < gap.length; ) {
        const n = ctx.text[doc] === '\t' ? expandedTab(ctx.text, doc).length : 1;
        for (let j = 0; j < n && k < gap.length; j++, k++) {
          out += ' ';
          offsets.push(doc);
        }
        doc++;
      }
    }
  }
  // pyhocon strips the spaces after a final unquoted run; our tokens never include them.
  const end = parts[parts.length - 1].span.end;
  offsets.push(end);
  const base = span.start;
  const rel = offsets.map((o) => o - base);
  return { value: out, offsetOf: (i) => span.start + rel[Math.max(0, Math.min(i, rel.length - 1))] };
}

function pyFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  return String(n);
}

/** The spaces and tabs after `offset` (tabs expanded as pyparsing does). */
export function gapAfter(offset: number, text: string): string {
  let s = '';
  for (let i = offset; i < text.length; i++) {
    const c = text[i];
    if (c === ' ') s += c;
    else if (c === '\t') s += expandedTab(text, i);
    else break;
  }
  return s;
}
