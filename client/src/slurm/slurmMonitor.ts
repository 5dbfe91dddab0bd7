// Follows a SlurmRunner run: finds its slurm/<timestamp>/ folder, reads HELM's files and asks Slurm (squeue, scontrol, sacct); no VS Code.
import { findHelmSlurmRunDir, readHelmSlurmRunFiles } from './helmSlurmFiles';
import { SlurmCommands } from './slurmCommands';
import { isFinishedState } from './slurmJobStates';
import { countSlurmJobs, mergeSlurmStatuses, type RunSpecSlurmStatus, type SlurmCounts } from './slurmStatus';

export interface SlurmRunSnapshot {
  /** SlurmRunner's folder, once it exists. */
  dir?: string;
  runs: RunSpecSlurmStatus[];
  counts: SlurmCounts;
  /** Why Slurm could not be asked (its answer's first line); states then come from HELM's file. */
  problem?: string;
}

export interface SlurmMonitorOptions {
  /** The folder helm-run runs in (SlurmRunner writes `slurm/` there). */
  cwd: string;
  suite: string;
  /** When helm-run was started (ms since the epoch): older SlurmRunner folders are not this run's. */
  sinceMs: number;
  /** The environment of Slurm's commands (PATH, SLURM_CONF): helm-run's. */
  env?: NodeJS.ProcessEnv;
  /** Time between two looks (default 2 s). */
  intervalMs?: number;
}

const EMPTY: SlurmRunSnapshot = { runs: [], counts: countSlurmJobs([]) };

/** Slurm is still ending the job (COMPLETING), or HELM has written it off and Slurm has not caught up. */
function unsettled(run: RunSpecSlurmStatus): boolean {
  return run.state === 'COMPLETING' || (run.helmState !== undefined && isFinishedState(run.helmState) && !isFinishedState(run.state));
}

export class SlurmMonitor {
  private readonly commands: SlurmCommands;
  private readonly listeners = new Set<(snapshot: SlurmRunSnapshot) => void>();
  private dir: string | undefined;
  private accounting: Promise<boolean> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SlurmRunSnapshot> | undefined;
  private stopped = false;
  latest: SlurmRunSnapshot = EMPTY;

  constructor(private readonly options: SlurmMonitorOptions) {
    this.commands = new SlurmCommands(options.env);
  }

  /** Called with every new snapshot. */
  onDidChange(listener: (snapshot: SlurmRunSnapshot) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Looks now and then every interval until stop(). */
  start(): void {
    const loop = async (): Promise<void> => {
      await this.poll();
      if (!this.stopped) this.timer = setTimeout(() => void loop(), this.options.intervalMs ?? 2000);
    };
    void loop();
  }

  /** One look (a look under way is shared, never run twice at once). */
  poll(): Promise<SlurmRunSnapshot> {
    this.running ??= this.look().finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * Stops looking, after a last look at the states the run ended with. A job HELM has just cancelled
   * or seen end may still be COMPLETING for Slurm: looks again until Slurm has settled (at most `settleMs`).
   */
  async stop(settleMs = 15000): Promise<SlurmRunSnapshot> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    const deadline = Date.now() + settleMs;
    for (;;) {
      const snapshot = await this.poll();
      if (!snapshot.runs.some(unsettled) || Date.now() > deadline) return snapshot;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** `scancel` one job of this run; the error text when Slurm refused. */
  async cancelJob(jobId: number): Promise<string | undefined> {
    if (!this.latest.runs.some((r) => r.jobId === jobId)) return `job ${jobId} is not a job of this run`;
    const error = await this.commands.cancel(jobId);
    await this.poll();
    return error;
  }

  private async look(): Promise<SlurmRunSnapshot> {
    try {
      this.dir ??= await findHelmSlurmRunDir(this.options.cwd, this.options.suite, this.options.sinceMs);
      if (!this.dir) return this.publish(EMPTY);
      const files = await readHelmSlurmRunFiles(this.dir);
      // HELM rewrites its files in place: a half-written one keeps the jobs of the last look.
      if (files.jobs === undefined && this.latest.dir === this.dir) return this.publish(this.latest);
      const ids = [...(files.jobs?.values() ?? [])].map((j) => j.id);
      this.accounting ??= ids.length > 0 ? this.commands.accountingEnabled() : undefined;
      const { reports, problem } = await this.commands.jobReports(ids, (await this.accounting) ?? false);
      const runs = mergeSlurmStatuses(files, reports);
      return this.publish({ dir: this.dir, runs, counts: countSlurmJobs(runs), ...(problem ? { problem } : {}) });
    } catch (error) {
      return this.publish({ ...this.latest, problem: error instanceof Error ? error.message : String(error) });
    }
  }

  private publish(snapshot: SlurmRunSnapshot): SlurmRunSnapshot {
    this.latest = snapshot;
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch {
        // a broken listener must not stop the monitor
      }
    }
    return snapshot;
  }
}
