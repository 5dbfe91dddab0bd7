// After a run, as the user sees it: the results view with failure reasons and sortable metrics, a crash, a cancel.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSuiteResult } from '../../../client/src/runSuite/runSuiteCommand';
import { activateExtension, clearMessages, clickButton, openFile, readRecord, removeRecord, screenshot, SCREENSHOT_DIR, ui, waitFor } from './helpers';

const CONF = [
  'entries: [',
  '  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}',
  '  {description: "boolq:model=openai/gpt2", priority: 1}',
  '  {description: "narrative_qa:model=openai/gpt2", priority: 1}',
  ']',
  '',
].join('\n');
const FAILED = 'boolq:model=openai_gpt2';
const REASON = `ValueError: stand-in failure: ${FAILED} is listed in fake-helm-run.fail`;

/** The order in which RunSpec names appear in a text. */
function order(text: string, names: string[]): string[] {
  return [...names].sort((a, b) => text.indexOf(`\t${a}\t`) - text.indexOf(`\t${b}\t`));
}

describe('Run suite: results', () => {
  let confUri: vscode.Uri;

  before(async () => {
    await activateExtension();
    confUri = (await openFile('run_entries_results.conf', CONF)).document.uri;
  });
  beforeEach(async () => {
    removeRecord();
    await clearMessages();
  });

  it('shows why a RunSpec failed: Show results, the reason from helm-run\'s log, and a link to its line', async () => {
    const result = await vscode.commands.executeCommand<RunSuiteResult>('helmConf.runSuite', confUri, { suite: 'e2e-results', maxEvalInstances: 2, modelsToRun: [], priority: 0, confirm: true });
    const notification = await clickButton('Show results');
    assert.match(notification.text ?? '', new RegExp(`suite e2e-results: 2 done, 1 failed\\. ${FAILED}: ValueError: stand-in failure`));

    const view = await ui({ action: 'webviewText', contains: REASON });
    assert.ok(view.ok, 'the results view does not show the failure reason');
    assert.match(view.text ?? '', /3 RunSpecs: 2 done, 1 failed/);
    assert.match(view.text ?? '', new RegExp(`failed\\t${FAILED}\\t${REASON.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(view.text ?? '', /done\tmmlu:subject=anatomy,model=openai_gpt2\t\ttest\t2\t0\.250\tfolder run_spec\.json scenario_state\.json per_instance_stats\.json stats\.json/);
    // The view alone, as wide as the window, for the README's picture.
    for (const command of ['workbench.action.closeEditorsInOtherGroups', 'workbench.action.closePanel', 'workbench.action.closeSidebar']) await vscode.commands.executeCommand(command);
    await screenshot(path.join(SCREENSHOT_DIR, 'results.png'));
    await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');

    // The reason opens helm-run's log on the exception line.
    await ui({ action: 'webviewClick', contains: REASON, label: REASON });
    const log = await waitFor('the log to open', () => {
      const editor = vscode.window.activeTextEditor;
      return editor?.document.uri.fsPath === result.outcome?.logFile ? editor : undefined;
    });
    assert.equal(log.document.lineAt(log.selection.start.line).text, REASON);
  });

  it('sorts the table by a metric when its header is clicked, numbers as numbers', async () => {
    await vscode.commands.executeCommand<RunSuiteResult>('helmConf.runSuite', confUri, { suite: 'e2e-sort', maxEvalInstances: 2, modelsToRun: [], priority: 0, confirm: true, showResults: true });
    const names = ['mmlu:subject=anatomy,model=openai_gpt2', 'narrative_qa:model=openai_gpt2'];
    await ui({ action: 'webviewText', contains: 'Suite e2e-sort' });
    await ui({ action: 'webviewClick', contains: 'Suite e2e-sort', label: 'exact_match' });
    const ascending = await ui({ action: 'webviewText', contains: 'exact_match ▲' });
    assert.deepEqual(order(ascending.text ?? '', names), names);
    await ui({ action: 'webviewClick', contains: 'Suite e2e-sort', label: 'exact_match ▲' });
    const descending = await ui({ action: 'webviewText', contains: 'exact_match ▼' });
    assert.deepEqual(order(descending.text ?? '', names), [...names].reverse());
  });

  it('shows the last traceback of a crashed helm-run, and no button for results that do not exist', async () => {
    const config = vscode.workspace.getConfiguration('helmConf', confUri);
    await openFile('broken_plugin.py', 'raise RuntimeError("this plugin needs a GPU")\n');
    await vscode.window.showTextDocument(confUri);
    await config.update('plugins', ['broken_plugin.py'], vscode.ConfigurationTarget.Workspace);
    try {
      const result = await vscode.commands.executeCommand<RunSuiteResult>('helmConf.runSuite', confUri, { suite: 'e2e-crash', maxEvalInstances: 1, modelsToRun: [], priority: 0, confirm: true });
      assert.deepEqual(readRecord()?.argv.slice(-2), ['--plugins', 'broken_plugin.py']);
      assert.equal(result.summary?.crash?.text, 'RuntimeError: this plugin needs a GPU');
      const notification = await clickButton('Show log');
      assert.match(notification.text ?? '', /HELM: helm-run stopped with an error: RuntimeError: this plugin needs a GPU/);
      assert.deepEqual(notification.buttons, ['Show log']);
      const log = await waitFor('the log to open', () => {
        const editor = vscode.window.activeTextEditor;
        return editor?.document.uri.fsPath === result.outcome?.logFile ? editor : undefined;
      });
      assert.equal(log.document.lineAt(log.selection.start.line).text, 'RuntimeError: this plugin needs a GPU');
    } finally {
      await config.update('plugins', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('keeps the terminal and the log of a run the user cancels, and says what was cancelled', async () => {
    const running = Promise.resolve(vscode.commands.executeCommand<RunSuiteResult>('helmConf.runSuite', confUri, { suite: 'hang', maxEvalInstances: 1, modelsToRun: [], priority: 0, confirm: true }));
    await waitFor('the stand-in to start its child', () => readRecord()?.childPid);
    await clickButton('Cancel');
    const result = await running;
    assert.equal(result.outcome?.cancelled, true);
    assert.deepEqual(
      result.summary?.outcomes.map((o) => [o.runSpec, o.status, o.reason]),
      [
        ['mmlu:subject=anatomy,model=openai_gpt2', 'cancelled', 'stopped while it ran'],
        [FAILED, 'cancelled', 'not started'],
        ['narrative_qa:model=openai_gpt2', 'cancelled', 'not started'],
      ],
    );
    assert.deepEqual(result.notification, { message: 'HELM: suite hang was stopped: 0 done, 3 cancelled.', buttons: ['Show log'] });
    assert.ok(vscode.window.terminals.some((t) => t.name.includes('hang')), `terminals: ${vscode.window.terminals.map((t) => t.name).join(', ')}`);
    assert.match(fs.readFileSync(result.outcome?.logFile ?? '', 'utf8'), /Running mmlu:subject=anatomy,model=openai_gpt2 \{/);
  });
});
