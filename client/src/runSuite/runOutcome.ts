// What happened to each RunSpec of a finished helm-run, from its log: done, failed, skipped or cancelled. Pure.
import { HelmRunLogReader, LoggedException } from './helmRunLog';

export type RunSpecStatus = 'done' | 'failed' | 'skipped' | 'cancelled';

export interface RunSpecOutcome {
  runSpec: string;
  status: RunSpecStatus;
  /** Why it failed (the exception line of its traceback) or why it was skipped or not run. */
  reason?: string;
  /** 0-based line of the log that explains it (the exception line, or the skip). */
  logLine?: number;
  /** A log of its own (a Slurm worker's), where `logLine` is; else helm-run's log. */
  logFile?: string;
}

export interface RunSummary {
  outcomes: RunSpecOutcome[];
  counts: Record<RunSpecStatus, number>;
  /** helm-run itself stopped with an error (not the RunnerError that lists failed runs). */
  crash?: LoggedException;
  /** helm-run said `There were no RunSpecs or they got filtered out.` */
  noRunSpecs: boolean;
}

/** The exception helm-run's runner raises at the end when some RunSpecs failed: not a crash. */
const RUNNER_ERROR = /^(?:helm\.benchmark\.runner\.)?RunnerError: Failed runs:/;

export interface RunEnd {
  exitCode: number;
  cancelled: boolean;
  /** The RunSpecs expected from our own expansion: used when the log has no `run_specs` block. */
  expected?: readonly string[];
}

/** The outcome of every RunSpec the run was to make, in order. */
export function summarizeRun(log: HelmRunLogReader, end: RunEnd): RunSummary {
  const last = log.lastTraceback;
  let crash: LoggedException | undefined;
  if (!end.cancelled && end.exitCode !== 0) {
    crash = last && !RUNNER_ERROR.test(last.text) ? last : last ? undefined : { text: `helm-run exited with code ${end.exitCode}`, line: Math.max(0, log.lines - 1) };
  }
  const names = [...(log.planned.length > 0 ? log.planned : end.expected ?? [])];
  for (const name of log.started) if (!names.includes(name)) names.push(name);
  const byName = new Map(log.runs.map((r) => [r.runSpec, r]));
  // With --exit-on-error the failing RunSpec's block closes and helm-run re-raises: the crash is its failure.
  const lastRun = log.runs[log.runs.length - 1];
  const crashedIn = crash && lastRun && !lastRun.error && lastRun.skippedLine === undefined && !log.sawDone ? lastRun.runSpec : undefined;

  const outcomes = names.map((runSpec): RunSpecOutcome => {
    const run = byName.get(runSpec);
    if (run?.error) {
      const exception = run.error.exception;
      return { runSpec, status: 'failed', reason: exception?.text ?? 'helm-run logged an error without a traceback', logLine: exception?.line ?? run.error.line };
    }
    if (run?.skippedLine !== undefined) {
      return { runSpec, status: 'skipped', reason: 'its results were already there (--skip-completed-runs)', logLine: run.skippedLine };
    }
    if (run && (!run.closed || runSpec === crashedIn)) {
      if (end.cancelled) return { runSpec, status: 'cancelled', reason: 'stopped while it ran', logLine: run.startLine };
      return { runSpec, status: 'failed', reason: crash?.text ?? `helm-run exited with code ${end.exitCode} while it ran`, logLine: crash?.line ?? run.startLine };
    }
    if (run) return { runSpec, status: 'done', logLine: run.startLine };
    if (end.cancelled) return { runSpec, status: 'cancelled', reason: 'not started' };
    return { runSpec, status: 'skipped', reason: crash ? 'not started: helm-run stopped before it' : 'helm-run did not run it' };
  });
  return { outcomes, counts: countStatuses(outcomes), crash, noRunSpecs: log.noRunSpecs };
}

/** The parts of a SlurmRunner RunSpec's row (slurm/slurmStatus.ts) that tell how it ended. */
export interface SlurmRow {
  runSpec: string;
  jobId?: number;
  /** Slurm's state (COMPLETED, FAILED, CANCELLED, …) or HELM's (QUEUED, SKIPPED). */
  state: string;
  kind: string;
  reason?: string;
  /** The worker's log. */
  logPath?: string;
}

/** The outcome of every RunSpec of a SlurmRunner run, as Slurm reports its jobs; helm-run's own crash from its log. */
export function summarizeSlurmRun(rows: readonly SlurmRow[], log: HelmRunLogReader, end: RunEnd): RunSummary {
  const { crash } = summarizeRun(log, { ...end, expected: [] });
  const outcomes = rows.map((row): RunSpecOutcome => {
    const job = row.jobId === undefined ? row.state : `Slurm job ${row.jobId}: ${row.state}${row.reason ? ` (${row.reason})` : ''}`;
    const own = row.logPath ? { logFile: row.logPath, logLine: 0 } : {};
    switch (row.kind) {
      case 'completed':
        return { runSpec: row.runSpec, status: 'done', ...own };
      case 'failed':
        return { runSpec: row.runSpec, status: 'failed', reason: job, ...own };
      case 'cancelled':
        return { runSpec: row.runSpec, status: 'cancelled', reason: job, ...own };
      case 'skipped':
        return { runSpec: row.runSpec, status: 'skipped', reason: 'HELM skipped it (its results were already there)' };
      default:
        // Still queued, pending or running when helm-run ended.
        return end.cancelled
          ? { runSpec: row.runSpec, status: 'cancelled', reason: `${job} when the run was stopped`, ...own }
          : { runSpec: row.runSpec, status: 'skipped', reason: `${job} when helm-run ended`, ...own };
    }
  });
  return { outcomes, counts: countStatuses(outcomes), crash, noRunSpecs: log.noRunSpecs };
}

/** `2 done, 1 failed, 1 skipped`: the statuses that occur, in a fixed order. */
export function countsText(counts: Record<RunSpecStatus, number>): string {
  const parts = (['done', 'failed', 'skipped', 'cancelled'] as const).filter((s) => s === 'done' || counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.join(', ');
}

/** How many RunSpecs ended in each status. */
export function countStatuses(outcomes: ReadonlyArray<Pick<RunSpecOutcome, 'status'>>): Record<RunSpecStatus, number> {
  const counts: Record<RunSpecStatus, number> = { done: 0, failed: 0, skipped: 0, cancelled: 0 };
  for (const o of outcomes) counts[o.status]++;
  return counts;
}
