// Slurm job states as HELM's slurm_jobs.py groups them, and the five kinds the editor counts; pure.

/** Healthy non-terminal states (HELM's ACTIVE_SLURM_JOB_STATES): they hold a place in its concurrency limit. */
export const ACTIVE_SLURM_JOB_STATES: ReadonlySet<string> = new Set(['PENDING', 'RUNNING', 'SUSPENDED']);

/** Failure terminal states (HELM's FAILURE_SLURM_JOB_STATES). */
export const FAILURE_SLURM_JOB_STATES: ReadonlySet<string> = new Set([
  'BOOT_FAIL',
  'CANCELLED',
  'DEADLINE',
  'FAILED',
  'NODE_FAIL',
  'OUT_OF_MEMORY',
  'PREEMPTED',
]);

/** Terminal states (HELM's TERMINAL_SLURM_JOB_STATES): COMPLETED and the failures. */
export const TERMINAL_SLURM_JOB_STATES: ReadonlySet<string> = new Set(['COMPLETED', ...FAILURE_SLURM_JOB_STATES]);

/**
 * States Slurm ends a job in that HELM's lists lack: SlurmRunner never sees such a job as finished
 * and keeps waiting for it (a job past its time limit ends TIMEOUT).
 */
export const TERMINAL_STATES_HELM_MISSES: ReadonlySet<string> = new Set(['TIMEOUT', 'SPECIAL_EXIT', 'REVOKED']);

/** What the editor counts: Slurm's states in five kinds, plus HELM's own queue and skipped runs. */
export type SlurmJobKind = 'queued' | 'skipped' | 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

/** The state HELM gives a RunSpec it has not submitted yet (queued_runs.json) or skipped (skipped_runs.json). */
export const HELM_QUEUED = 'QUEUED';
export const HELM_SKIPPED = 'SKIPPED';

/** The kind of a state as Slurm (or HELM) writes it; `CANCELLED by 0` (sacct) counts as CANCELLED. */
export function slurmJobKind(state: string): SlurmJobKind {
  const s = normalizeSlurmState(state);
  if (s === HELM_QUEUED) return 'queued';
  if (s === HELM_SKIPPED) return 'skipped';
  if (s === 'COMPLETED') return 'completed';
  if (s === 'CANCELLED') return 'cancelled';
  if (FAILURE_SLURM_JOB_STATES.has(s) || TERMINAL_STATES_HELM_MISSES.has(s)) return 'failed';
  if (s === 'PENDING' || s === 'REQUEUED' || s === 'REQUEUE_HOLD' || s === 'REQUEUE_FED' || s === 'RESV_DEL_HOLD' || s === 'CONFIGURING') return 'pending';
  // RUNNING, COMPLETING, SUSPENDED, STOPPED, SIGNALING, STAGE_OUT, RESIZING…: the job holds its resources.
  return 'running';
}

/** `CANCELLED by 1000` → `CANCELLED`; `running` → `RUNNING`. */
export function normalizeSlurmState(state: string): string {
  return state.trim().split(/\s+/)[0].replace(/\+$/, '').toUpperCase();
}

/** Slurm says the job has ended. */
export function isFinishedState(state: string): boolean {
  const s = normalizeSlurmState(state);
  return TERMINAL_SLURM_JOB_STATES.has(s) || TERMINAL_STATES_HELM_MISSES.has(s);
}
