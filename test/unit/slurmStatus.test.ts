// Reading SlurmRunner's files (worker_slurm_jobs.json in every state HELM writes) and Slurm's own commands' output.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findHelmSlurmRunDir, parseRunNames, parseWorkerSlurmJobs, readHelmSlurmRunFiles } from '../../client/src/slurm/helmSlurmFiles';
import {
  accountingStorageEnabled,
  formatElapsed,
  parseSacct,
  parseScontrolJob,
  parseSlurmDuration,
  parseSqueue,
  sacctArgs,
  squeueArgs,
  type SlurmJobReport,
} from '../../client/src/slurm/slurmCommands';
import { isFinishedState, slurmJobKind } from '../../client/src/slurm/slurmJobStates';
import { countSlurmJobs, mergeSlurmStatuses, slurmPercentDone, slurmProgressMessage } from '../../client/src/slurm/slurmStatus';
import { slurmOutcome } from '../../client/src/slurm/slurmRunFollower';

/** worker_slurm_jobs.json as HELM's to_json writes it (indent 2). */
function workerSlurmJobs(jobs: Record<string, { id: number; state: string }>): string {
  return JSON.stringify(jobs, null, 2);
}

describe('worker_slurm_jobs.json', () => {
  // Every state HELM writes: PENDING on submission, then scontrol's JobState, then CANCELLED from its
  // cleanup; TIMEOUT is one Slurm reports that HELM's lists lack (it keeps waiting for such a job).
  const rows: Array<{ state: string; kind: string; finished: boolean }> = [
    { state: 'PENDING', kind: 'pending', finished: false },
    { state: 'RUNNING', kind: 'running', finished: false },
    { state: 'SUSPENDED', kind: 'running', finished: false },
    { state: 'COMPLETING', kind: 'running', finished: false },
    { state: 'COMPLETED', kind: 'completed', finished: true },
    { state: 'BOOT_FAIL', kind: 'failed', finished: true },
    { state: 'CANCELLED', kind: 'cancelled', finished: true },
    { state: 'DEADLINE', kind: 'failed', finished: true },
    { state: 'FAILED', kind: 'failed', finished: true },
    { state: 'NODE_FAIL', kind: 'failed', finished: true },
    { state: 'OUT_OF_MEMORY', kind: 'failed', finished: true },
    { state: 'PREEMPTED', kind: 'failed', finished: true },
    { state: 'TIMEOUT', kind: 'failed', finished: true },
  ];
  for (const row of rows) {
    it(`reads a job in state ${row.state} as ${row.kind}`, () => {
      const name = 'mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2';
      const jobs = parseWorkerSlurmJobs(workerSlurmJobs({ [name]: { id: 4242, state: row.state } }));
      assert.deepEqual([...(jobs ?? [])], [[name, { id: 4242, state: row.state }]]);
      const [status] = mergeSlurmStatuses({ dir: '/w/slurm/2026-01-02T03:04:05', jobs }, new Map());
      assert.deepEqual(status, {
        runSpec: name,
        jobId: 4242,
        state: row.state,
        kind: row.kind,
        source: 'helm',
        helmState: row.state,
        logPath: path.join('/w/slurm/2026-01-02T03:04:05', 'logs', `${name}.log`),
      });
      assert.equal(isFinishedState(row.state), row.finished);
    });
  }

  it('reads the empty map HELM writes before its first submission, and refuses what is not HELM\'s shape', () => {
    assert.deepEqual(parseWorkerSlurmJobs('{}'), new Map());
    // HELM rewrites the file in place: a reader can catch it half written.
    for (const text of ['', '{\n  "boolq": {\n    "id": 12,', '[]', '{"boolq": {"id": "12", "state": "PENDING"}}', '{"boolq": {"id": 12}}', 'null']) {
      assert.equal(parseWorkerSlurmJobs(text), undefined, text);
    }
  });

  it('reads queued_runs.json and skipped_runs.json', () => {
    assert.deepEqual(parseRunNames('[\n  "b",\n  "a"\n]'), ['b', 'a']);
    assert.equal(parseRunNames('["b", 1]'), undefined);
    assert.equal(parseRunNames('["b"'), undefined);
  });

  it('lists submitted jobs, then what HELM will submit next first, then the skipped runs, and counts them', () => {
    const dir = '/w/slurm/t';
    const jobs = new Map([
      ['a', { id: 1, state: 'COMPLETED' }],
      ['b', { id: 2, state: 'PENDING' }],
      ['c', { id: 3, state: 'PENDING' }],
    ]);
    // Slurm knows better than HELM's last look: b runs, c was cancelled by hand.
    const reports = new Map<number, SlurmJobReport>([
      [2, { id: 2, state: 'RUNNING', elapsedSeconds: 65, reason: 'None', source: 'squeue' }],
      [3, { id: 3, state: 'CANCELLED', source: 'scontrol' }],
    ]);
    // HELM pops its queue from the end: "e" goes next.
    const rows = mergeSlurmStatuses({ dir, jobs, queued: ['d', 'e'], skipped: ['z'] }, reports);
    assert.deepEqual(rows.map((r) => [r.runSpec, r.state, r.source]), [
      ['a', 'COMPLETED', 'helm'],
      ['b', 'RUNNING', 'squeue'],
      ['c', 'CANCELLED', 'scontrol'],
      ['e', 'QUEUED', 'helm'],
      ['d', 'QUEUED', 'helm'],
      ['z', 'SKIPPED', 'helm'],
    ]);
    assert.equal(rows[1].elapsedSeconds, 65);
    assert.equal(rows[1].reason, undefined, 'squeue\'s "None" is no reason');
    const counts = countSlurmJobs(rows);
    assert.deepEqual(counts, { queued: 2, skipped: 1, pending: 0, running: 1, completed: 1, failed: 0, cancelled: 1 });
    assert.equal(slurmProgressMessage(counts), 'Slurm: 0 pending, 1 running, 1 completed, 0 failed, 1 cancelled; 2 not submitted yet; 1 skipped');
    assert.equal(slurmPercentDone(counts), 50);
    // HELM counts a cancelled job as a failed run; RunSpecs never submitted did not start.
    assert.deepEqual(slurmOutcome({ runs: rows, counts }), { started: ['a', 'b', 'c'], done: ['a'], failed: ['c'] });
  });

  it('finds the SlurmRunner folder of this suite made since the run started', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-slurm-dir-'));
    try {
      const make = (name: string, suite: string): string => {
        const dir = path.join(cwd, 'slurm', name);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'slurm_runner_spec.json'), JSON.stringify({ suite, output_path: 'benchmark_output' }, null, 2));
        return dir;
      };
      const since = Date.now();
      assert.equal(await findHelmSlurmRunDir(cwd, 's1', since), undefined);
      const old = make('2020-01-01T00:00:00', 's1');
      fs.utimesSync(path.join(old, 'slurm_runner_spec.json'), new Date(2020, 0, 1), new Date(2020, 0, 1));
      make('2026-01-01T00:00:01', 'other-suite');
      assert.equal(await findHelmSlurmRunDir(cwd, 's1', since), undefined);
      const mine = make('2026-01-01T00:00:02', 's1');
      assert.equal(await findHelmSlurmRunDir(cwd, 's1', since), mine);
      fs.writeFileSync(path.join(mine, 'worker_slurm_jobs.json'), workerSlurmJobs({ boolq: { id: 7, state: 'RUNNING' } }));
      fs.writeFileSync(path.join(mine, 'queued_runs.json'), '[]');
      assert.deepEqual(await readHelmSlurmRunFiles(mine), { dir: mine, suite: 's1', jobs: new Map([['boolq', { id: 7, state: 'RUNNING' }]]), queued: [], skipped: undefined });
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('Slurm commands', () => {
  it('asks squeue and sacct for all jobs in one call each, as argument lists', () => {
    assert.deepEqual(squeueArgs([12, 13]), ['--noheader', '--states=all', '--jobs=12,13', '--format=%i|%T|%M|%r']);
    assert.deepEqual(sacctArgs([12]), ['--noheader', '--parsable2', '--allocations', '--jobs=12', '--format=JobIDRaw,State,ElapsedRaw']);
  });

  it('reads squeue lines', () => {
    const text = '12|RUNNING|1:05|None\n13|PENDING|0:00|Resources\n14_2|RUNNING|0:01|None\nslurm_load_jobs error\n15|COMPLETED|1-02:03:04|None\n';
    assert.deepEqual(parseSqueue(text), [
      { id: 12, state: 'RUNNING', elapsedSeconds: 65, reason: 'None', source: 'squeue' },
      { id: 13, state: 'PENDING', elapsedSeconds: 0, reason: 'Resources', source: 'squeue' },
      { id: 15, state: 'COMPLETED', elapsedSeconds: 93784, reason: 'None', source: 'squeue' },
    ]);
  });

  it('reads scontrol show job as HELM does (JobState), with RunTime, Reason and StdOut', () => {
    // Slurm 22.05's output for a job that exited with code 3 (paths shortened).
    const text = [
      'JobId=2 JobName=boolq:model=openai_gpt2',
      '   UserId=root(0) GroupId=root(0) MCS_label=N/A',
      '   Priority=4294901758 Nice=0 Account=(null) QOS=(null)',
      '   JobState=FAILED Reason=NonZeroExitCode Dependency=(null)',
      '   Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=3:0',
      '   RunTime=00:00:02 TimeLimit=00:05:00 TimeMin=N/A',
      '   WorkDir=/w/my suite',
      '   StdErr=/w/my suite/slurm/2026-01-02T03:04:05/logs/boolq:model=openai_gpt2.log',
      '   StdOut=/w/my suite/slurm/2026-01-02T03:04:05/logs/boolq:model=openai_gpt2.log',
      '',
    ].join('\n');
    assert.deepEqual(parseScontrolJob(text), {
      id: 2,
      state: 'FAILED',
      elapsedSeconds: 2,
      reason: 'NonZeroExitCode',
      stdout: '/w/my suite/slurm/2026-01-02T03:04:05/logs/boolq:model=openai_gpt2.log',
      source: 'scontrol',
    });
    assert.equal(parseScontrolJob('slurm_load_jobs error: Invalid job id specified'), undefined);
  });

  it('reads sacct lines, "CANCELLED by 0" as CANCELLED', () => {
    assert.deepEqual(parseSacct('12|CANCELLED by 0|37\n13|COMPLETED|5\n'), [
      { id: 12, state: 'CANCELLED', elapsedSeconds: 37, source: 'sacct' },
      { id: 13, state: 'COMPLETED', elapsedSeconds: 5, source: 'sacct' },
    ]);
    assert.equal(slurmJobKind('CANCELLED by 0'), 'cancelled');
  });

  it('asks sacct only where the cluster keeps accounting', () => {
    assert.equal(accountingStorageEnabled('AccountingStorageTRES   = cpu,mem\nAccountingStorageType   = accounting_storage/none\n'), false);
    assert.equal(accountingStorageEnabled('AccountingStorageType   = accounting_storage/slurmdbd\n'), true);
  });

  it('reads and writes Slurm durations', () => {
    const rows: Array<[string, number | undefined]> = [['0:00', 0], ['1:05', 65], ['1:02:03', 3723], ['00:00:02', 2], ['2-01:00:00', 176400], ['14-0', 1209600], ['UNLIMITED', undefined], ['INVALID', undefined]];
    for (const [text, seconds] of rows) assert.equal(parseSlurmDuration(text), seconds, text);
    assert.deepEqual([5, 65, 3723, 93784].map(formatElapsed), ['0:05', '1:05', '1:02:03', '1-02:03:04']);
  });
});
