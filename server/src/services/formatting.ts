// Formatting: HELM's own layout (`entries: [`, one `{description: "…", priority: N}` per line, two-space indent), never changing what pyhocon reads.
import type { TextEdit } from '../common/diagnostic';
import type { Span } from '../common/span';
import { parseConf } from '../parser/index';
import { confData } from '../parser/dataTree';
import type { ConfFile, HoconArray, HoconComment, HoconField, HoconInclude, HoconKey, HoconValue } from '../parser/types';
import { layoutGap, readGap, type GapEnd } from './formatGaps';
import { editsInRange, type LayoutPiece } from './formatRange';
import { FILE_REFUSED } from './rules';

export interface FormatOptions {
  /** Keys as most of HELM's files write them (`entries: [`, `{description: …}`) or quoted (`"entries": [`). */
  quoteKeys: 'bare' | 'quoted';
}

export const DEFAULT_FORMAT_OPTIONS: FormatOptions = { quoteKeys: 'bare' };

export type FormatResult =
  /** `edits` is empty when the text is already formatted. */
  | { ok: true; edits: TextEdit[] }
  /** Not formatted: why (a syntax error, or a construct whose meaning formatting would change), and where. */
  | { ok: false; reason: string; span: Span };

/** Problems after which pyhocon refuses the file: such a file is left as it is. */

const INDENT = '  ';

/** A key pyhocon reads the same bare or quoted (and that is not the start of an `include`). */
const SIMPLE_KEY = /^(?!include)[A-Za-z_][A-Za-z0-9_-]*$/i;

/** The edits that give `conf` HELM's layout; within `range` only (LSP range formatting, see formatRange.ts) when given. */
export function formatConf(conf: ConfFile, options: FormatOptions = DEFAULT_FORMAT_OPTIONS, range?: Span): FormatResult {
  const refused = conf.problems.find((p) => FILE_REFUSED.has(p.code));
  if (refused) {
    const line = conf.lines.positionAt(refused.span.start).line + 1;
    return { ok: false, reason: `not formatted: line ${line} has a syntax error pyhocon refuses (${refused.message})`, span: refused.span };
  }
  const pieces = new Layout(conf, options).pieces();
  if (typeof pieces === 'string') return { ok: false, reason: `not formatted: ${pieces}`, span: { start: 0, end: 0 } };
  const changed = pieces.filter((p) => p.newText !== conf.text.slice(p.span.start, p.span.end));
  const edits = range ? editsInRange(conf.text, changed, range) : changed.map((p) => ({ span: p.span, newText: p.newText }));
  if (edits.length === 0) return { ok: true, edits };
  const misread = sameReading(conf, applyTextEdits(conf.text, edits));
  if (misread) return { ok: false, reason: `not formatted: ${misread}`, span: { start: 0, end: 0 } };
  return { ok: true, edits };
}

/** The text after `edits` (sorted, not overlapping). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.span.start - b.span.start)) {
    out += text.slice(at, e.span.start) + e.newText;
    at = e.span.end;
  }
  return out + text.slice(at);
}

/** Why `after` does not read as `before` does (data, run entries, comments), or undefined when it does. */
function sameReading(before: ConfFile, afterText: string): string | undefined {
  const after = parseConf(afterText);
  const broken = after.problems.find((p) => FILE_REFUSED.has(p.code));
  const tab = /\t/.test(before.text) ? ' (a tab inside a value is widened by pyhocon according to its column, so moving it changes the value)' : '';
  if (broken) return `the formatted text would not parse (${broken.message})`;
  if (JSON.stringify(confData(before)) !== JSON.stringify(confData(after))) return `formatting would change what pyhocon reads${tab}`;
  if (before.entries.length !== after.entries.length) return 'formatting would change the number of run entries';
  const comments = (c: ConfFile): string => JSON.stringify(c.comments.map((x) => x.style + x.text.trimEnd()));
  if (comments(before) !== comments(after)) return 'formatting would lose or reorder a comment';
  return undefined;
}

