// runner_config.yaml in a real VS Code: it stays a YAML file, and the HELM language server checks, completes and explains it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, openFile, positionOf, waitFor, workspaceDir } from './helpers';

describe('runner_config.yaml', () => {
  const file = path.join('config-check', 'prod_env', 'runner_config.yaml');
  after(() => fs.rmSync(path.join(workspaceDir(), 'config-check'), { recursive: true, force: true }));

  it('gets the runner configuration diagnostics, completion and hover', async () => {
    await activateExtension();
    fs.mkdirSync(path.join(workspaceDir(), 'config-check', 'prod_env'), { recursive: true });
    const editor = await openFile(file, 'slurm_monitor_interval: "30"\nslurm_args:\n  partition: debug\n  cpus-per-task: "4"\n  \n');
    const document = editor.document;
    assert.notEqual(document.languageId, 'helm-conf');
    const diagnostics = await waitFor('the diagnostics', () => {
      const found = vscode.languages.getDiagnostics(document.uri);
      return found.length === 2 ? found : undefined;
    });
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.severity]),
      [['runner-config-wrong-type', 0, vscode.DiagnosticSeverity.Error], ['unknown-slurm-arg', 3, vscode.DiagnosticSeverity.Error]],
    );
    const completion = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(4, 2));
    const labels = completion.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('cpus_per_task') && labels.includes('time'), labels.slice(0, 20).join(' '));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, 'partition', 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /sbatch `--partition`, `-p`/);
  });
});
