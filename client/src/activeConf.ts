// The run entries file of the active editor, if it shows one.
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../../server/src/common/protocol';

export function activeConfUri(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === LANGUAGE_ID ? document.uri : undefined;
}
