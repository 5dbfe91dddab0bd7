// Conversions between the services' offsets and diagnostics and LSP's ranges and diagnostics.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type DiagnosticRelatedInformation, type Position, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { HelmDiagnostic, Severity } from '../common/diagnostic';
import type { Span } from '../common/span';
import { sourceLink, type SourceLinkContext } from '../services/sourceLinks';

export const DIAGNOSTIC_SOURCE = 'helm-conf';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(doc: PositionSource, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

/** Positions of a document: an open one, or a conf file on disk through its own line index. */
export type PositionSource = Pick<TextDocument, 'positionAt'>;

/**
 * The LSP diagnostic. Related places in other files become links that open (see sourceLinks.ts); one
 * whose file is nowhere to be found is left out rather than sent as a link to nothing.
 */
export function toLspDiagnostic(d: HelmDiagnostic, doc: PositionSource, uri: string, links: SourceLinkContext = {}, hintsAsInformation = false): Diagnostic {
  // VS Code's Problems panel leaves hints out; sent as information they are listed.
  const severity = hintsAsInformation && d.severity === 'hint' ? 'info' : d.severity;
  const out: Diagnostic = {
    range: toRange(doc, d.span),
    severity: SEVERITY[severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
  };
  if (d.tags?.length) out.tags = d.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of d.related ?? []) {
    if (r.span) related.push({ message: r.message, location: { uri, range: toRange(doc, r.span) } });
    else if (r.path) {
      const link = sourceLink(r.path, r.line ?? 0, links);
      const pos = { line: r.line ?? 0, character: r.character ?? 0 };
      if (link) related.push({ message: r.message, location: { uri: link.uri, range: { start: pos, end: pos } } });
    }
  }
  if (related.length) out.relatedInformation = related;
  return out;
}

export const sameRange = (a: Range, b: Range): boolean =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** Diagnostics converted per slice of this many (see inSlices). */
const SLICE = 5000;

/** toLspDiagnostic over a list, pausing (`yield`) between slices. */
export function* toLspDiagnosticsInSlices(
  diagnostics: readonly HelmDiagnostic[],
  doc: LineSource,
  uri: string,
  links: SourceLinkContext = {},
  hintsAsInformation = false,
): Generator<void, Diagnostic[], void> {
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const hit = converted.get(d);
    if (hit && hit.uri === uri && hit.hintsAsInformation === hintsAsInformation && stillAt(doc, hit.item, d)) out.push(hit.item);
    else {
      const item = toLspDiagnostic(d, doc, uri, links, hintsAsInformation);
      // Kept when every place is in this document (a link elsewhere depends on `links`).
      if (!d.related?.some((r) => !r.span)) converted.set(d, { item, uri, hintsAsInformation });
      out.push(item);
    }
    if (out.length % SLICE === 0) yield;
  }
  return out;
}

/** A document's positions both ways and its number of lines (an open document). */
type LineSource = Pick<TextDocument, 'positionAt' | 'offsetAt' | 'lineCount'>;

/**
 * The client's form of a diagnostic, kept while it is the same object: one of an entry the incremental
 * parse did not re-read keeps its object from one version to the next, moved in place, and its
 * conversion holds as long as its ranges still fall on the same lines and characters.
 */
const converted = new WeakMap<HelmDiagnostic, { item: Diagnostic; uri: string; hintsAsInformation: boolean }>();

/** Does `position` lie at `offset` in the document (what positionAt(offset) would give), found in constant time? */
function positionHolds(doc: LineSource, position: Position, offset: number): boolean {
  const { line, character } = position;
  if (line < 0 || line >= doc.lineCount || doc.offsetAt({ line, character: 0 }) + character !== offset) return false;
  const next = doc.offsetAt({ line: line + 1, character: 0 });
  return line + 1 >= doc.lineCount ? offset <= next : offset < next;
}

const rangeHolds = (doc: LineSource, range: Range, span: Span): boolean => positionHolds(doc, range.start, span.start) && positionHolds(doc, range.end, span.end);

/** The converted diagnostic's ranges, and those of its related places, are still those of `d` in `doc`. */
function stillAt(doc: LineSource, item: Diagnostic, d: HelmDiagnostic): boolean {
  if (!rangeHolds(doc, item.range, d.span)) return false;
  const related = item.relatedInformation ?? [];
  let i = 0;
  for (const r of d.related ?? []) {
    if (!r.span) return false;
    const info = related[i++];
    if (!info || !rangeHolds(doc, info.location.range, r.span)) return false;
  }
  return i === related.length;
}

/** The two lists show the user the same thing: same ranges, severities, codes, messages, tags and related places, in order. */
export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.code !== y.code || x.message !== y.message || x.severity !== y.severity || !sameRange(x.range, y.range)) return false;
    if (x.tags?.join() !== y.tags?.join()) return false;
    const rx = x.relatedInformation ?? [];
    const ry = y.relatedInformation ?? [];
    if (rx.length !== ry.length) return false;
    for (let j = 0; j < rx.length; j++) {
      if (rx[j].message !== ry[j].message || rx[j].location.uri !== ry[j].location.uri || !sameRange(rx[j].location.range, ry[j].location.range)) return false;
    }
  }
  return true;
}

/** The text an editor inserts for a snippet when nothing is typed: `${1:x}` → `x`, `$0`/`${1}` → ``, `\$` → `$`. */
export function snippetToText(snippet: string): string {
  return snippet
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}
