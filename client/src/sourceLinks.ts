// Links to HELM's source on GitHub (no HELM installed): opened in the browser from go to definition and from a diagnostic's related information.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

/**
 * The server links to `https://github.com/stanford-crfm/helm/blob/<commit>/src/helm/…#L<line>` when no
 * HELM is installed. VS Code opens a definition or a related location as an editor, which an `https:`
 * page is not; the link is handed to the editor under this scheme instead, as a two-line note, and
 * opening that note opens the page in the browser.
 */
export const LINK_SCHEME = 'helm-link';

const isWeb = (uri: vscode.Uri): boolean => uri.scheme === 'https' || uri.scheme === 'http';

/** `https://host/path#L1` → `helm-link://host/path#L1` (the editor shows the file's name); other uris as they are. */
export function toEditorUri(uri: vscode.Uri): vscode.Uri {
  return isWeb(uri) ? uri.with({ scheme: LINK_SCHEME, query: uri.scheme }) : uri;
}

/** The web page an editor uri of this scheme stands for. */
export function toWebUri(uri: vscode.Uri): vscode.Uri {
  return uri.with({ scheme: uri.query === 'http' ? 'http' : 'https', query: '' });
}

type DefinitionResult = vscode.Definition | vscode.DefinitionLink[] | null | undefined;

function editorDefinition(result: DefinitionResult): DefinitionResult {
  if (!result) return result;
  if (result instanceof vscode.Location) return new vscode.Location(toEditorUri(result.uri), result.range);
  return (result as Array<vscode.Location | vscode.LocationLink>).map((l) =>
    l instanceof vscode.Location ? new vscode.Location(toEditorUri(l.uri), l.range) : { ...l, targetUri: toEditorUri(l.targetUri) },
  ) as DefinitionResult;
}

/** The diagnostics with their related places on the web handed to the editor under LINK_SCHEME (in place). */
function editorDiagnostics(diagnostics: readonly vscode.Diagnostic[]): void {
  for (const d of diagnostics) {
    d.relatedInformation = d.relatedInformation?.map((r) =>
      isWeb(r.location.uri) ? new vscode.DiagnosticRelatedInformation(new vscode.Location(toEditorUri(r.location.uri), r.location.range), r.message) : r,
    );
  }
}

/** The language client's middleware that hands web links to the editor under LINK_SCHEME: definitions, pushed and pulled diagnostics. */
export const sourceLinkMiddleware: Middleware = {
  provideDefinition: async (document, position, token, next) => editorDefinition(await next(document, position, token)),
  handleDiagnostics: (uri, diagnostics, next) => {
    editorDiagnostics(diagnostics);
    next(uri, diagnostics);
  },
  provideDiagnostics: async (document, previousResultId, token, next) => {
    const report = await next(document, previousResultId, token);
    if (report && 'items' in report) editorDiagnostics(report.items);
    return report;
  },
};

/**
 * The note an editor shows for a link (a hover preview of the definition shows it too), and the
 * browser opened when the user opens one: the note's tab is closed again, leaving the page.
 */
export class SourceLinkNotes implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Web pages opened, most recent last (the extension's tests read it). */
  readonly opened: string[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(LINK_SCHEME, this),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor?.document.uri.scheme === LINK_SCHEME) void this.open(editor.document.uri);
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const web = toWebUri(uri);
    return `HELM is not installed here: this is HELM's source on its public repository, opened in your browser.\n${web.toString(true)}\n`;
  }

  private async open(uri: vscode.Uri): Promise<void> {
    const web = toWebUri(uri);
    this.opened.push(web.toString(true));
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        if (tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString()) await vscode.window.tabGroups.close(tab);
      }
    }
    // VS Code asks first ("open the external website?") unless the user trusts github.com; a refusal is theirs to make.
    await Promise.resolve(vscode.env.openExternal(web)).catch(() => false);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
