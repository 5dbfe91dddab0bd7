// Run suite on a real one-node Slurm (started by test/e2e/run.ts) with the stand-in of HELM's SlurmRunner, clicked as the user
// does: Slurm picked on the confirmation, job states in the view, one job cancelled by its button, the run by Cancel.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSuiteResult } from '../../../client/src/runSuite/runSuiteCommand';
import type { RunSpecSlurmStatus } from '../../../client/src/slurm/slurmStatus';
import { act, activateExtension, clearMessages, clickButton, openFile, readRecord, startCommand, waitFor, workspaceDir } from './helpers';
import { answerRunnerQuestions } from './runnerQuestions';

const FAILS = 'boolq:model=openai_gpt2';
const COMPLETES = 'mmlu:subject=anatomy,model=openai_gpt2';
const HELD = 'narrative_qa:model=openai_gpt2';
const HELD_NEXT = 'quac:model=openai_gpt2';
const ARGS = ['--conf-paths', 'run_entries_slurm.conf', '--suite', 'e2e-slurm', '--max-eval-instances', '1', '--runner-class-name', 'helm.benchmark.slurm_runner.SlurmRunner'];
const VIEW_TITLE = 'HELM Slurm jobs';
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
  this.timeout(180000);
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
    await clearMessages();
    const confUri = (await openFile('run_entries_slurm.conf', CONF)).document.uri;
    written.push(confUri.fsPath);
    const view = api.runs.slurmJobs;
    const rows = (): RunSpecSlurmStatus[] => view.getChildren();
    const state = (runSpec: string): string | undefined => rows().find((r) => r.runSpec === runSpec)?.state;

    // Slurm, picked on the confirmation as the user does.
    const running = startCommand<RunSuiteResult>('helmConf.runSuite', confUri, { suite: 'e2e-slurm', maxEvalInstances: 1, modelsToRun: [], priority: 0 });
    await clickButton('Change runner…');
    await answerRunnerQuestions({ runner: 'Slurm', flags: [], values: [['--num-threads', '4'], ['--output-path', 'benchmark_output'], ['--local-path', 'prod_env']] });
    const confirmed = await clickButton('Run');
    assert.ok(confirmed.text?.includes('Runner: Slurm (SlurmRunner)'), confirmed.text);
    assert.ok(confirmed.text?.includes(`helm-run ${ARGS.join(' ')}`), confirmed.text);

    // The view lists the RunSpecs in HELM's order with the states Slurm reports.
    await waitFor('the held job RUNNING and the next PENDING', () => state(HELD) === 'RUNNING' && state(HELD_NEXT) === 'PENDING', 45000);
    await vscode.commands.executeCommand('helmConf.slurmJobs.focus');
    const shown = await act({ action: 'viewRows', view: VIEW_TITLE, label: HELD_NEXT, contains: 'PENDING' });
    assert.deepEqual(shown.rows?.map((r) => r.label), [FAILS, COMPLETES, HELD, HELD_NEXT]);
    assert.deepEqual(shown.rows?.map((r) => stateShown(r.description)), ['FAILED', 'COMPLETED', 'RUNNING', 'PENDING']);
    const held = rows().find((r) => r.runSpec === HELD);
    assert.ok(held?.jobId !== undefined);
    assert.match(shown.rows?.[2].description ?? '', new RegExp(`^job ${held.jobId} · RUNNING · \\d+:\\d\\d$`));
    assert.equal(view.getTreeItem(held).contextValue, 'slurmJob.active', 'the row has the inline cancel button');
    assert.equal(view.getTreeItem(rows()[0]).contextValue, 'slurmJob', 'a finished job has none');

    // The worker log of the failed RunSpec opens from its row.
    assert.equal(await vscode.commands.executeCommand('helmConf.openSlurmWorkerLog', rows()[0]), true);
    await waitFor('the worker log in an editor', () => /ValueError: stand-in failure/.test(vscode.window.activeTextEditor?.document.getText() ?? ''));

    // Cancel one job with its button in the view, and confirm: Slurm ends it, the next one starts.
    await act({ action: 'viewRowAction', view: VIEW_TITLE, label: HELD, button: 'Cancel Slurm job' });
    const asked = await clickButton('Cancel job');
    assert.match(asked.text ?? '', new RegExp(`Cancel Slurm job ${held.jobId} \\(${escape(HELD)}\\)\\?`));
    const cancelled = await act({ action: 'viewRows', view: VIEW_TITLE, label: HELD, contains: 'CANCELLED', timeoutMs: 30000 });
    assert.match(cancelled.rows?.find((r) => r.label === HELD)?.description ?? '', new RegExp(`^job ${held.jobId} · CANCELLED`));
    await act({ action: 'viewRows', view: VIEW_TITLE, label: HELD_NEXT, contains: 'RUNNING', timeoutMs: 30000 });

    // Cancel the run with the progress notification's button: helm-run gets SIGINT and HELM cancels what it
    // last saw unfinished (once its own file shows the last job running, it has seen the others end).
    await waitFor('HELM to see the last job RUNNING', () => rows().find((r) => r.runSpec === HELD_NEXT)?.helmState === 'RUNNING', 30000);
    const progress = await clickButton('Cancel');
    assert.match(progress.text ?? '', /HELM: suite e2e-slurm.*Slurm: 0 pending, 1 running, 1 completed, 1 failed, 1 cancelled/);
    const outcome = await act({ action: 'read', contains: 'HELM: suite e2e-slurm was stopped', timeoutMs: 60000 });
    const result = await running;
    assert.match(outcome.text ?? '', /HELM: suite e2e-slurm was stopped: 1 done, 1 failed, 2 cancelled\./);
    const ended = await act({ action: 'viewRows', view: VIEW_TITLE, label: HELD_NEXT, contains: 'CANCELLED', timeoutMs: 30000 });
    assert.deepEqual(ended.rows?.map((r) => stateShown(r.description)), ['FAILED', 'COMPLETED', 'CANCELLED', 'CANCELLED']);

    assert.equal(result.outcome?.cancelled, true);
    assert.deepEqual(result.slurm?.runs.map((r) => r.helmState), ['FAILED', 'COMPLETED', 'CANCELLED', 'CANCELLED'], 'HELM wrote CANCELLED itself');
    // Each RunSpec as Slurm ended it; the failure's reason from its worker's log.
    assert.deepEqual(result.summary?.outcomes.map((o) => [o.runSpec, o.status]), [[FAILS, 'failed'], [COMPLETES, 'done'], [HELD, 'cancelled'], [HELD_NEXT, 'cancelled']]);
    assert.match(result.summary?.outcomes[0].reason ?? '', /^ValueError: stand-in failure \(Slurm job \d+: FAILED/);
    assert.ok(result.progress.includes('Slurm: 1 pending, 1 running, 1 completed, 1 failed'), result.progress.join('\n'));
    assert.deepEqual(result.results?.find((r) => r?.runSpec === COMPLETES)?.means, { num_instances: 5, exact_match: 0.8 });
    assert.deepEqual(readRecord()?.argv, ARGS);
  });
});

/** The state a row's description shows (`job 12 · RUNNING · 0:03`). */
function stateShown(description: string): string | undefined {
  return /^job \d+ · (\w+)/.exec(description)?.[1];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
