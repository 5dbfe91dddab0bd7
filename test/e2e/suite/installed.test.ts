// The packaged .vsix, installed into VS Code, activates and checks run entries.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID, openFile, positionOf, waitFor } from './helpers';

describe('installed .vsix', () => {
  it('is loaded from the extensions folder, not from the sources', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const root = path.resolve(__dirname, '..', '..', '..', '..');
    assert.notEqual(path.resolve(extension.extensionPath), root);
    assert.match(extension.extensionPath, /extensions/);
  });

  it('activates and publishes diagnostics', async () => {
    const api = await activateExtension();
    assert.equal(api.client()?.isRunning(), true);
    const editor = await openFile('run_entries_broken.conf', 'entries: [\n  {description: "mmlux:subject=anatomy"}\n]\n');
    const name = positionOf(editor.document, 'mmlux', 1);
    await waitFor('a diagnostic on mmlux', () =>
      vscode.languages.getDiagnostics(editor.document.uri).some((d) => d.range.contains(name)) ? true : undefined,
    );
  });
});
