// Document symbols (run entries grouped under the corpus's comment headings) and workspace symbols.
import type { Span } from '../common/span';
import type { ConfFile, HoconComment, RunEntry } from '../parser/types';

export type HelmSymbolKind = 'section' | 'entry';

export interface HelmSymbol {
  /** The description for an entry; the heading text for a section. */
  name: string;
  /** The entry's priority (`priority 2`), if any. */
  detail?: string;
  kind: HelmSymbolKind;
  /** The whole entry, or the heading through its last child. */
  span: Span;
  /** The description string, or the heading text. */
  selectionSpan: Span;
  children: HelmSymbol[];
}

interface Heading {
  title: string;
  /** Higher is outer: the number of `#` (a banner counts as outermost). */
  weight: number;
  span: Span;
  titleSpan: Span;
}

const BANNER = /^#{5,}\s*$/;
const BANNER_WEIGHT = 1000;

/**
 * Headings the HELM conf files use: `##### Title #####`, `### Title ###`, `## Title`, and the banner
 * form (a line of `#`, then `# Title`, then a line of `#`). A lone `# text` comment is prose, not a heading.
 */
function findHeadings(conf: ConfFile): Heading[] {
  const out: Heading[] = [];
  const lineOf = (c: HoconComment): number => conf.lines.positionAt(c.span.start).line;
  const hashComments = conf.comments.filter((c) => c.style === '#');
  for (let i = 0; i < hashComments.length; i++) {
    const c = hashComments[i];
    const raw = conf.text.slice(c.span.start, c.span.end);
    if (BANNER.test(raw)) {
      // Banner: `#####…` / `# Title` / `#####…` on three consecutive lines.
      const title = hashComments[i + 1];
      const close = hashComments[i + 2];
      if (title && close && lineOf(title) === lineOf(c) + 1 && lineOf(close) === lineOf(c) + 2) {
        const titleRaw = conf.text.slice(title.span.start, title.span.end);
        const closeRaw = conf.text.slice(close.span.start, close.span.end);
        if (BANNER.test(closeRaw) && !BANNER.test(titleRaw)) {
          const t = headingTitle(conf.text, title.span);
          if (t) out.push({ title: t.text, weight: BANNER_WEIGHT, span: { start: c.span.start, end: close.span.end }, titleSpan: t.span });
          i += 2;
        }
      }
      continue;
    }
    // `## Title`, `### Title ###`: two `#` or more, then words (counted without a regex: one with
    // `\s*` and `#*` around a lazy title backtracks for minutes on a long run of blanks or `#`).
    const hashes = leadingHashes(raw);
    if (hashes < 2) continue;
    const t = headingTitle(conf.text, c.span);
    if (!t || !/\S/.test(t.text)) continue;
    // `##`, `###` and `####` are used interchangeably for subsections; five or more mark a major section.
    const weight = hashes >= 5 ? hashes : 2;
    out.push({ title: t.text, weight, span: c.span, titleSpan: t.span });
  }
  return out;
}

function leadingHashes(raw: string): number {
  let n = 0;
  while (n < raw.length && raw.charCodeAt(n) === 35 /* # */) n++;
  return n;
}

/** The heading's words without the surrounding `#` and blanks. */
function headingTitle(text: string, span: Span): { text: string; span: Span } | undefined {
  let s = span.start;
  let e = span.end;
  while (s < e && (text[s] === '#' || text[s] === ' ' || text[s] === '\t')) s++;
  while (e > s && (text[e - 1] === '#' || text[e - 1] === ' ' || text[e - 1] === '\t' || text[e - 1] === '\r')) e--;
  if (s >= e) return undefined;
  return { text: text.slice(s, e), span: { start: s, end: e } };
}

function entrySymbol(entry: RunEntry): HelmSymbol {
  const d = entry.description;
  const name = d?.parsed?.text ?? (d ? '(description is not a string)' : '(no description)');
  const selection = d ? d.node.span : entry.node.span;
  const p = entry.priority;
  const detail = p ? `priority ${p.value ?? '?'}` : undefined;
  // Plain spans: a node of the model is its own span, and a symbol outlives the version it was made of.
  const span = { start: entry.node.span.start, end: entry.node.span.end };
  const sym: HelmSymbol = { name: name || '(empty description)', kind: 'entry', span, selectionSpan: { start: selection.start, end: selection.end }, children: [] };
  if (detail) sym.detail = detail;
  return sym;
}

