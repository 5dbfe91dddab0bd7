// The runner choice as helm-run arguments and environment, and the GPUs MultiGPURunner would see.
import * as assert from 'node:assert/strict';
import { buildHelmRunArgs } from '../../client/src/runSuite/helmRunArgs';
import { parseNvidiaSmiList, visibleGpuCount } from '../../client/src/runners/gpus';
import { buildRunnerArgs, describeRunnerOptions, readRunnerOptions, runnerEnvironment, withRunnerOptions, type RunnerOptions } from '../../client/src/runners/runnerOptions';

describe('runner options', () => {
  const rows: Array<{ name: string; options: RunnerOptions; args: string[]; env?: Record<string, string> }> = [
    { name: 'the local runner with HELM\'s defaults adds nothing', options: { runner: 'local', numThreads: 4, outputPath: 'benchmark_output' }, args: [] },
    {
      name: 'Slurm with every flag',
      options: { runner: 'slurm', numThreads: 8, skipCompletedRuns: true, exitOnError: true, dryRun: true, outputPath: 'out dir' },
      args: ['--runner-class-name', 'helm.benchmark.slurm_runner.SlurmRunner', '--num-threads', '8', '--skip-completed-runs', '--exit-on-error', '--dry-run', '--output-path', 'out dir'],
    },
    {
      name: 'several GPUs: the worker count goes to HELM_MAX_CONCURRENT_WORKERS',
      options: { runner: 'multi-gpu', maxConcurrentWorkers: 3 },
      args: ['--runner-class-name', 'helm.benchmark.multi_gpu_runner.MultiGPURunner'],
      env: { HELM_MAX_CONCURRENT_WORKERS: '3' },
    },
    { name: 'a worker count means nothing to Slurm', options: { runner: 'slurm', maxConcurrentWorkers: 3 }, args: ['--runner-class-name', 'helm.benchmark.slurm_runner.SlurmRunner'], env: {} },
  ];
  for (const row of rows) {
    it(row.name, () => {
      assert.deepEqual(buildRunnerArgs(row.options), row.args);
      assert.deepEqual(runnerEnvironment(row.options), row.env ?? {});
    });
  }

  it('comes after the run\'s own arguments', () => {
    const args = buildHelmRunArgs({ confPath: 'run_entries.conf', suite: 's', maxEvalInstances: 5, localPath: 'my_env', runner: { runner: 'slurm', exitOnError: true } });
    assert.deepEqual(args, [
      '--conf-paths', 'run_entries.conf', '--suite', 's', '--max-eval-instances', '5', '--local-path', 'my_env',
      '--runner-class-name', 'helm.benchmark.slurm_runner.SlurmRunner', '--exit-on-error',
    ]);
  });

  it('reads a remembered or hand-written choice, dropping what is wrong', () => {
    assert.deepEqual(readRunnerOptions({ runner: 'slurm', numThreads: 2, dryRun: true, exitOnError: 'yes', outputPath: ' o ', maxConcurrentWorkers: -1 }), {
      runner: 'slurm',
      numThreads: 2,
      dryRun: true,
      outputPath: 'o',
    });
    assert.equal(readRunnerOptions({ runner: 'kubernetes' }), undefined);
    assert.equal(readRunnerOptions('slurm'), undefined);
  });

  it('replaces the runner fields of a task definition, keeping the rest', () => {
    const definition = { type: 'helm-run', confPath: 'a.conf', suite: 's', runner: 'slurm', dryRun: true, outputPath: 'o' };
    assert.deepEqual(withRunnerOptions(definition, { runner: 'multi-gpu', maxConcurrentWorkers: 2 }), { type: 'helm-run', confPath: 'a.conf', suite: 's', runner: 'multi-gpu', maxConcurrentWorkers: 2 });
  });

  it('says in one line what will run', () => {
    assert.equal(describeRunnerOptions({ runner: 'multi-gpu', maxConcurrentWorkers: 2, skipCompletedRuns: true }), 'Several GPUs (MultiGPURunner) 2 workers --skip-completed-runs');
    assert.equal(describeRunnerOptions({ runner: 'multi-gpu', maxConcurrentWorkers: 1 }), 'Several GPUs (MultiGPURunner) 1 worker');
  });
});

describe('GPUs', () => {
  const smi = [
    'GPU 0: NVIDIA A100-SXM4-80GB (UUID: GPU-1b2c3d4e-0000-1111-2222-333344445555)',
    '  MIG 1g.10gb     Device  0: (UUID: MIG-aaaa)',
    'GPU 1: NVIDIA A100-SXM4-80GB (UUID: GPU-9f8e7d6c-0000-1111-2222-333344445555)',
    '',
  ].join('\n');

  it('reads nvidia-smi -L', () => {
    assert.deepEqual(parseNvidiaSmiList(smi), [
      { index: 0, name: 'NVIDIA A100-SXM4-80GB', uuid: 'GPU-1b2c3d4e-0000-1111-2222-333344445555' },
      { index: 1, name: 'NVIDIA A100-SXM4-80GB', uuid: 'GPU-9f8e7d6c-0000-1111-2222-333344445555' },
    ]);
    assert.deepEqual(parseNvidiaSmiList('NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver.'), []);
  });

  it('counts the GPUs CUDA_VISIBLE_DEVICES leaves visible, as torch does', () => {
    const gpus = parseNvidiaSmiList(smi);
    const rows: Array<[string | undefined, number]> = [[undefined, 2], ['', 0], ['1', 1], ['0,1', 2], ['1,7,0', 1], ['-1', 0], ['GPU-9f8e', 1], ['9f8e7d6c', 1], ['0,0', 1]];
    for (const [value, count] of rows) assert.equal(visibleGpuCount(gpus, value), count, String(value));
  });
});
