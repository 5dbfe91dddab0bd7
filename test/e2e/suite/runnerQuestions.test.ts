// The runner questions as the user answers them: Change runner… on Run suite's confirmation and HELM: Choose runner,
// picked and typed in the real quick inputs; helm-run gets the choice, and the workspace's next runs keep it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSuiteResult } from '../../../client/src/runSuite/runSuiteCommand';
import { act, activateExtension, clearMessages, clickButton, openFile, programRecord, readRecord, removeRecord, startCommand, workspaceDir } from './helpers';
import { answerRunnerQuestions } from './runnerQuestions';

/** What the stand-in nvidia-smi (test/fixtures/fake-helm-run/nvidia-smi) lists: two GPUs. */
const GPUS = 'NVIDIA A100-SXM4-80GB,NVIDIA A100-SXM4-80GB';
const ANSWERS = { suite: 'e2e-runner', maxEvalInstances: 1, modelsToRun: ['openai/gpt2'], priority: 1 };
const RUN_SPEC = 'mmlu:subject=anatomy,model=openai_gpt2';
const QUESTIONS_ARGS = ['--conf-paths', 'run_entries_e2e.conf', '--suite', 'e2e-runner', '--max-eval-instances', '1', '--models-to-run', 'openai/gpt2', '--priority', '1'];
const GPU_ARGS = [
  ...QUESTIONS_ARGS, '--local-path', 'cluster_env',
  '--runner-class-name', 'helm.benchmark.multi_gpu_runner.MultiGPURunner', '--num-threads', '8', '--skip-completed-runs', '--exit-on-error', '--dry-run', '--output-path', 'gpu_runs',
];
const GPU_RUNNER = 'Runner: Several GPUs (MultiGPURunner) 1 worker --num-threads 8 --skip-completed-runs --exit-on-error --dry-run --output-path gpu_runs';

type Record = NonNullable<ReturnType<typeof readRecord>> & { env?: { [name: string]: string | null } };

