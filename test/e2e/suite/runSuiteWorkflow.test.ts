// HELM's workflow after a run, clicked as the user would: Summarize (helm-summarize), then HELM's web UI (helm-server)
// in the editor's browser; and both as tasks.json task types. Stand-ins: test/fixtures/fake-helm-run/helm-{summarize,server}.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSuiteResult } from '../../../client/src/runSuite/runSuiteCommand';
import { activateExtension, clearMessages, clickButton, isAlive, openFile, programRecord, removeRecord, screenshot, SCREENSHOT_DIR, ui, waitFor, workspaceDir } from './helpers';

function removeRecords(): void {
  for (const program of ['summarize', 'server']) fs.rmSync(path.join(workspaceDir(), `fake-helm-${program}.json`), { force: true });
}

/** Runs a tasks.json task by its label and waits for it to end. */
async function runTask(type: string, label: string): Promise<void> {
  const task = (await vscode.tasks.fetchTasks({ type })).find((t) => t.name === label);
  assert.ok(task, `no task "${label}"`);
  const ended = new Promise<void>((resolve) => {
    const listener = vscode.tasks.onDidEndTask((e) => {
      if (e.execution.task.name !== label) return;
      listener.dispose();
      resolve();
    });
  });
  await vscode.tasks.executeTask(task);
  await ended;
}

describe('Run suite: HELM\'s workflow after a run', () => {
  before(() => activateExtension());
  beforeEach(async () => {
    removeRecord();
    removeRecords();
    await clearMessages();
  });

  it('summarizes the suite, then serves it in HELM\'s web UI inside the editor, and stops the server', async () => {
    const api = await activateExtension();
    const confUri = (await openFile('run_entries_e2e.conf')).document.uri;
    const result = await vscode.commands.executeCommand<RunSuiteResult>('helmConf.runSuite', confUri, { suite: 'e2e-web', maxEvalInstances: 1, modelsToRun: [], priority: 1, confirm: true });
    assert.deepEqual(result.notification?.buttons, ['Show results', 'Summarize', "Open in HELM's web UI"]);
    const suiteDir = path.join(workspaceDir(), 'benchmark_output', 'runs', 'e2e-web');

    await clickButton('Summarize');
    const summarized = await ui({ action: 'read', contains: 'suite e2e-web summarized' });
    assert.equal(summarized.ok, true, JSON.stringify(summarized));
    assert.deepEqual(programRecord('summarize')?.argv, ['--suite', 'e2e-web']);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(suiteDir, 'summary.json'), 'utf8')).suite, 'e2e-web');
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(suiteDir, 'runs_to_run_suites.json'), 'utf8')), { 'mmlu:subject=anatomy,model=openai_gpt2': 'e2e-web' });

    await clickButton("Open in HELM's web UI");
    const server = await waitFor('helm-server to answer', () => api.workflow.webUi.current);
    assert.deepEqual(programRecord('server')?.argv, ['--port', String(server.port), '--suite', 'e2e-web']);
    // The page HELM's web UI serves, in the editor's Simple Browser (through code-server's proxy), reads the summary.
    const page = await ui({ action: 'webviewText', contains: 'Suite e2e-web, summarized on', timeoutMs: 20000 });
    assert.ok(page.ok, 'the web UI does not show the suite');
    assert.match(page.url ?? '', new RegExp(`/proxy/${server.port}/`));
    await screenshot(path.join(SCREENSHOT_DIR, 'web-ui.png'));

    assert.equal(await vscode.commands.executeCommand('helmConf.stopWebUi'), true);
    await waitFor('helm-server to be gone', () => !isAlive(server.pid ?? 0));
    assert.equal(api.workflow.webUi.current, undefined);
  });

  it('summarizes before serving when the suite has no summary yet', async () => {
    const api = await activateExtension();
    const confUri = (await openFile('run_entries_e2e.conf')).document.uri;
    await vscode.commands.executeCommand<RunSuiteResult>('helmConf.runSuite', confUri, { suite: 'e2e-web-direct', maxEvalInstances: 1, modelsToRun: [], priority: 1, confirm: true });
    await clickButton("Open in HELM's web UI");
    await ui({ action: 'webviewText', contains: 'Suite e2e-web-direct, summarized on', timeoutMs: 20000 });
    assert.deepEqual(programRecord('summarize')?.argv, ['--suite', 'e2e-web-direct']);
    assert.equal(await vscode.commands.executeCommand('helmConf.stopWebUi'), true);
    assert.equal(api.workflow.webUi.current, undefined);
  });

  it('runs helm-summarize and helm-server as tasks.json task types', async () => {
    await runTask('helm-run', 'HELM: e2e suite from tasks.json');
    await runTask('helm-summarize', 'HELM: e2e summarize from tasks.json');
    assert.deepEqual(programRecord('summarize')?.argv, ['--suite', 'from-tasks-json']);
    assert.ok(fs.existsSync(path.join(workspaceDir(), 'benchmark_output', 'runs', 'from-tasks-json', 'summary.json')));

    const task = (await vscode.tasks.fetchTasks({ type: 'helm-server' })).find((t) => t.name === 'HELM: e2e web UI from tasks.json');
    assert.ok(task);
    const execution = await vscode.tasks.executeTask(task);
    const server = await waitFor('the helm-server task to start', () => programRecord('server'));
    assert.deepEqual(server.argv, ['--port', '47913', '--suite', 'from-tasks-json']);
    execution.terminate();
    await waitFor('the helm-server task to stop', () => !isAlive(server.pid));
  });
});
