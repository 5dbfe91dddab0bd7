// The runner options of a helm-run task in tasks.json reach helm-run: its arguments and HELM_MAX_CONCURRENT_WORKERS.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, readRecord, removeRecord, workspaceDir } from './helpers';

describe('runner options in tasks.json', () => {
  before(() => activateExtension());
  beforeEach(() => removeRecord());
  after(() => fs.rmSync(path.join(workspaceDir(), 'gpu_output'), { recursive: true, force: true }));

  it('runs MultiGPURunner with its worker count, the flags and the output path', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'helm-run' });
    const task = tasks.find((t) => t.name === 'HELM: e2e suite on several GPUs from tasks.json');
    assert.ok(task, tasks.map((t) => t.name).join(', '));
    const ended = new Promise<void>((resolve) => {
      const listener = vscode.tasks.onDidEndTask((e) => {
        if (e.execution.task.name !== task.name) return;
        listener.dispose();
        resolve();
      });
    });
    await vscode.tasks.executeTask(task);
    await ended;
    const record = readRecord() as (ReturnType<typeof readRecord> & { env?: Record<string, string | null> }) | undefined;
    assert.deepEqual(record?.argv, [
      '--conf-paths', 'run_entries_e2e.conf', '--suite', 'from-tasks-json-gpus', '--max-eval-instances', '1', '--models-to-run', 'openai/gpt2',
      '--runner-class-name', 'helm.benchmark.multi_gpu_runner.MultiGPURunner', '--num-threads', '2', '--skip-completed-runs', '--output-path', 'gpu_output',
    ]);
    assert.equal(record?.env?.HELM_MAX_CONCURRENT_WORKERS, '3');
    assert.ok(fs.existsSync(path.join(workspaceDir(), 'gpu_output', 'runs', 'from-tasks-json-gpus', 'mmlu:subject=anatomy,model=openai_gpt2', 'stats.json')));
  });
});
