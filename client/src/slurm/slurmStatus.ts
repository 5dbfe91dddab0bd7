// Each RunSpec of a SlurmRunner run with its job and the state Slurm reports (HELM's file where Slurm cannot tell); pure.
import { workerLogPath, type HelmSlurmRunFiles } from './helmSlurmFiles';
import type { SlurmJobReport } from './slurmCommands';
import { HELM_QUEUED, HELM_SKIPPED, normalizeSlurmState, slurmJobKind, type SlurmJobKind } from './slurmJobStates';

export interface RunSpecSlurmStatus {
  runSpec: string;
  jobId?: number;
  /** Slurm's state (`PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `CANCELLED`, …), or HELM's `QUEUED` / `SKIPPED`. */
  state: string;
  kind: SlurmJobKind;
  /** Who said so: Slurm (squeue, scontrol, sacct) or HELM's worker_slurm_jobs.json. */
  source: SlurmJobReport['source'] | 'helm';
  /** The state in HELM's worker_slurm_jobs.json (HELM looks every slurm_monitor_interval seconds). */
  helmState?: string;
  elapsedSeconds?: number;
  reason?: string;
  /** The worker's log (the job's --output). */
  logPath?: string;
}

export type SlurmCounts = Record<SlurmJobKind, number>;

export const SLURM_KINDS: readonly SlurmJobKind[] = ['queued', 'skipped', 'pending', 'running', 'completed', 'failed', 'cancelled'];

/**
 * One row per RunSpec: submitted jobs in HELM's order with Slurm's state where Slurm reports one,
 * then the RunSpecs HELM still holds back (in the order it will submit them), then the skipped ones.
 */
export function mergeSlurmStatuses(files: HelmSlurmRunFiles, reports: ReadonlyMap<number, SlurmJobReport>): RunSpecSlurmStatus[] {
  const rows: RunSpecSlurmStatus[] = [];
  const seen = new Set<string>();
  for (const [runSpec, job] of files.jobs ?? []) {
    seen.add(runSpec);
    const report = reports.get(job.id);
    const state = normalizeSlurmState(report?.state ?? job.state);
    const row: RunSpecSlurmStatus = {
      runSpec,
      jobId: job.id,
      state,
      kind: slurmJobKind(state),
      source: report?.source ?? 'helm',
      helmState: job.state,
      logPath: workerLogPath(files.dir, runSpec),
    };
    if (report?.elapsedSeconds !== undefined) row.elapsedSeconds = report.elapsedSeconds;
    if (report?.reason && report.reason !== 'None') row.reason = report.reason;
    rows.push(row);
  }
  // HELM pops its queue from the end: the last name is submitted next.
  for (const runSpec of [...(files.queued ?? [])].reverse()) {
    if (seen.has(runSpec)) continue;
    seen.add(runSpec);
    rows.push({ runSpec, state: HELM_QUEUED, kind: 'queued', source: 'helm' });
  }
  for (const runSpec of files.skipped ?? []) {
    if (seen.has(runSpec)) continue;
    seen.add(runSpec);
    rows.push({ runSpec, state: HELM_SKIPPED, kind: 'skipped', source: 'helm' });
  }
  return rows;
}

export function countSlurmJobs(rows: readonly RunSpecSlurmStatus[]): SlurmCounts {
  const counts = Object.fromEntries(SLURM_KINDS.map((k) => [k, 0])) as SlurmCounts;
  for (const row of rows) counts[row.kind]++;
  return counts;
}

/** The progress line: `Slurm: 1 pending, 1 running, 2 completed, 1 failed` (cancelled, queued and skipped when there are any). */
export function slurmProgressMessage(counts: SlurmCounts): string {
  const parts = [`${counts.pending} pending`, `${counts.running} running`, `${counts.completed} completed`, `${counts.failed} failed`];
  if (counts.cancelled) parts.push(`${counts.cancelled} cancelled`);
  let text = `Slurm: ${parts.join(', ')}`;
  if (counts.queued) text += `; ${counts.queued} not submitted yet`;
  if (counts.skipped) text += `; ${counts.skipped} skipped`;
  return text;
}

/** Share of the RunSpecs that are over (completed, failed, cancelled or skipped), 0 to 100. */
export function slurmPercentDone(counts: SlurmCounts): number {
  const total = SLURM_KINDS.reduce((sum, k) => sum + counts[k], 0);
  return total === 0 ? 0 : (100 * (counts.completed + counts.failed + counts.cancelled + counts.skipped)) / total;
}
