// Run suite on a real one-node Slurm (started by test/e2e/run.ts) with the stand-in of HELM's SlurmRunner: job states, cancel one job, cancel the run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSuiteResult } from '../../../client/src/runSuite/runSuiteCommand';
import type { RunSpecSlurmStatus } from '../../../client/src/slurm/slurmStatus';
import { activateExtension, openFile, waitFor, workspaceDir } from './helpers';

const FAILS = 'boolq:model=openai_gpt2';
const COMPLETES = 'mmlu:subject=anatomy,model=openai_gpt2';
const HELD = 'narrative_qa:model=openai_gpt2';
const HELD_NEXT = 'quac:model=openai_gpt2';
const CONF = [
  'entries: [',
  '  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}',
  '  {description: "boolq:model=openai/gpt2", priority: 1}',
  '  {description: "narrative_qa:model=openai/gpt2", priority: 1}',
  '  {description: "quac:model=openai/gpt2", priority: 1}',
  ']',
  '',
].join('\n');

const skip = process.env.HELM_E2E_SLURM_SKIP;

(skip ? describe.skip : describe)(`Run suite on Slurm${skip ? ` (skipped: ${skip})` : ''}`, function () {
  this.timeout(90000);
  const written: string[] = [];
  const write = (name: string, text: string): void => {
    const file = path.join(workspaceDir(), name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    written.push(file);
  };

  before(function () {
    const partition = process.env.HELM_E2E_SLURM_PARTITION;
    if (!partition) assert.fail('the local Slurm did not start (see the e2e log)');
    // Every job asks for all the node's CPUs: one runs at a time, the next one waits PENDING.
    const config = { slurm_monitor_interval: 1, slurm_args: { partition, cpus_per_task: process.env.HELM_E2E_SLURM_CPUS ?? '2', time: '5' } };
    write(path.join('prod_env', 'runner_config.yaml'), JSON.stringify(config, null, 2) + '\n');
    write('fake-helm-run.hold', `${HELD}\n${HELD_NEXT}\n`);
  });
  after(() => {
    for (const file of written) fs.rmSync(file, { force: true });
  });

  it('shows each RunSpec with its Slurm job and state; one job is cancelled from the view, the rest by Cancel', async () => {
    const api = await activateExtension();
    const confUri = (await openFile('run_entries_slurm.conf', CONF)).document.uri;
    written.push(confUri.fsPath);
    const view = api.runs.slurmJobs;
    const rows = (): RunSpecSlurmStatus[] => view.getChildren();
    const state = (runSpec: string): string | undefined => rows().find((r) => r.runSpec === runSpec)?.state;

    const running = vscode.commands.executeCommand<RunSuiteResult>('helmConf.runSuite', confUri, {
      suite: 'e2e-slurm',
      maxEvalInstances: 1,
      modelsToRun: [],
      priority: 0,
      confirm: true,
      runner: { runner: 'slurm' },
    });

    // The view lists the RunSpecs in HELM's order with the states Slurm reports.
    await waitFor('the held job RUNNING and the next PENDING', () => state(HELD) === 'RUNNING' && state(HELD_NEXT) === 'PENDING', 45000);
    assert.deepEqual(rows().map((r) => [r.runSpec, r.state]), [[FAILS, 'FAILED'], [COMPLETES, 'COMPLETED'], [HELD, 'RUNNING'], [HELD_NEXT, 'PENDING']]);
    const held = rows().find((r) => r.runSpec === HELD);
    assert.ok(held?.jobId !== undefined);
    const item = view.getTreeItem(held);
    assert.match(String(item.description), new RegExp(`^job ${held.jobId} · RUNNING · \\d+:\\d\\d$`));
    assert.equal(item.contextValue, 'slurmJob.active', 'the row has the inline cancel button');
    assert.equal(view.getTreeItem(rows()[0]).contextValue, 'slurmJob', 'a finished job has none');

    // The worker log of the failed RunSpec opens from its row.
    assert.equal(await vscode.commands.executeCommand('helmConf.openSlurmWorkerLog', rows()[0]), true);
    await waitFor('the worker log in an editor', () => /ValueError: stand-in failure/.test(vscode.window.activeTextEditor?.document.getText() ?? ''));

    // Cancel one job: Slurm ends it, the next one starts.
    assert.equal(await vscode.commands.executeCommand('helmConf.cancelSlurmJob', held, { confirm: true }), undefined);
    await waitFor('the cancelled job and the next one RUNNING', () => state(HELD) === 'CANCELLED' && state(HELD_NEXT) === 'RUNNING', 30000);

    // Cancel the run: helm-run gets SIGINT and HELM cancels what it last saw unfinished (once its own
    // file shows the last job running, it has seen the others end).
    await waitFor('HELM to see the last job RUNNING', () => rows().find((r) => r.runSpec === HELD_NEXT)?.helmState === 'RUNNING', 30000);
    const execution = await waitFor('the helm-run task', () => vscode.tasks.taskExecutions.find((e) => e.task.definition.type === 'helm-run'));
    execution.terminate();
    const result = await running;
    assert.equal(result.outcome?.cancelled, true);
    assert.deepEqual(result.slurm?.runs.map((r) => [r.runSpec, r.state]), [[FAILS, 'FAILED'], [COMPLETES, 'COMPLETED'], [HELD, 'CANCELLED'], [HELD_NEXT, 'CANCELLED']]);
    assert.deepEqual(result.slurm?.runs.map((r) => r.helmState), ['FAILED', 'COMPLETED', 'CANCELLED', 'CANCELLED'], 'HELM wrote CANCELLED itself');
    // Each RunSpec as Slurm ended it; the failure's reason from its worker's log.
    assert.deepEqual(result.summary?.outcomes.map((o) => [o.runSpec, o.status]), [[FAILS, 'failed'], [COMPLETES, 'done'], [HELD, 'cancelled'], [HELD_NEXT, 'cancelled']]);
    assert.match(result.summary?.outcomes[0].reason ?? '', /^ValueError: stand-in failure \(Slurm job \d+: FAILED/);
    assert.ok(result.progress.includes('Slurm: 1 pending, 1 running, 1 completed, 1 failed'), result.progress.join('\n'));
    assert.deepEqual(result.results?.find((r) => r?.runSpec === COMPLETES)?.means, { num_instances: 5, exact_match: 0.8 });
    assert.deepEqual(result.args?.slice(-2), ['--runner-class-name', 'helm.benchmark.slurm_runner.SlurmRunner']);
  });
});
