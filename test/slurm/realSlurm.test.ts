// The Slurm monitor against a real one-node Slurm, with the stand-in of HELM's SlurmRunner submitting real sbatch jobs.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildHelmRunArgs } from '../../client/src/runSuite/helmRunArgs';
import { HelmProcess } from '../../client/src/runSuite/helmProcess';
import { SlurmCommands } from '../../client/src/slurm/slurmCommands';
import { SlurmMonitor, type SlurmRunSnapshot } from '../../client/src/slurm/slurmMonitor';
import { fixturePath } from '../helpers/corpus';
import { localSlurmMissing, startLocalSlurm, type LocalSlurm } from '../helpers/localSlurm';

const FAKE_HELM_RUN = fixturePath('fake-helm-run', 'helm-run');
const FAILS = 'boolq:model=openai_gpt2';
const COMPLETES = 'mmlu:subject=anatomy,model=openai_gpt2';
const HELD = 'narrative_qa:model=openai_gpt2';
const WAITS = 'quac:model=openai_gpt2';
const ENTRIES = ['mmlu:subject=anatomy,model=openai/gpt2', 'quac:model=openai/gpt2', 'boolq:model=openai/gpt2', 'narrative_qa:model=openai/gpt2'];

const missing = localSlurmMissing();
const inCI = process.env.CI === 'true';

/** A folder the suite runs in: prod_env/runner_config.yaml for this cluster, and the stand-in's fail and hold lists. */
function workspace(slurm: LocalSlurm): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-slurm-suite-'));
  fs.mkdirSync(path.join(dir, 'prod_env'));
  // Each job asks for every CPU of the node, so jobs run one at a time and the next one waits PENDING.
  // Written as JSON, which is YAML too (the stand-in reads it without PyYAML).
  const config = { slurm_monitor_interval: 1, slurm_args: { partition: slurm.partition, cpus_per_task: String(slurm.cpus), time: '5' } };
  fs.writeFileSync(path.join(dir, 'prod_env', 'runner_config.yaml'), JSON.stringify(config, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'fake-helm-run.fail'), `${FAILS}\n`);
  fs.writeFileSync(path.join(dir, 'fake-helm-run.hold'), `${HELD}\n`);
  return dir;
}

