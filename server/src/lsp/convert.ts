// Conversions between the services' offsets and diagnostics and LSP's ranges and diagnostics.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver/node';
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

const sameRange = (a: Range, b: Range): boolean =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** Diagnostics converted per slice of this many (see inSlices). */
const SLICE = 5000;

/** toLspDiagnostic over a list, pausing (`yield`) between slices. */
export function* toLspDiagnosticsInSlices(
  diagnostics: readonly HelmDiagnostic[],
  doc: PositionSource,
  uri: string,
  links: SourceLinkContext = {},
  hintsAsInformation = false,
): Generator<void, Diagnostic[], void> {
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    out.push(toLspDiagnostic(d, doc, uri, links, hintsAsInformation));
    if (out.length % SLICE === 0) yield;
  }
  return out;
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
