// Reading helm-run's log: RunSpecs started, done, skipped and failed with the exception of their traceback, and crashes.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HelmRunLogReader, progressMessage } from '../../client/src/runSuite/helmRunLog';
import { countsText, summarizeRun, summarizeSlurmRun } from '../../client/src/runSuite/runOutcome';
import { realHelm } from '../helpers/bridge';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures');

function read(text: string, chunk = text.length): HelmRunLogReader {
  const reader = new HelmRunLogReader();
  for (let i = 0; i < text.length; i += chunk) reader.push(text.slice(i, i + chunk));
  reader.end();
  return reader;
}

/** HELM's default record prefix. */
const at = (message: string): string => `2026-06-01 12:00:00,000 INFO     ${message}`;

describe('helm-run log', () => {
  it('takes each failure reason from a real helm-run log: the last exception of its chained traceback, and its line', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'helm-run-logs', 'two-failed.log'), 'utf8');
    const lines = text.split('\n');
    for (const chunk of [text.length, 7]) {
      const reader = read(text, chunk);
      const mmlu = 'mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2';
      assert.equal(reader.plannedCount, 2);
      assert.deepEqual(reader.planned, [mmlu, 'boolq:model=openai_gpt2']);
      const summary = summarizeRun(reader, { exitCode: 1, cancelled: false });
      assert.deepEqual(
        summary.outcomes.map((o) => [o.runSpec, o.status, o.reason, o.logLine === undefined ? undefined : lines[o.logLine]]),
        [
          [mmlu, 'failed', "urllib.error.URLError: <urlopen error offline: network access blocked (socket.create_connection ('people.eecs.berkeley.edu', 443))>", "urllib.error.URLError: <urlopen error offline: network access blocked (socket.create_connection ('people.eecs.berkeley.edu', 443))>"],
          ['boolq:model=openai_gpt2', 'failed', "urllib.error.URLError: <urlopen error offline: network access blocked (socket.create_connection ('huggingface.co', 443))>", "urllib.error.URLError: <urlopen error offline: network access blocked (socket.create_connection ('huggingface.co', 443))>"],
        ],
      );
      // The RunnerError that lists the failed runs ends helm-run with code 1: not a crash of its own.
      assert.equal(summary.crash, undefined);
      assert.equal(countsText(summary.counts), '0 done, 2 failed');
    }
  });

  const rows: Array<{ name: string; log: string[]; exitCode: number; cancelled?: boolean; expected?: string[]; outcomes: string[]; crash?: string }> = [
    {
      name: 'one done, one failed with a one-line traceback, in a log without timestamps',
      log: ['helm_run {', '  2 entries produced 2 run specs', '  Running a:model=m {', '    1 instances', '  } [1s]', '  Running b:model=m {', '  } [0.1s]',
        '  Error when running b:model=m:', 'Traceback (most recent call last):', '  File "x.py", line 3, in run_one', '    boom()', 'ValueError: no data', '', '} [2s]',
        'Traceback (most recent call last):', '  File "r.py", line 229, in run_all', 'RunnerError: Failed runs: ["b:model=m"]'],
      exitCode: 1,
      outcomes: ['a:model=m done @2', 'b:model=m failed ValueError: no data @11'],
    },
    {
      name: 'a multi-line exception message gives its first line',
      log: [at('Running a:model=m {'), at('} [0.1s]'), at('Error when running a:model=m:'), 'Traceback (most recent call last):', '  File "x.py", line 1, in f',
        'KeyError: first line', 'second line of the message', '', at('} [0.1s]'), 'Traceback (most recent call last):', '  File "r.py", line 229, in run_all',
        'helm.benchmark.runner.RunnerError: Failed runs: ["a:model=m"]'],
      exitCode: 1,
      outcomes: ['a:model=m failed KeyError: first line @5'],
    },
    {
      name: 'a RunSpec skipped by --skip-completed-runs',
      log: [at('  Running a:model=m {'), at('    Skipping run a:model=m because run is completed and all output files exist.'), at('  } [0.0s]'), at('  Done.')],
      exitCode: 0,
      outcomes: ['a:model=m skipped its results were already there (--skip-completed-runs) @1'],
    },
    {
      name: 'helm-run refusing the entries: a crash, and the expected RunSpecs not started',
      log: [at('helm_run {'), at('} [0.0s]'), 'Traceback (most recent call last):', '  File "run.py", line 336, in helm_run',
        'Exception: --models-to-run must be set (because the `model=` run expander expands to multiple models)'],
      exitCode: 1,
      expected: ['a:model=x'],
      outcomes: ['a:model=x skipped not started: helm-run stopped before it'],
      crash: 'Exception: --models-to-run must be set (because the `model=` run expander expands to multiple models) @4',
    },
    {
      name: 'a crash inside a RunSpec (--exit-on-error): its block closed, then the traceback',
      log: [at('  Running a:model=m {'), at('  } [1s]'), at('  Running b:model=m {'), at('  } [1s]'), at('} [2s]'), 'Traceback (most recent call last):', '  File "r.py", line 1, in run_all', 'OSError: disk full'],
      exitCode: 1,
      outcomes: ['a:model=m done @0', 'b:model=m failed OSError: disk full @7'],
      crash: 'OSError: disk full @7',
    },
    {
      name: 'stopped by the user: the running RunSpec and the ones after it are cancelled',
      log: [at('  run_specs {'), at("    RunSpec(name='a:model=m', scenario_spec=None)"), at('    RunSpec(name="b:model=it\'s", scenario_spec=None)'), at('  } [0.0s]'), at('  Running a:model=m {'), at('    scenario.get_instances {')],
      exitCode: 143,
      cancelled: true,
      outcomes: ["a:model=m cancelled stopped while it ran @4", "b:model=it's cancelled not started"],
    },
    {
      name: 'killed without a traceback: the exit code is the reason',
      log: [at('  Running a:model=m {')],
      exitCode: 137,
      outcomes: ['a:model=m failed helm-run exited with code 137 @0'],
      crash: 'helm-run exited with code 137 @0',
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const reader = read(row.log.join('\n') + '\n', 5);
      const summary = summarizeRun(reader, { exitCode: row.exitCode, cancelled: row.cancelled ?? false, expected: row.expected });
      const shown = summary.outcomes.map((o) => [o.runSpec, o.status, o.reason, o.logLine === undefined ? undefined : `@${o.logLine}`].filter(Boolean).join(' '));
      assert.deepEqual(shown, row.outcomes);
      assert.equal(summary.crash && `${summary.crash.text} @${summary.crash.line}`, row.crash);
    });
  }

  it('follows a run streamed in arbitrary chunks with CRLF and CR line ends', () => {
    const log = '  Running a:model=m {\r\n  } [1s]\r\n  Running b:model=m {\rprogress 50%\r\n  } [1s]\n  Error when running b:model=m:\nTraceback\nE: x\n  Running c:model=m {';
    const reader = new HelmRunLogReader();
    const events = [];
    for (let i = 0; i < log.length; i += 7) events.push(...reader.push(log.slice(i, i + 7)));
    events.push(...reader.end());
    assert.deepEqual(events.map((e) => (e.kind === 'planned' ? `planned ${e.count}` : `${e.kind} ${e.runSpec} @${e.line}`)), [
      'running a:model=m @0',
      'running b:model=m @2',
      'failed b:model=m @5',
      'running c:model=m @8',
    ]);
    assert.deepEqual(reader.done, ['a:model=m']);
    assert.deepEqual(reader.failed, ['b:model=m']);
  });

  it('does not read "Running …" lines of HELM that are no RunSpec', () => {
    const reader = read([at('  Running in local mode with base path: prod_env'), at('  Running the numbers'), at('  3 entries produced 5 run specs')].join('\n'));
    assert.deepEqual(reader.started, []);
    assert.equal(reader.plannedCount, 5);
  });

  it('takes a SlurmRunner run\'s outcomes from Slurm\'s states, each job\'s log its own', () => {
    const rows = [
      { runSpec: 'a', jobId: 7, state: 'COMPLETED', kind: 'completed', logPath: '/w/a.log' },
      { runSpec: 'b', jobId: 8, state: 'FAILED', kind: 'failed', reason: 'NonZeroExitCode', logPath: '/w/b.log' },
      { runSpec: 'c', jobId: 9, state: 'CANCELLED', kind: 'cancelled' },
      { runSpec: 'd', state: 'SKIPPED', kind: 'skipped' },
      { runSpec: 'e', jobId: 10, state: 'RUNNING', kind: 'running' },
    ];
    const shown = (cancelled: boolean): string[] =>
      summarizeSlurmRun(rows, read(''), { exitCode: cancelled ? 130 : 0, cancelled }).outcomes.map((o) => [o.runSpec, o.status, o.reason, o.logFile].filter(Boolean).join(' | '));
    assert.deepEqual(shown(true), [
      'a | done | /w/a.log',
      'b | failed | Slurm job 8: FAILED (NonZeroExitCode) | /w/b.log',
      'c | cancelled | Slurm job 9: CANCELLED',
      'd | skipped | HELM skipped it (its results were already there)',
      'e | cancelled | Slurm job 10: RUNNING when the run was stopped',
    ]);
    assert.equal(shown(false)[4], 'e | skipped | Slurm job 10: RUNNING when helm-run ended');
  });

  it('words the progress as RunSpec i of N', () => {
    assert.equal(progressMessage(2, 5, 'boolq:model=m'), 'RunSpec 2 of 5: boolq:model=m');
    assert.equal(progressMessage(6, 5, 'extra:model=m'), 'RunSpec 6: extra:model=m');
  });
});