/** Resolves with the first snapshot that satisfies `test` (polling; no fixed sleep). */
function snapshotWhere(monitor: SlurmMonitor, what: string, test: (s: SlurmRunSnapshot) => boolean, output: () => string, timeoutMs = 30000): Promise<SlurmRunSnapshot> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out waiting for ${what}; last: ${JSON.stringify(monitor.latest.runs.map((r) => [r.runSpec, r.state]))}\n${output()}`));
    }, timeoutMs);
    const listener = monitor.onDidChange((snapshot) => {
      if (!test(snapshot)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(snapshot);
    });
  });
}

const stateOf = (s: SlurmRunSnapshot, runSpec: string): string | undefined => s.runs.find((r) => r.runSpec === runSpec)?.state;

if (missing && inCI) {
  describe('SlurmMonitor on a real Slurm', () => {
    it('has Slurm installed in CI', () => assert.fail(`${missing}: CI runs scripts/setup.sh first`));
  });
}

(missing ? describe.skip : describe)(`SlurmMonitor on a real Slurm${missing ? ` (skipped: ${missing})` : ''}`, function () {
  this.timeout(60000);
  let slurm: LocalSlurm | undefined;
  const folders: string[] = [];

  before(async function () {
    this.timeout(45000);
    slurm = await startLocalSlurm();
  });
  after(async () => {
    await slurm?.stop();
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function startSuite(suite: string): Promise<{ cwd: string; run: HelmProcess; monitor: SlurmMonitor; output: () => string }> {
    assert.ok(slurm);
    const cwd = workspace(slurm);
    folders.push(cwd);
    let text = '';
    const sinceMs = Date.now();
    const args = buildHelmRunArgs({ runEntries: ENTRIES, suite, maxEvalInstances: 1, runner: { runner: 'slurm' } });
    assert.deepEqual(args.slice(-2), ['--runner-class-name', 'helm.benchmark.slurm_runner.SlurmRunner']);
    const run = new HelmProcess({ program: FAKE_HELM_RUN, args, cwd, env: slurm.env }, (chunk) => (text += chunk));
    const monitor = new SlurmMonitor({ cwd, suite, sinceMs, env: slurm.env, intervalMs: 150 });
    monitor.start();
    return { cwd, run, monitor, output: () => text };
  }

  it('reports each RunSpec with the state Slurm reports: pending, running, completed, failed, cancelled', async () => {
    const { cwd, run, monitor, output } = await startSuite('slurm-states');
    const seen = new Map<string, Set<string>>();
    monitor.onDidChange((s) => s.runs.forEach((r) => seen.set(r.runSpec, (seen.get(r.runSpec) ?? new Set()).add(r.state))));
    try {
      // One job at a time: the held one runs while the one after it waits.
      const busy = await snapshotWhere(monitor, 'the held job RUNNING and the next PENDING', (s) => stateOf(s, HELD) === 'RUNNING' && stateOf(s, WAITS) === 'PENDING', output);
      assert.deepEqual(busy.runs.map((r) => [r.runSpec, r.state]), [[FAILS, 'FAILED'], [COMPLETES, 'COMPLETED'], [HELD, 'RUNNING'], [WAITS, 'PENDING']]);
      assert.deepEqual(busy.counts, { queued: 0, skipped: 0, pending: 1, running: 1, completed: 1, failed: 1, cancelled: 0 });
      const held = busy.runs.find((r) => r.runSpec === HELD);
      assert.ok(held?.jobId !== undefined && held.source === 'squeue', JSON.stringify(held));
      assert.equal(typeof held.elapsedSeconds, 'number');
      assert.equal(busy.runs.find((r) => r.runSpec === WAITS)?.reason, 'Resources');

      assert.equal(await monitor.cancelJob(held.jobId), undefined);
      assert.equal(await run.exited, 1, output());
      const final = await monitor.stop();
      assert.deepEqual(final.runs.map((r) => [r.runSpec, r.state]), [[FAILS, 'FAILED'], [COMPLETES, 'COMPLETED'], [HELD, 'CANCELLED'], [WAITS, 'COMPLETED']]);
      assert.deepEqual(final.counts, { queued: 0, skipped: 0, pending: 0, running: 0, completed: 2, failed: 1, cancelled: 1 });
      assert.ok(seen.get(WAITS)?.has('PENDING'));
      assert.match(output(), new RegExp(`RunnerError: Failed runs: \\["${FAILS}", "${HELD}"\\]`));

      // The worker logs are the jobs' --output; the results are what the workers wrote.
      const failed = final.runs.find((r) => r.runSpec === FAILS);
      assert.match(fs.readFileSync(failed?.logPath ?? '', 'utf8'), /ValueError: stand-in failure/);
      const stats = (name: string): boolean => fs.existsSync(path.join(cwd, 'benchmark_output', 'runs', 'slurm-states', name, 'stats.json'));
      assert.deepEqual([FAILS, COMPLETES, HELD, WAITS].map(stats), [false, true, false, true]);
    } finally {
      await run.stop();
      await monitor.stop();
    }
  });

  it('says nothing is wrong when Slurm has forgotten every job of a run (past MinJobAge), and still reports the jobs it knows', async () => {
    assert.ok(slurm);
    const commands = new SlurmCommands(slurm.env);
    const forgotten = 987654;
    assert.deepEqual(await commands.jobReports([forgotten], false), { reports: new Map() });
    const sbatch = spawnSync('sbatch', ['--parsable', `--partition=${slurm.partition}`, '--wrap', 'true'], { env: slurm.env, encoding: 'utf8', cwd: os.tmpdir() });
    const id = Number(sbatch.stdout.trim());
    assert.ok(id > 0, sbatch.stderr);
    const { reports, problem } = await commands.jobReports([id, forgotten], false);
    assert.deepEqual([[...reports.keys()], reports.get(id)?.source, problem], [[id], 'squeue', undefined]);
    assert.equal(await commands.accountingEnabled(), false, 'no accounting database here: sacct is never asked');
  });

  it('stops helm-run with SIGINT so that HELM cancels its jobs itself', async () => {
    const { run, monitor, output } = await startSuite('slurm-cancel');
    try {
      // HELM cancels what it last saw unfinished: wait until its own file shows the held job running
      // (by then it has seen the jobs before it end).
      const helmSees = (s: SlurmRunSnapshot): boolean => s.runs.find((r) => r.runSpec === HELD)?.helmState === 'RUNNING';
      await snapshotWhere(monitor, 'HELM to see the held job RUNNING', (s) => stateOf(s, HELD) === 'RUNNING' && helmSees(s), output);
      await run.stop(3000, 30000);
      const final = await monitor.stop();
      assert.deepEqual(final.runs.map((r) => [r.runSpec, r.state]), [[FAILS, 'FAILED'], [COMPLETES, 'COMPLETED'], [HELD, 'CANCELLED'], [WAITS, 'CANCELLED']]);
      // HELM wrote CANCELLED itself, after its scancel: the stand-in printed its cleanup.
      assert.deepEqual(final.runs.map((r) => r.helmState), ['FAILED', 'COMPLETED', 'CANCELLED', 'CANCELLED']);
      assert.match(output(), /Cancelling worker Slurm job run narrative_qa:model=openai_gpt2/);
    } finally {
      await run.stop();
      await monitor.stop();
    }
  });
});
