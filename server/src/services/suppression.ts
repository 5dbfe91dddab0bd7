// Suppression comments: `# helm-conf: disable-next-line CODE, …` and `# helm-conf: disable-line CODE, …` (no codes: all).
import type { HelmDiagnostic, QuickFix } from '../common/diagnostic';
import { firstStartingAt, type Span } from '../common/span';
import type { ConfFile } from '../parser/types';
import { FILE_REFUSED } from './rules';

const DIRECTIVE = /^\s*helm-conf:\s*(disable-next-line|disable-line)(?=\s|$)(.*)$/;

/** 0-based line → the codes suppressed on it ('all' when the comment names none). */
export type Suppressions = Map<number, Set<string> | 'all'>;

export function readSuppressions(conf: ConfFile): Suppressions {
  const out: Suppressions = new Map();
  for (const c of conf.comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const commentLine = conf.lines.positionAt(c.span.start).line;
    const line = m[1] === 'disable-next-line' ? commentLine + 1 : commentLine;
    const codes = m[2].split(/[\s,]+/).filter((s) => s.length > 0);
    const before = out.get(line);
    if (codes.length === 0 || before === 'all') out.set(line, 'all');
    else out.set(line, new Set([...(before ?? []), ...codes]));
  }
  return out;
}

/** The diagnostics no comment suppresses; a diagnostic belongs to the line it starts on. */
export function applySuppressions(conf: ConfFile, diagnostics: HelmDiagnostic[]): HelmDiagnostic[] {
  const suppressions = readSuppressions(conf);
  if (suppressions.size === 0) return diagnostics;
  return diagnostics.filter((d) => {
    const s = suppressions.get(conf.lines.positionAt(d.span.start).line);
    return !(s === 'all' || s?.has(d.code));
  });
}

/** Per parse: the description strings that span several lines (few files have any). */
const multiLineCache = new WeakMap<ConfFile, Span[]>();

function multiLineDescriptions(conf: ConfFile): Span[] {
  let spans = multiLineCache.get(conf);
  if (!spans) {
    spans = [];
    for (const e of conf.entries) {
      const node = e.description?.node;
      // Only a triple-quoted string (or a concatenation holding one) can hold a line break.
      if (!node || (node.kind === 'string' && node.quoting !== 'triple')) continue;
      if (conf.lines.positionAt(node.span.start).line !== conf.lines.positionAt(node.span.end).line) spans.push(node.span);
    }
    spans.sort((a, b) => a.start - b.start);
    multiLineCache.set(conf, spans);
  }
  return spans;
}

/** Whether `offset` lies strictly inside one of the spans (in document order, apart): a binary search, as there is one per diagnostic. */
function insideOne(spans: Span[], offset: number): boolean {
  const next = firstStartingAt(spans, offset, (s) => s.start);
  return next > 0 && offset < spans[next - 1].end;
}


/**
 * "Disable CODE for this line": a `# helm-conf: disable-next-line CODE` line above the diagnostic's
 * line, indented like it. Not offered where that line starts inside a multi-line string.
 */
export function suppressionFix(conf: ConfFile, d: HelmDiagnostic): QuickFix | undefined {
  const start = suppressionLine(conf, d);
  if (start === undefined) return undefined;
  const indent = /^[ \t]*/.exec(conf.text.slice(start, start + MAX_INDENT))?.[0] ?? '';
  return {
    title: `Disable ${d.code} for this line`,
    edits: [{ span: { start, end: start }, newText: `${indent}# helm-conf: disable-next-line ${d.code}\n` }],
  };
}

/** Indentation longer than this is cut short in the suppression comment. */
const MAX_INDENT = 200;

/** Where the suppression comment for `d` goes (the start of its line), or undefined when none is offered. */
function suppressionLine(conf: ConfFile, d: HelmDiagnostic): number | undefined {
  // pyhocon refuses the file whatever a comment says.
  if (FILE_REFUSED.has(d.code)) return undefined;
  const start = conf.lines.lineStart(conf.lines.positionAt(d.span.start).line);
  return insideOne(multiLineDescriptions(conf), start) ? undefined : start;
}

const isIndent = (c: number): boolean => c === 32 || c === 9;

/**
 * Brings a fix made by suppressionFix for `d` (in an earlier version of the text, `d` since moved with
 * its entry) up to date in place, when only its place changed: true when it now equals what
 * suppressionFix would make, false when it must be made again. Reads the text without copying it.
 */
export function refreshSuppressionFix(conf: ConfFile, d: HelmDiagnostic, fix: QuickFix): boolean {
  const start = suppressionLine(conf, d);
  const edit = fix.edits[0];
  if (start === undefined || !edit) return false;
  const indent = edit.newText.indexOf('#');
  for (let i = 0; i < indent; i++) if (conf.text.charCodeAt(start + i) !== edit.newText.charCodeAt(i)) return false;
  if (indent < MAX_INDENT && isIndent(conf.text.charCodeAt(start + indent))) return false;
  edit.span.start = start;
  edit.span.end = start;
  return true;
}
