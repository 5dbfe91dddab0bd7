// Folding ranges: multi-line objects and arrays, runs of comment lines, and the sections under headings.
import type { ConfFile, HoconValue } from '../parser/types';
import { getDocumentSymbols, type HelmSymbol } from './symbols';

export interface HelmFoldingRange {
  /** 0-based first line (stays visible). */
  startLine: number;
  /** 0-based last line folded. */
  endLine: number;
  kind?: 'comment' | 'region';
}

/** Folding ranges in document order; one per start line (the outermost wins, as editors show one). */
export function getFoldingRanges(conf: ConfFile): HelmFoldingRange[] {
  const lineOf = (offset: number): number => conf.lines.positionAt(offset).line;
  const ranges: HelmFoldingRange[] = [];

  const visit = (v: HoconValue | undefined): void => {
    if (!v) return;
    if (v.kind === 'object' || v.kind === 'array') {
      const start = lineOf(v.span.start);
      // The closing bracket's line stays visible: fold up to the line before it.
      const endOffset = Math.max(v.span.start, v.span.end - 1);
      const end = lineOf(endOffset) - (closesOwnLine(conf.text, endOffset) ? 1 : 0);
      if (end > start && (v.kind === 'array' || v.braces)) ranges.push({ startLine: start, endLine: end });
      if (v.kind === 'object') for (const f of v.fields) visit(f.value);
      else for (const item of v.items) visit(item);
    } else if (v.kind === 'concatenation') {
      for (const p of v.parts) visit(p);
    }
  };
  visit(conf.root);

  // Runs of comment lines (two or more consecutive lines holding only a comment).
  let runStart = -1;
  let runEnd = -1;
  const flush = (): void => {
    if (runStart >= 0 && runEnd > runStart) ranges.push({ startLine: runStart, endLine: runEnd, kind: 'comment' });
  };
  for (const c of conf.comments) {
    const line = lineOf(c.span.start);
    const lineStart = conf.lines.lineStart(line);
    if (conf.text.slice(lineStart, c.span.start).trim() !== '') continue; // a comment after code
    if (runStart >= 0 && line === runEnd + 1) runEnd = line;
    else {
      flush();
      runStart = runEnd = line;
    }
  }
  flush();

  // Sections: from a heading to the last line of what it holds.
  const sections = (syms: HelmSymbol[]): void => {
    for (const s of syms) {
      if (s.kind !== 'section') continue;
      const start = lineOf(s.selectionSpan.start);
      const end = lineOf(Math.max(s.span.start, s.span.end - 1));
      if (end > start) ranges.push({ startLine: start, endLine: end, kind: 'region' });
      sections(s.children);
    }
  };
  sections(getDocumentSymbols(conf));

  ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  const out: HelmFoldingRange[] = [];
  for (const r of ranges) if (!out.length || out[out.length - 1].startLine !== r.startLine) out.push(r);
  return out;
}

/** The character at `offset` (a closing bracket) is the first non-blank of its line. */
function closesOwnLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '\n' || c === '\r') return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}
