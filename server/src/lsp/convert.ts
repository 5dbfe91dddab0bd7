// Conversions between the services' offsets/diagnostics/fixes and LSP's ranges, diagnostics and code actions.
import {
  CodeActionKind,
  DiagnosticSeverity,
  DiagnosticTag,
  type CodeAction,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { HelmDiagnostic, QuickFix, Severity } from '../common/diagnostic';
import type { Span } from '../common/span';
import { fileToUri } from './documents';

export const DIAGNOSTIC_SOURCE = 'helm-conf';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

export function toLspDiagnostic(d: HelmDiagnostic, doc: TextDocument, uri: string): Diagnostic {
  const out: Diagnostic = {
    range: toRange(doc, d.span),
    severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
  };
  if (d.tags?.length) out.tags = d.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of d.related ?? []) {
    if (r.span) related.push({ message: r.message, location: { uri, range: toRange(doc, r.span) } });
    else if (r.path) {
      const pos = { line: r.line ?? 0, character: r.character ?? 0 };
      related.push({ message: r.message, location: { uri: fileToUri(r.path), range: { start: pos, end: pos } } });
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
export function* toLspDiagnosticsInSlices(diagnostics: readonly HelmDiagnostic[], doc: TextDocument, uri: string): Generator<void, Diagnostic[], void> {
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    out.push(toLspDiagnostic(d, doc, uri));
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

/**
 * Quick fixes for the diagnostics the client sends back: each client diagnostic is matched to ours
 * by code and range, and every fix of ours becomes a code action with that diagnostic attached.
 */
export function quickFixActions(doc: TextDocument, uri: string, ours: readonly HelmDiagnostic[], theirs: readonly Diagnostic[], range?: Range): CodeAction[] {
  const actions: CodeAction[] = [];
  const wanted = theirs.length ? theirs : [];
  for (const d of ours) {
    if (!d.fixes?.length) continue;
    const r = toRange(doc, d.span);
    const match = wanted.find((t) => String(t.code ?? '') === d.code && sameRange(t.range, r));
    // Without the client's diagnostics (some clients send none), offer the fixes of ours under the range.
    if (!match && (wanted.length || !range || !overlaps(r, range))) continue;
    const diagnostic = match ?? toLspDiagnostic(d, doc, uri);
    for (const fix of d.fixes) actions.push(toCodeAction(doc, uri, fix, diagnostic));
  }
  return actions;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']): boolean => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

function toCodeAction(doc: TextDocument, uri: string, fix: QuickFix, diagnostic: Diagnostic): CodeAction {
  const edits: LspTextEdit[] = fix.edits.map((e) => ({
    range: toRange(doc, e.span),
    // LSP 3.17 workspace edits take plain text: a snippet's placeholders become their default text.
    newText: fix.snippet ? snippetToText(e.newText) : e.newText,
  }));
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: edits } } };
  if (fix.isPreferred) action.isPreferred = true;
  return action;
}

/** The text an editor inserts for a snippet when nothing is typed: `${1:x}` → `x`, `$0`/`${1}` → ``, `\$` → `$`. */
export function snippetToText(snippet: string): string {
  return snippet
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}
