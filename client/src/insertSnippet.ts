// The command a quick fix calls to insert a snippet (LSP 3.17 workspace edits take plain text): the cursor at its first tab stop, the value list open.
import * as vscode from 'vscode';

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** `helmConf.insertSnippet(uri, range, snippet)`: replaces `range` of the document with the snippet, then opens completion. */
export async function insertSnippet(uri: unknown, range: unknown, snippet: unknown): Promise<boolean> {
  if (typeof uri !== 'string' || typeof snippet !== 'string' || !range || typeof range !== 'object') return false;
  const r = range as LspRange;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const editor = await vscode.window.showTextDocument(document, { preserveFocus: false });
  const target = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  if (!(await editor.insertSnippet(new vscode.SnippetString(snippet), target))) return false;
  await vscode.commands.executeCommand('editor.action.triggerSuggest');
  return true;
}
