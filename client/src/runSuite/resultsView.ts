// The results view of a finished suite: a webview table of each RunSpec's main statistics.
import * as vscode from 'vscode';
import { ResultsPage, renderResultsHtml } from './resultsHtml';

let panel: vscode.WebviewPanel | undefined;

/** Shows (or refreshes) the results panel for a suite. */
export function showResults(page: ResultsPage): vscode.WebviewPanel {
  if (!panel) {
    panel = vscode.window.createWebviewPanel('helmConf.results', `HELM results: ${page.suite}`, vscode.ViewColumn.Active, {
      enableScripts: false,
      localResourceRoots: [],
    });
    panel.onDidDispose(() => (panel = undefined));
  }
  panel.title = `HELM results: ${page.suite}`;
  panel.webview.html = renderResultsHtml(page, panel.webview.cspSource);
  panel.reveal();
  return panel;
}