/** The entries, each under the nearest heading above it; headings nest by their `#` count. */
export function getDocumentSymbols(conf: ConfFile): HelmSymbol[] {
  const headings = findHeadings(conf);
  const roots: HelmSymbol[] = [];
  // The open sections, outermost first, each with the end of the last entry under it: a section reaches
  // to there, and hands it to the section around it when it closes (not every section at every entry).
  const stack: Array<{ sym: HelmSymbol; weight: number; entriesEnd: number }> = [];
  const entries = [...conf.entries].sort((a, b) => a.node.span.start - b.node.span.start);
  let h = 0;
  const close = (): void => {
    const { sym, entriesEnd } = stack.pop() as (typeof stack)[number];
    sym.span = { start: sym.span.start, end: Math.max(sym.span.end, entriesEnd) };
    const outer = stack[stack.length - 1];
    if (outer) outer.entriesEnd = Math.max(outer.entriesEnd, entriesEnd);
  };
  const add = (sym: HelmSymbol): void => {
    if (stack.length) stack[stack.length - 1].sym.children.push(sym);
    else roots.push(sym);
  };
  const pushHeading = (hd: Heading): void => {
    while (stack.length && stack[stack.length - 1].weight <= hd.weight) close();
    const sym: HelmSymbol = { name: hd.title, kind: 'section', span: { ...hd.span }, selectionSpan: hd.titleSpan, children: [] };
    add(sym);
    stack.push({ sym, weight: hd.weight, entriesEnd: 0 });
  };
  for (const entry of entries) {
    while (h < headings.length && headings[h].span.start < entry.node.span.start) pushHeading(headings[h++]);
    const sym = entrySymbol(entry);
    add(sym);
    if (stack.length) stack[stack.length - 1].entriesEnd = Math.max(stack[stack.length - 1].entriesEnd, sym.span.end);
  }
  while (h < headings.length) pushHeading(headings[h++]);
  while (stack.length) close();
  return roots;
}

/** One symbol found by a workspace symbol search. */
export interface WorkspaceSymbolMatch {
  uri: string;
  name: string;
  /** The enclosing heading, if any. */
  container?: string;
  span: Span;
}

/** Case-insensitive subsequence match, as editors filter symbol lists. */
export function matchesQuery(name: string, query: string): boolean {
  if (!query) return true;
  const n = name.toLowerCase();
  const q = query.toLowerCase();
  let j = 0;
  for (let i = 0; i < n.length && j < q.length; i++) if (n[i] === q[j]) j++;
  return j === q.length;
}

/** Run entries of every given conf file whose description matches the query; entries only, not headings. */
export function getWorkspaceSymbols(files: ReadonlyArray<{ uri: string; conf: ConfFile }>, query: string, limit = 1000): WorkspaceSymbolMatch[] {
  const out: WorkspaceSymbolMatch[] = [];
  const walk = (uri: string, syms: HelmSymbol[], container: string | undefined): void => {
    for (const s of syms) {
      if (out.length >= limit) return;
      if (s.kind === 'entry') {
        if (matchesQuery(s.name, query)) {
          const m: WorkspaceSymbolMatch = { uri, name: s.name, span: s.selectionSpan };
          if (container) m.container = container;
          out.push(m);
        }
      } else walk(uri, s.children, s.name);
    }
  };
  for (const f of files) walk(f.uri, getDocumentSymbols(f.conf), undefined);
  return out;
}

/** An outermost heading and the run entries under it (indexes into `conf.entries`, `end` excluded). */
export interface TopSection {
  title: string;
  /** The heading's comment (or banner). */
  span: Span;
  first: number;
  end: number;
}

/**
 * The outermost headings, as the outline nests them: a heading no earlier heading outweighs. Each holds
 * the entries from it to the next one; the entries before the first are in none.
 */
export function topSections(conf: ConfFile): TopSection[] {
  const tops: Heading[] = [];
  let max = -Infinity;
  for (const h of findHeadings(conf)) {
    if (h.weight < max) continue;
    max = h.weight;
    tops.push(h);
  }
  const entries = conf.entries;
  /** The index of the first entry starting after `offset` (entries are in file order). */
  const firstAfter = (offset: number): number => {
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (entries[mid].node.span.start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return tops.map((h, i) => ({
    title: h.title,
    span: h.span,
    first: firstAfter(h.span.end),
    end: i + 1 < tops.length ? firstAfter(tops[i + 1].span.start) : entries.length,
  }));
}
