// One SlurmRunner run in the editor: its jobs in the view, Slurm's counts in the progress notification, and its outcome as Slurm reports it.
import type * as vscode from 'vscode';
import type { SlurmJobsView } from './slurmJobsView';
import type { SlurmMonitor, SlurmMonitorOptions, SlurmRunSnapshot } from './slurmMonitor';
import { slurmPercentDone, slurmProgressMessage } from './slurmStatus';

/** What a SlurmRunner run did, per RunSpec, as Slurm (or HELM's file) reports it at the end. */
export interface SlurmOutcome {
  /** RunSpecs submitted to Slurm. */
  started: string[];
  /** COMPLETED. */
  done: string[];
  /** Failed or cancelled: HELM counts both as failed runs. */
  failed: string[];
}

export function slurmOutcome(snapshot: SlurmRunSnapshot): SlurmOutcome {
  const submitted = snapshot.runs.filter((r) => r.jobId !== undefined);
  return {
    started: submitted.map((r) => r.runSpec),
    done: submitted.filter((r) => r.kind === 'completed').map((r) => r.runSpec),
    failed: submitted.filter((r) => r.kind === 'failed' || r.kind === 'cancelled').map((r) => r.runSpec),
  };
}

export class SlurmRunFollower {
  private readonly monitor: SlurmMonitor;
  /** Every progress line shown, in order (the command's result lists them). */
  readonly messages: string[] = [];

  constructor(view: SlurmJobsView, options: SlurmMonitorOptions) {
    this.monitor = view.follow(options);
  }

  /** Reports Slurm's counts to the notification while the run lasts. */
  report(progress: vscode.Progress<{ message?: string; increment?: number }>): { dispose(): void } {
    let shownPercent = 0;
    return this.monitor.onDidChange((snapshot) => {
      if (!snapshot.dir) return;
      const message = slurmProgressMessage(snapshot.counts) + (snapshot.problem ? ` (Slurm did not answer: ${snapshot.problem})` : '');
      if (message === this.messages[this.messages.length - 1]) return;
      this.messages.push(message);
      const percent = slurmPercentDone(snapshot.counts);
      progress.report({ message, increment: Math.max(0, percent - shownPercent) });
      shownPercent = Math.max(shownPercent, percent);
    });
  }

  /** Stops following after one last look at Slurm; the view keeps showing the jobs. */
  finish(): Promise<SlurmRunSnapshot> {
    return this.monitor.stop();
  }
}
