// Run suite, Run this entry, tasks.json tasks and cancel, with the stand-in helm-run (test/fixtures/fake-helm-run).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSuiteResult } from '../../../client/src/runSuite/runSuiteCommand';
import { activateExtension, clearMessages, isAlive, openFile, readRecord, removeRecord, ui, waitFor, workspaceDir } from './helpers';

/** Accepts each question as offered, the way a user pressing Enter at each would, until the command returns. */
async function acceptEveryQuestion<T>(running: Thenable<T>): Promise<T> {
  let settled = false;
  void running.then(() => (settled = true), () => (settled = true));
  await waitFor('the questions to be answered', async () => {
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    return settled;
  }, 30000);
  return running;
}

describe('Run suite', () => {
  let confUri: vscode.Uri;

  before(async () => {
    await activateExtension();
    confUri = (await openFile('run_entries_e2e.conf')).document.uri;
  });
  beforeEach(async () => {
    removeRecord();
    await clearMessages();
  });

  it('asks for the suite, instances, models and priority, offering the settings\' defaults the first time', async () => {
    const running = vscode.commands.executeCommand<RunSuiteResult>('helmConf.runSuite', confUri, { confirm: true });
    const titles: string[] = [];
    for (const step of [1, 2, 3, 4]) {
      const question = await waitFor(`question ${step}`, async () => {
        const q = await ui({ action: 'quickInput' });
        return q.title?.startsWith(`HELM: Run suite (${step}/4)`) ? q : undefined;
      });
      titles.push(question.title ?? '');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    assert.deepEqual(titles, ['HELM: Run suite (1/4)', 'HELM: Run suite (2/4)', 'HELM: Run suite (3/4)', 'HELM: Run suite (4/4)']);
    const args = (await running).args ?? [];
    // The defaults: a suite named by today's date, 10 instances, no models or priority.
    assert.equal(args.length, 6, JSON.stringify(args));
    assert.deepEqual([...args.slice(0, 3), ...args.slice(4)], ['--conf-paths', 'run_entries_e2e.conf', '--suite', '--max-eval-instances', '10']);
    assert.match(args[3], /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(readRecord()?.argv, args);
  });

  it('runs helm-run with the answers as an argument list and reports progress and results', async () => {
    const result = await vscode.commands.executeCommand<RunSuiteResult>('helmConf.runSuite', confUri, {
      suite: 'e2e-suite',
      maxEvalInstances: 3,
      modelsToRun: ['openai/gpt2'],
      priority: 2,
      confirm: true,
      showResults: true,
    });
    const expectedArgs = ['--conf-paths', 'run_entries_e2e.conf', '--suite', 'e2e-suite', '--max-eval-instances', '3', '--models-to-run', 'openai/gpt2', '--priority', '2'];
    assert.deepEqual(result.args, expectedArgs);
    assert.deepEqual(readRecord()?.argv, expectedArgs);
    assert.equal(readRecord()?.cwd, workspaceDir());

    // HELM says how many RunSpecs it makes ("3 entries produced 2 run specs"); boolq fails (fake-helm-run.fail).
    const names = ['mmlu:subject=anatomy,model=openai_gpt2', 'boolq:model=openai_gpt2'];
    assert.deepEqual(result.progress, [`RunSpec 1 of 2: ${names[0]}`, `RunSpec 2 of 2: ${names[1]}`]);
    // helm-run ends with RunnerError ("Failed runs: [...]") and code 1 when a RunSpec failed.
    assert.equal(result.outcome?.exitCode, 1);
    assert.deepEqual(
      result.summary?.outcomes.map((o) => [o.runSpec, o.status, o.reason]),
      [
        [names[0], 'done', undefined],
        [names[1], 'failed', `ValueError: stand-in failure: ${names[1]} is listed in fake-helm-run.fail`],
      ],
    );
    assert.equal(result.summary?.crash, undefined);

    const suiteDir = path.join(workspaceDir(), 'benchmark_output', 'runs', 'e2e-suite');
    assert.equal(result.suiteDir, suiteDir);
    assert.deepEqual(result.results, [
      { runSpec: names[0], split: 'test', means: { num_instances: 3, exact_match: 0.25 }, folder: true, files: ['run_spec.json', 'scenario_state.json', 'per_instance_stats.json', 'stats.json'] },
      { runSpec: names[1], means: {}, problem: 'no stats.json', folder: false, files: [] },
    ]);
    assert.deepEqual(result.notification, {
      message: `HELM: suite e2e-suite: 1 done, 1 failed. ${names[1]}: ValueError: stand-in failure: ${names[1]} is listed in fake-helm-run.fail`,
      buttons: ['Show results', 'Summarize', "Open in HELM's web UI"],
    });
    await waitFor('the results view', () =>
      vscode.window.tabGroups.all.flatMap((group) => group.tabs).some((tab) => tab.label === 'HELM results: e2e-suite' && tab.input instanceof vscode.TabInputWebview),
    );
  });

  it('offers the last answers given in this workspace the next time', async () => {
    const answers = { suite: 'e2e-remembered', maxEvalInstances: 4, modelsToRun: ['openai/gpt2'], priority: 1, confirm: true };
    await vscode.commands.executeCommand<RunSuiteResult>('helmConf.runSuite', confUri, answers);
    removeRecord();
    const result = await acceptEveryQuestion(vscode.commands.executeCommand<RunSuiteResult>('helmConf.runSuite', confUri, { confirm: true }));
    const expected = ['--conf-paths', 'run_entries_e2e.conf', '--suite', 'e2e-remembered', '--max-eval-instances', '4', '--models-to-run', 'openai/gpt2', '--priority', '1'];
    assert.deepEqual(result.args, expected);
    assert.deepEqual(readRecord()?.argv, expected);
  });

  it('shows the expanded RunSpecs with Run suite\'s last models and priority, and follows new answers', async () => {
    const answers = { suite: 'e2e-preview', maxEvalInstances: 1, modelsToRun: ['openai/gpt2'], priority: 1, confirm: true };
    await vscode.commands.executeCommand<RunSuiteResult>('helmConf.runSuite', confUri, answers);
    const preview = await vscode.commands.executeCommand<vscode.TextDocument>('helmConf.showExpandedRunSpecs', confUri);
    // mmlu alone has priority 1; boolq joins it with --priority 2.
    await waitFor('the preview with the last answers', () => preview.lineAt(0).text === '# RunSpecs of run_entries_e2e.conf: 1 (--models-to-run openai/gpt2 --priority 1)');
    assert.match(preview.getText(), /^mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2$/m);
    await vscode.commands.executeCommand<RunSuiteResult>('helmConf.runSuite', confUri, { ...answers, priority: 2 });
    await waitFor('the preview to follow the new answers', () => preview.lineAt(0).text === '# RunSpecs of run_entries_e2e.conf: 2 (--models-to-run openai/gpt2 --priority 2)');
    assert.match(preview.getText(), /^boolq:model=openai_gpt2$/m);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === preview.uri.toString());
    await vscode.window.tabGroups.close(tabs);
  });

  it('passes the groups-to-run setting to Run suite, and leaves it out of Run this entry', async () => {
    const config = vscode.workspace.getConfiguration('helmConf', confUri);
    await config.update('runSuite.groupsToRun', ['mmlu'], vscode.ConfigurationTarget.Workspace);
    try {
      const answers = { suite: 'e2e-groups-to-run', maxEvalInstances: 1, modelsToRun: [], priority: 0, confirm: true };
      const suite = await vscode.commands.executeCommand<RunSuiteResult>('helmConf.runSuite', confUri, answers);
      assert.deepEqual(suite.args, ['--conf-paths', 'run_entries_e2e.conf', '--suite', 'e2e-groups-to-run', '--max-eval-instances', '1', '--groups-to-run', 'mmlu']);
      assert.deepEqual(readRecord()?.argv, suite.args);
      const entry = await vscode.commands.executeCommand<RunSuiteResult>('helmConf.runEntry', confUri, 4, answers);
      assert.deepEqual(entry.args, ['--run-entries', 'narrative_qa:model=openai/gpt2', '--suite', 'e2e-groups-to-run', '--max-eval-instances', '1']);
    } finally {
      await config.update('runSuite.groupsToRun', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('runs one entry with --run-entries', async () => {
    const result = await vscode.commands.executeCommand<RunSuiteResult>('helmConf.runEntry', confUri, 4, {
      suite: 'e2e-entry',
      maxEvalInstances: 1,
      modelsToRun: [],
      confirm: true,
    });
    const expectedArgs = ['--run-entries', 'narrative_qa:model=openai/gpt2', '--suite', 'e2e-entry', '--max-eval-instances', '1'];
    assert.deepEqual(result.args, expectedArgs);
    assert.deepEqual(readRecord()?.argv, expectedArgs);
    assert.deepEqual(result.summary?.outcomes.map((o) => [o.runSpec, o.status]), [['narrative_qa:model=openai_gpt2', 'done']]);
    assert.ok(fs.existsSync(path.join(workspaceDir(), 'benchmark_output', 'runs', 'e2e-entry', 'narrative_qa:model=openai_gpt2', 'stats.json')));
  });

  it('runs one entry with groups from a conf file of its own, so that its RunSpec names keep the groups', async () => {
    const text = 'entries: [\n  {description: "boolq:model=openai/gpt2", priority: 1}\n  {description: "narrative_qa:model=openai/gpt2", priority: 2, groups: ["core", "ablation"]}\n]\n';
    const uri = (await openFile('run_entries_groups.conf', text)).document.uri;
    const result = await vscode.commands.executeCommand<RunSuiteResult>('helmConf.runEntry', uri, 2, {
      suite: 'e2e-groups',
      maxEvalInstances: 1,
      modelsToRun: [],
      confirm: true,
    });
    const args = result.args ?? [];
    assert.equal(args[0], '--conf-paths');
    // Written in the extension's storage, not in the workspace.
    assert.ok(path.isAbsolute(args[1]) && !args[1].startsWith(workspaceDir()), args[1]);
    assert.deepEqual(args.slice(2), ['--suite', 'e2e-groups', '--max-eval-instances', '1']);
    assert.deepEqual(readRecord()?.argv, args);
    assert.match(fs.readFileSync(args[1], 'utf8'), /\{description: "narrative_qa:model=openai\/gpt2", priority: 1, groups: \["core", "ablation"\]\}/);
    const name = 'narrative_qa:model=openai_gpt2,groups=ablation-core';
    assert.equal(result.expectedRunSpecs, 1);
    assert.deepEqual(result.summary?.outcomes.map((o) => [o.runSpec, o.status]), [[name, 'done']]);
    assert.ok(fs.existsSync(path.join(workspaceDir(), 'benchmark_output', 'runs', 'e2e-groups', name, 'stats.json')));
  });

  it('runs a helm-run task from tasks.json', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'helm-run' });
    const task = tasks.find((t) => t.name === 'HELM: e2e suite from tasks.json');
    assert.ok(task, `the tasks.json task is missing: ${tasks.map((t) => t.name).join(', ')}`);
    const ended = new Promise<void>((resolve) => {
      const listener = vscode.tasks.onDidEndTask((e) => {
        if (e.execution.task.name === task.name) {
          listener.dispose();
          resolve();
        }
      });
    });
    await vscode.tasks.executeTask(task);
    await ended;
    assert.deepEqual(readRecord()?.argv, [
      '--conf-paths', 'run_entries_e2e.conf', '--suite', 'from-tasks-json', '--max-eval-instances', '2', '--models-to-run', 'openai/gpt2',
      '--groups-to-run', 'core', '--priority', '1',
    ]);
  });

  it('kills helm-run and its children when the task is terminated', async () => {
    const running = vscode.commands.executeCommand<RunSuiteResult>('helmConf.runSuite', confUri, {
      suite: 'hang',
      maxEvalInstances: 1,
      modelsToRun: [],
      priority: 0,
      confirm: true,
    });
    const record = await waitFor('the stand-in to start its child', () => (readRecord()?.childPid ? readRecord() : undefined));
    assert.ok(isAlive(record.pid) && isAlive(record.childPid ?? 0));
    const execution = await waitFor('the helm-run task', () => vscode.tasks.taskExecutions.find((e) => e.task.definition.type === 'helm-run'));
    execution.terminate();
    const result = await running;
    assert.equal(result.outcome?.cancelled, true);
    assert.equal(result.outcome?.pid, record.pid);
    await waitFor('helm-run and its child to be gone', () => !isAlive(record.pid) && !isAlive(record.childPid ?? 0));
  });
});
