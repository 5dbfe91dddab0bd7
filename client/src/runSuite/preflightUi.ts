// Pre-flight in the editor: the server's errors in what is about to run, the run entries it holds, and the modals.
import * as vscode from 'vscode';
import { DocumentDiagnosticRequest, LanguageClient, type DocumentDiagnosticReport } from 'vscode-languageclient/node';
import { emptySelectionMessage, errorsMessage, FilterProbes, ReportedError } from './preflight';
import type { ExpandedEntry, ExpansionFilters } from '../../../server/src/common/protocol';

/** A run entry of the document: its description and lines, from the server's outline. */
export interface OutlineEntry {
  description: string;
  /** 0-based first and last line. */
  line: number;
  endLine: number;
}

/** The run entries of a document, from the language server's document symbols (sections hold entries). */
export async function outlineEntries(uri: vscode.Uri): Promise<OutlineEntry[]> {
  const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', uri)) ?? [];
  const out: OutlineEntry[] = [];
  const walk = (list: readonly vscode.DocumentSymbol[]): void => {
    for (const s of list) {
      if (s.kind === vscode.SymbolKind.Namespace) walk(s.children ?? []);
      else out.push({ description: s.name, line: s.range.start.line, endLine: s.range.end.line });
    }
  };
  walk(symbols);
  return out.sort((a, b) => a.line - b.line);
}

/**
 * The server's errors in a document (its diagnostics of severity Error), within lines if given. Asked
 * of the server (textDocument/diagnostic) rather than read from a collection: the client pulls
 * diagnostics (they are not in its push collection), and a file just opened has no list yet.
 */
export async function serverErrors(client: LanguageClient | undefined, uri: vscode.Uri, lines?: { from: number; to: number }): Promise<vscode.Diagnostic[]> {
  if (!client) return [];
  let report: DocumentDiagnosticReport;
  try {
    report = await client.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: client.code2ProtocolConverter.asUri(uri) } });
  } catch {
    return [];
  }
  if (report.kind !== 'full') return [];
  const diagnostics = await client.protocol2CodeConverter.asDiagnostics(report.items);
  return diagnostics.filter(
    (d) => d.severity === vscode.DiagnosticSeverity.Error && (!lines || (d.range.start.line >= lines.from && d.range.start.line <= lines.to)),
  );
}

export const SHOW_PROBLEMS = 'Show problems';
export const RUN_ANYWAY = 'Run anyway';

/** Asks whether to run despite errors: 'run', or undefined (after showing them, or when dismissed). */
export async function confirmDespiteErrors(uri: vscode.Uri, errors: readonly vscode.Diagnostic[], what: 'file' | 'entry' | 'section'): Promise<'run' | 'shown' | undefined> {
  const reported: ReportedError[] = errors.map((d) => ({ line: d.range.start.line, message: d.message, code: typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code) }));
  const text = errorsMessage(reported, what);
  if (!text) return 'run';
  const choice = await vscode.window.showWarningMessage(`HELM: ${text.message}`, { modal: true, detail: text.detail }, SHOW_PROBLEMS, RUN_ANYWAY);
  if (choice === RUN_ANYWAY) return 'run';
  if (choice !== SHOW_PROBLEMS) return undefined;
  const first = [...errors].sort((a, b) => a.range.start.compareTo(b.range.start))[0];
  await vscode.window.showTextDocument(uri, { selection: first.range, preview: false });
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  return 'shown';
}

/** Refuses a selection that makes no RunSpec, naming the reason per entry; true when it refused. */
export function refuseEmptySelection(entries: readonly ExpandedEntry[], filters: ExpansionFilters, probes: FilterProbes): boolean {
  const text = emptySelectionMessage(entries, filters, probes);
  if (!text) return false;
  void vscode.window.showErrorMessage(`HELM: ${text.message}`, { modal: true, detail: text.detail });
  return true;
}
