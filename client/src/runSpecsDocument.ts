// "Show expanded RunSpecs": a read-only virtual document (scheme helm-runspecs) that follows its conf file.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { EXPAND_FILE_REQUEST, ExpandFileParams, ExpandFileResult, ExpansionFilters } from '../../server/src/common/protocol';

export const RUNSPECS_SCHEME = 'helm-runspecs';
const REFRESH_DELAY_MS = 300;

/** The virtual document's uri for a conf file: the conf's uri travels in the query. */
export function runSpecsUri(confUri: vscode.Uri): vscode.Uri {
  const base = confUri.path.split('/').pop() ?? 'run_entries.conf';
  return vscode.Uri.from({ scheme: RUNSPECS_SCHEME, path: `/${base}.runspecs`, query: confUri.toString() });
}

/** The text shown for an expansion: one block per entry, its RunSpec names below it. */
export function formatExpansion(confName: string, result: ExpandFileResult, filters: ExpansionFilters): string {
  const lines: string[] = [];
  const filterText = [
    filters.modelsToRun?.length ? `--models-to-run ${filters.modelsToRun.join(' ')}` : '',
    filters.priority ? `--priority ${filters.priority}` : '',
    filters.groupsToRun?.length ? `--groups-to-run ${filters.groupsToRun.join(' ')}` : '',
  ].filter(Boolean);
  lines.push(`# RunSpecs of ${confName}: ${result.total}${filterText.length ? ` (${filterText.join(' ')})` : ''}`);
  for (const entry of result.entries) {
    const how = entry.exact ? 'from HELM' : entry.approximate ? 'static, approximate' : 'static';
    const count = entry.filteredOut ? 'filtered out' : `${entry.runSpecs.length} RunSpec${entry.runSpecs.length === 1 ? '' : 's'}`;
    lines.push('', `# line ${entry.line + 1}: ${entry.description}  (${count}, ${how})`);
    if (entry.error) lines.push(`#   ${entry.error}`);
    if (!entry.filteredOut) for (const name of entry.runSpecs) lines.push(name);
  }
  return lines.join('\n') + '\n';
}

export class RunSpecsDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly getClient: () => LanguageClient | undefined) {
    this.subscription = vscode.workspace.onDidChangeTextDocument((e) => this.scheduleRefresh(e.document.uri));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const confUri = vscode.Uri.parse(uri.query);
    const client = this.getClient();
    if (!client?.isRunning()) return '# The HELM language server is not running.\n';
    const settings = vscode.workspace.getConfiguration('helmConf', confUri);
    const filters: ExpansionFilters = {
      modelsToRun: settings.get<string[]>('runSuite.modelsToRun', []),
      priority: settings.get<number>('runSuite.priority', 0) || undefined,
      groupsToRun: settings.get<string[]>('runSuite.groupsToRun', []),
    };
    try {
      const params: ExpandFileParams = { uri: confUri.toString(), filters };
      const result = await client.sendRequest<ExpandFileResult>(EXPAND_FILE_REQUEST, params);
      return formatExpansion(confUri.path.split('/').pop() ?? confUri.toString(), result, filters);
    } catch (error) {
      return `# The expansion failed: ${error instanceof Error ? error.message : String(error)}\n`;
    }
  }

  /** Refreshes the open preview of a conf file a moment after its last edit. */
  private scheduleRefresh(confUri: vscode.Uri): void {
    const previewUri = runSpecsUri(confUri);
    const isOpen = vscode.workspace.textDocuments.some((d) => d.uri.toString() === previewUri.toString());
    if (!isOpen) return;
    const key = previewUri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.changeEmitter.fire(previewUri);
    }, REFRESH_DELAY_MS));
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}

/** Opens the preview of a conf file beside it, scrolled to the entry on `line` (0-based) if given. */
export async function showExpandedRunSpecs(confUri: vscode.Uri | undefined, line?: number): Promise<vscode.TextDocument | undefined> {
  const uri = confUri ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme === RUNSPECS_SCHEME) {
    void vscode.window.showInformationMessage('Open a HELM run entries file first.');
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(runSpecsUri(uri));
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  if (line !== undefined) {
    const heading = document.getText().indexOf(`# line ${line + 1}:`);
    if (heading >= 0) {
      const position = document.positionAt(heading);
      editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.AtTop);
    }
  }
  return document;
}
