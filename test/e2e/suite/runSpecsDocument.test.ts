// "Show expanded RunSpecs": the virtual document lists each entry's RunSpecs and follows edits.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openFile, waitFor } from './helpers';

describe('Show expanded RunSpecs', () => {
  it('lists the RunSpecs of each entry and refreshes after an edit', async () => {
    await activateExtension();
    const editor = await openFile('run_entries_preview.conf', 'entries: [\n  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}\n]\n');
    const preview = await vscode.commands.executeCommand<vscode.TextDocument>('helmConf.showExpandedRunSpecs', editor.document.uri);
    assert.equal(preview.uri.scheme, 'helm-runspecs');
    assert.match(preview.getText(), /# line 2: mmlu:subject=anatomy,model=openai\/gpt2/);
    assert.match(preview.getText(), /^mmlu:subject=anatomy.*model=openai_gpt2/m);

    const edit = new vscode.WorkspaceEdit();
    edit.replace(editor.document.uri, editor.document.lineAt(1).range, '  {description: "boolq:model=openai/gpt2", priority: 1}');
    await vscode.workspace.applyEdit(edit);
    await waitFor('the preview to follow the edit', () => (/^boolq:.*model=openai_gpt2/m.test(preview.getText()) ? true : undefined));
    assert.doesNotMatch(preview.getText(), /mmlu/);
  });
});