describe('Run suite: the runner questions', () => {
  let confUri: vscode.Uri;
  const gpusBefore = process.env.FAKE_NVIDIA_SMI_GPUS;

  before(async () => {
    await activateExtension();
    confUri = (await openFile('run_entries_e2e.conf')).document.uri;
  });
  beforeEach(async () => {
    removeRecord();
    await clearMessages();
  });
  afterEach(() => {
    if (gpusBefore === undefined) delete process.env.FAKE_NVIDIA_SMI_GPUS;
    else process.env.FAKE_NVIDIA_SMI_GPUS = gpusBefore;
  });
  after(() => fs.rmSync(path.join(workspaceDir(), 'gpu_runs'), { recursive: true, force: true }));

  it('changes the runner from the confirmation: several GPUs, the flags ticked and the values typed reach helm-run, and the next run keeps them', async () => {
    // A machine with two GPUs: nvidia-smi (the stand-in, first on helm-run's PATH) lists them.
    process.env.FAKE_NVIDIA_SMI_GPUS = GPUS;
    const running = startCommand<RunSuiteResult>('helmConf.runSuite', confUri, ANSWERS);
    const first = await clickButton('Change runner…');
    assert.match(first.text ?? '', /Runner: Local \(HELM's Runner\)/);

    const shown = await answerRunnerQuestions({
      runner: 'Several GPUs',
      flags: ['--skip-completed-runs', '--exit-on-error', '--dry-run'],
      values: [['--num-threads', '8'], ['--output-path', 'gpu_runs'], ['--local-path', 'cluster_env'], ['workers:', '1']],
    });
    assert.deepEqual(shown.runners.map((r) => [r.label, r.description, r.detail]), [
      ["Local (HELM's Runner)", '(last used)', "RunSpecs one after the other in this machine's helm-run."],
      ['Several GPUs (MultiGPURunner)', '', 'One worker per GPU: 2 visible (NVIDIA A100-SXM4-80GB).'],
      ['Slurm (SlurmRunner)', '', 'One sbatch job per RunSpec; helm-run watches them. Needs prod_env/runner_config.yaml for your cluster.'],
    ]);
    assert.deepEqual(shown.flags.map((f) => [f.label, f.checked]), [['--skip-completed-runs', false], ['--exit-on-error', false], ['--dry-run', false]]);
    // The worker count starts at the GPU count.
    assert.deepEqual(shown.valuesOffered.map((v) => v.label), ['Run with these values', '--num-threads 4', '--output-path benchmark_output', '--local-path prod_env', 'workers: 2']);
    assert.deepEqual(shown.values.map((v) => v.label), ['Run with these values', '--num-threads 8', '--output-path gpu_runs', '--local-path cluster_env', 'workers: 1']);

    // The confirmation again, saying what will run now.
    const confirmed = await clickButton('Run');
    assert.ok(confirmed.text?.includes(GPU_RUNNER), confirmed.text);
    assert.ok(confirmed.text?.includes(`helm-run ${GPU_ARGS.join(' ')}`), confirmed.text);
    const result = await running;
    const record = readRecord() as Record | undefined;
    assert.deepEqual(record?.argv, GPU_ARGS);
    assert.equal(record?.env?.HELM_MAX_CONCURRENT_WORKERS, '1');
    assert.deepEqual(result.summary?.outcomes.map((o) => [o.runSpec, o.status]), [[RUN_SPEC, 'done']]);
    assert.ok(fs.existsSync(path.join(workspaceDir(), 'gpu_runs', 'runs', 'e2e-runner', RUN_SPEC, 'stats.json')));

    // The next run in this workspace asks nothing of the runner: the confirmation shows the last choice.
    removeRecord();
    await clearMessages();
    const next = startCommand<RunSuiteResult>('helmConf.runSuite', confUri, ANSWERS);
    const again = await clickButton('Run');
    assert.ok(again.text?.includes(GPU_RUNNER), again.text);
    await next;
    assert.deepEqual(readRecord()?.argv, GPU_ARGS);
    // --skip-completed-runs, kept, skips what the first run wrote: its results are there to summarize.
    const said = await act({ action: 'read', contains: 'HELM: suite e2e-runner: 0 done, 1 skipped.' });
    assert.deepEqual(said.buttons, ['Show results', 'Summarize', "Open in HELM's web UI"]);
    const summary = path.join(workspaceDir(), 'gpu_runs', 'runs', 'e2e-runner', 'summary.json');
    fs.rmSync(summary, { force: true });
    await clickButton('Summarize');
    await act({ action: 'read', contains: 'HELM: suite e2e-runner summarized' });
    assert.equal(JSON.parse(fs.readFileSync(summary, 'utf8')).suite, 'e2e-runner');
    // helm-summarize reads the run's folders: its --output-path and its --local-path (model metadata), not the setting's.
    assert.deepEqual(programRecord('summarize')?.argv, ['--suite', 'e2e-runner', '--output-path', 'gpu_runs', '--local-path', 'cluster_env']);
  });

  it('chooses the runner with HELM: Choose runner: the last choice offered, several GPUs only where nvidia-smi lists some, back to local', async () => {
    // No GPU on this machine now: nvidia-smi fails, as it does without NVIDIA's driver.
    delete process.env.FAKE_NVIDIA_SMI_GPUS;
    const choosing = startCommand('helmConf.chooseRunner');
    const shown = await answerRunnerQuestions({
      runner: 'Local',
      flags: [],
      values: [['--num-threads', '4'], ['--output-path', 'benchmark_output'], ['--local-path', 'prod_env']],
    });
    assert.deepEqual(shown.runners.map((r) => r.label), ["Local (HELM's Runner)", 'Slurm (SlurmRunner)']);
    assert.match(shown.runnerPlaceholder, /not offered: several GPUs: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/);
    // The flags and values of the last choice are offered again.
    assert.deepEqual(shown.flags.map((f) => [f.label, f.checked]), [['--skip-completed-runs', true], ['--exit-on-error', true], ['--dry-run', true]]);
    assert.deepEqual(shown.valuesOffered.map((v) => v.label), ['Run with these values', '--num-threads 8', '--output-path gpu_runs', '--local-path cluster_env']);
    const said = await act({ action: 'read', contains: 'runs in this workspace use' });
    assert.match(said.text ?? '', /HELM: runs in this workspace use Local \(HELM's Runner\)\./);
    await choosing;

    const running = startCommand<RunSuiteResult>('helmConf.runSuite', confUri, { ...ANSWERS, suite: 'e2e-runner-local' });
    const confirmed = await clickButton('Run');
    assert.match(confirmed.text ?? '', /Runner: Local \(HELM's Runner\)/);
    await running;
    const record = readRecord() as Record | undefined;
    assert.deepEqual(record?.argv, ['--conf-paths', 'run_entries_e2e.conf', '--suite', 'e2e-runner-local', '--max-eval-instances', '1', '--models-to-run', 'openai/gpt2', '--priority', '1']);
    assert.equal(record?.env?.HELM_MAX_CONCURRENT_WORKERS, null);
  });
});