describe('helm-run log of the real HELM', () => {
  it('gives each failed RunSpec the exception its traceback ends with', function () {
    const python = realHelm?.python;
    const source = realHelm?.helmSource;
    if (!python || !source) {
      this.skip(); // HELM_BRIDGE_PYTHON and HELM_BRIDGE_HELM_SOURCE name a HELM to run (test/helpers/bridge.ts); CI has none.
    }
    this.timeout(120000);
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-real-run-'));
    try {
      const pythonPath = [realHelm?.pythonPath, path.join(source, 'src')].filter(Boolean).join(path.delimiter);
      const run = spawnSync(python, ['-m', 'helm.benchmark.run', '--run-entries', 'boolq:model=openai/gpt2', '--suite', 'real', '-m', '1'], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, PYTHONPATH: pythonPath, PYTHONUNBUFFERED: '1' },
        timeout: 110000,
      });
      const reader = read(`${run.stdout}${run.stderr}`);
      const summary = summarizeRun(reader, { exitCode: run.status ?? 1, cancelled: false });
      assert.deepEqual(summary.outcomes.map((o) => o.runSpec), ['boolq:model=openai_gpt2']);
      const outcome = summary.outcomes[0];
      // Offline, the download fails; with network it may pass: either way the log says which.
      if (outcome.status === 'failed') assert.match(outcome.reason ?? '', /^[\w.]+(Error|Exception|Blocked)\b.*:/);
      else assert.equal(outcome.status, 'done');
      assert.equal(summary.crash, undefined);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});