/** Walks the file once, cutting it into consecutive pieces (span → new text) that cover it whole. */
class Layout {
  private readonly text: string;
  private readonly comments: readonly HoconComment[];
  private readonly eol: string;
  private readonly out: LayoutPiece[] = [];
  private pos = 0;

  constructor(
    private readonly conf: ConfFile,
    private readonly options: FormatOptions,
  ) {
    this.text = conf.text;
    this.comments = conf.comments;
    this.eol = /\r\n|\r|\n/.exec(conf.text)?.[0] ?? '\n';
  }

  pieces(): LayoutPiece[] | string {
    const root = this.conf.root;
    const members: Array<HoconField | HoconInclude> = [...root.fields, ...root.includes].sort((a, b) => a.span.start - b.span.start);
    // A file in braces, or a file that is one list: left as written (HELM's files are fields without braces).
    if (root.braces || (members.length === 0 && !this.onlyCommentsIn(0, this.text.length))) return [];
    let before: GapEnd = 'start';
    for (const m of members) {
      const pinned = 'key' in m && m.value !== undefined && this.hasTabInValue(m.value);
      if (!this.gap(m.span.start, before, 'element', '', pinned ? this.indentOf(m.span.start, '') : '')) return this.unexpected(m.span.start);
      if ('key' in m && this.isEntriesList(m)) {
        if (!this.entriesField(m)) return this.unexpected(m.span.start);
      } else this.keep(m.span.end);
      before = 'element';
    }
    if (!this.gap(this.text.length, before, 'end', '', '')) return this.unexpected(this.pos);
    return this.out;
  }

  private unexpected(offset: number): string {
    return `unexpected text near line ${this.conf.lines.positionAt(offset).line + 1}`;
  }

  private isEntriesList(f: HoconField): f is HoconField & { value: HoconArray } {
    return f.key.path.length === 1 && f.key.path[0] === 'entries' && f.value?.kind === 'array' && f.separator !== undefined && this.commentsIn(f.key.span.start, f.value.span.start).length === 0;
  }

  /** `entries: [`, one run entry per line at two spaces, `]`. */
  private entriesField(f: HoconField & { value: HoconArray }): boolean {
    const list = f.value;
    const separator = f.separator?.kind === '+=' ? ' += ' : ': ';
    this.emit(list.span.start + 1, this.key(f.key) + separator + '[');
    const close = list.span.end - 1;
    if (list.items.length === 0) {
      if (!this.gap(close, 'open', 'close', INDENT, '')) return false;
    } else {
      let before: GapEnd = 'open';
      for (const item of list.items) {
        const pinned = this.hasTabInValue(item);
        if (!this.gap(item.span.start, before, 'element', INDENT, pinned ? this.indentOf(item.span.start, INDENT) : INDENT)) return false;
        const inline = pinned ? undefined : this.inline(item);
        if (inline === undefined) this.keep(item.span.end);
        else this.emit(item.span.end, inline);
        before = 'element';
      }
      if (!this.gap(close, 'element', 'close', INDENT, '')) return false;
    }
    this.keep(list.span.end);
    return true;
  }

  /** Lays out the gap from here to `end`; false when it holds more than blanks, commas and comments. */
  private gap(end: number, before: GapEnd, after: GapEnd, indent: string, nextIndent: string): boolean {
    const gap = readGap(this.text, this.pos, end, this.commentsIn(this.pos, end), before);
    if (!gap.clean) return false;
    this.emit(end, layoutGap(gap, before, after, indent, nextIndent, this.eol), true);
    return true;
  }

