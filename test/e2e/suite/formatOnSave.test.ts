// Format on save in a real VS Code: a conf file saved with editor.formatOnSave comes back in HELM's layout.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, openFile, waitFor, workspaceDir } from './helpers';

const MESSY = '"entries": [\n    {description: "mmlu:subject=anatomy,model=openai/gpt2",priority=1},\n  # kept where it is\n    {description: "gsm:model=openai/gpt2", priority: 2}   # and this one\n]';
const TIDY = 'entries: [\n  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}\n  # kept where it is\n  {description: "gsm:model=openai/gpt2", priority: 2} # and this one\n]\n';

describe('format on save', () => {
  before(async () => {
    await activateExtension();
    await vscode.workspace.getConfiguration('editor').update('formatOnSave', true, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await vscode.workspace.getConfiguration('editor').update('formatOnSave', undefined, vscode.ConfigurationTarget.Global);
  });

  it('saving a badly formatted conf file writes it in HELM layout, comments on their lines', async () => {
    const editor = await openFile('run_entries_format.conf', 'entries: []\n');
    const whole = new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length));
    assert.ok(await editor.edit((b) => b.replace(whole, MESSY)));
    await vscode.commands.executeCommand('workbench.action.files.save');
    await waitFor('the saved file in HELM layout', () => fs.readFileSync(path.join(workspaceDir(), 'run_entries_format.conf'), 'utf8') === TIDY || undefined);
    assert.equal(editor.document.getText(), TIDY);
    assert.equal(editor.document.isDirty, false);
  });
});
