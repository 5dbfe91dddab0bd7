// Runs one helm-run as a task with a cancellable progress notification; the terminal and log outlive the run.
import * as vscode from 'vscode';
import { HelmLaunch } from './helmProcess';
import { progressMessage } from './helmRunLog';
import { createHelmRunTask, HelmRunTaskDefinition } from './helmRunTask';
import { HelmRunOutcome, HelmRunTerminal } from './helmRunTerminal';
import type { SlurmRunSnapshot } from '../slurm/slurmMonitor';
import type { SlurmRunFollower } from '../slurm/slurmRunFollower';

export interface LaunchedRun {
  outcome: HelmRunOutcome;
  /** The progress messages, in order. */
  progress: string[];
  /** A SlurmRunner run: each RunSpec's job and state at the end. */
  slurm?: SlurmRunSnapshot;
}

export class RunLauncher {
  /** The terminal of the run in progress, if any. */
  current: HelmRunTerminal | undefined;

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Starts helm-run; resolves when it has ended, or with an error when its task did not start. */
  async run(
    launch: HelmLaunch,
    definition: HelmRunTaskDefinition,
    scope: vscode.WorkspaceFolder | vscode.TaskScope,
    expected: number | undefined,
    logFile: string | undefined,
    taskName?: string,
    /** A SlurmRunner run: its workers log to their own files, so its progress comes from Slurm. */
    slurm?: SlurmRunFollower,
  ): Promise<LaunchedRun | { error: string }> {
    const terminal = new HelmRunTerminal(launch, logFile);
    this.current = terminal;
    try {
      await vscode.tasks.executeTask(createHelmRunTask(definition, scope, async () => terminal, taskName));
    } catch (error) {
      this.current = undefined;
      void slurm?.finish();
      return { error: `the helm-run task did not start: ${error instanceof Error ? error.message : String(error)}` };
    }
    const progressMessages: string[] = [];
    try {
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `HELM: suite ${definition.suite ?? ''}`, cancellable: true },
        async (progress, token) => {
          // Stop helm-run only: its terminal stays open with what it printed, and its log stays on disk.
          token.onCancellationRequested(() => void terminal.cancel());
          const slurmReport = slurm?.report(progress);
          let index = 0;
          let total = expected ?? 0;
          const listener = terminal.onLogEvent((event) => {
            // HELM's own count, once it says it, is the one to follow.
            if (event.kind === 'planned') total = event.count;
            if (event.kind !== 'running') return;
            index++;
            const message = progressMessage(index, total, event.runSpec);
            progressMessages.push(message);
            progress.report({ message, increment: total > 0 ? 100 / total : undefined });
          });
          try {
            return await terminal.outcome;
          } finally {
            listener.dispose();
            slurmReport?.dispose();
          }
        },
      );
      const snapshot = await slurm?.finish();
      if (slurm) progressMessages.push(...slurm.messages);
      return { outcome, progress: progressMessages, ...(snapshot ? { slurm: snapshot } : {}) };
    } finally {
      if (this.current === terminal) this.current = undefined;
    }
  }
}
