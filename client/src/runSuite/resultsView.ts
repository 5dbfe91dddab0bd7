// The results view of a finished suite: a webview of resultsHtml, whose links open the log, files and folders.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderResultsHtml, ResultLink, ResultsPage } from './resultsHtml';

let panel: vscode.WebviewPanel | undefined;
let links: ResultLink[] = [];

/** Shows (or refreshes) the results panel for a suite. */
export function showResults(page: ResultsPage): vscode.WebviewPanel {
  if (!panel) {
    const created = vscode.window.createWebviewPanel('helmConf.results', `HELM results: ${page.suite}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [],
    });
    created.onDidDispose(() => (panel = undefined));
    // The page names a link by its index: nothing but the page's own links can be opened.
    created.webview.onDidReceiveMessage((message: unknown) => {
      const index = typeof message === 'object' && message !== null ? (message as { link?: unknown }).link : undefined;
      const target = typeof index === 'number' ? links[index] : undefined;
      if (target) void openLink(target);
    });
    panel = created;
  }
  panel.title = `HELM results: ${page.suite}`;
  const rendered = renderResultsHtml(page, panel.webview.cspSource, randomBytes(16).toString('base64'));
  links = rendered.links;
  panel.webview.html = rendered.html;
  panel.reveal();
  return panel;
}

async function openLink(target: ResultLink): Promise<void> {
  if (target.kind === 'folder') await revealFolder(vscode.Uri.file(target.path));
  else await openFileAt(target.path, target.line ?? 0, vscode.ViewColumn.Beside);
}

/** Opens a file (a log) with the cursor on a 0-based line. */
export async function openFileAt(file: string, line: number, viewColumn = vscode.ViewColumn.Active): Promise<vscode.TextEditor> {
  const position = new vscode.Position(line, 0);
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position), preview: false, viewColumn });
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
  return editor;
}

/** A folder in the explorer when it is in the workspace, else in the system's file manager. */
export async function revealFolder(folder: vscode.Uri): Promise<void> {
  if (vscode.workspace.getWorkspaceFolder(folder)) await vscode.commands.executeCommand('revealInExplorer', folder);
  else await vscode.commands.executeCommand('revealFileInOS', folder);
}