  /**
   * The value on one line, in the layout of HELM's files, or undefined when it must stay as written:
   * it holds a comment, a line break inside a string or a line continuation, or an `include`, or ends
   * with a `\`. A value
   * pyhocon joins from several (`"x" priority: 1`, `{…} {…}`) is kept exactly as written, on its line.
   */
  private inline(v: HoconValue): string | undefined {
    if (this.commentsIn(v.span.start, v.span.end).length > 0) return undefined;
    const raw = this.text.slice(v.span.start, v.span.end);
    switch (v.kind) {
      case 'array': {
        const items = this.inlineAll(v.items, v.span);
        return items && `[${items.join(', ')}]`;
      }
      case 'object': {
        if (v.includes.length > 0) return undefined;
        const fields = this.inlineAll(v.fields, v.span);
        return fields && `{${fields.join(', ')}}`;
      }
      default:
        // A value that ends with `\` (its blank after it is not part of it): a `,` or `}` written right
        // after would be escaped into it.
        return /[\r\n]/.test(raw) || raw.endsWith('\\') ? undefined : raw;
    }
  }

  /** Each field or item on one line, when only blanks, commas and line breaks stand between them. */
  private inlineAll(parts: ReadonlyArray<HoconValue | HoconField>, container: Span): string[] | undefined {
    const out: string[] = [];
    let at = container.start + 1;
    for (const p of parts) {
      if (!/^[\s,]*$/.test(this.text.slice(at, p.span.start))) return undefined;
      const s = 'key' in p ? this.inlineField(p) : this.inline(p);
      if (s === undefined) return undefined;
      out.push(s);
      at = p.span.end;
    }
    return /^[\s,]*$/.test(this.text.slice(at, container.end - 1)) ? out : undefined;
  }

  private inlineField(f: HoconField): string | undefined {
    if (!f.value) return undefined;
    const value = this.inline(f.value);
    if (value === undefined) return undefined;
    if (!f.separator) return f.value.kind === 'object' ? `${this.key(f.key)} ${value}` : undefined;
    return `${this.key(f.key)}${f.separator.kind === '+=' ? ' += ' : ': '}${value}`;
  }

  /**
   * pyparsing widens a tab to the next multiple of 8 columns before pyhocon reads the text, so a
   * value holding a tab reads differently in another column: such a value stays as written, where it was.
   */
  private hasTabInValue(v: HoconValue): boolean {
    if (v.kind === 'object') return v.fields.some((f) => f.value !== undefined && this.hasTabInValue(f.value));
    if (v.kind === 'array') return v.items.some((x) => this.hasTabInValue(x));
    return this.text.slice(v.span.start, v.span.end).includes('\t');
  }

  /** The blanks before `offset` when only blanks stand between it and the start of its line, else `fallback`. */
  private indentOf(offset: number, fallback: string): string {
    let i = offset;
    while (i > 0 && (this.text[i - 1] === ' ' || this.text[i - 1] === '\t')) i--;
    return i === 0 || this.text[i - 1] === '\n' || this.text[i - 1] === '\r' ? this.text.slice(i, offset) : fallback;
  }

  private key(k: HoconKey): string {
    const name = k.path.length === 1 ? k.path[0] : undefined;
    if (name === undefined || !SIMPLE_KEY.test(name) || (k.raw !== name && k.raw !== `"${name}"`)) return k.raw;
    return this.options.quoteKeys === 'quoted' ? `"${name}"` : name;
  }

  private commentsIn(start: number, end: number): HoconComment[] {
    // Comments are in document order: find the first at or after `start`.
    let lo = 0;
    let hi = this.comments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.comments[mid].span.start < start) lo = mid + 1;
      else hi = mid;
    }
    const out: HoconComment[] = [];
    for (let i = lo; i < this.comments.length && this.comments[i].span.start < end; i++) out.push(this.comments[i]);
    return out;
  }

  private onlyCommentsIn(start: number, end: number): boolean {
    let rest = this.text.slice(start, end);
    for (const c of this.commentsIn(start, end).reverse()) rest = rest.slice(0, c.span.start - start) + rest.slice(c.span.end - start);
    return /^\s*$/.test(rest);
  }

  private emit(end: number, newText: string, gap = false): void {
    this.out.push({ span: { start: this.pos, end }, newText, ...(gap ? { gap } : {}) });
    this.pos = end;
  }

  private keep(end: number): void {
    if (end > this.pos) this.emit(end, this.text.slice(this.pos, end));
  }
}

