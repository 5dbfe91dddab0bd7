// The "HELM Slurm jobs" view: each RunSpec of the current SlurmRunner run with its job, state and elapsed time; open its log, cancel its job.
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { formatElapsed, SlurmCommands } from './slurmCommands';
import { SlurmMonitor, type SlurmMonitorOptions, type SlurmRunSnapshot } from './slurmMonitor';
import { slurmProgressMessage, type RunSpecSlurmStatus } from './slurmStatus';

export const SLURM_JOBS_VIEW = 'helmConf.slurmJobs';
/** Context key: a Slurm run has been followed in this window (the view shows from then on). */
const SLURM_RUN_CONTEXT = 'helmConf.slurmRun';

const ICONS: Record<RunSpecSlurmStatus['kind'], [string, string?]> = {
  queued: ['circle-outline'],
  skipped: ['debug-step-over'],
  pending: ['clock', 'charts.yellow'],
  running: ['sync~spin', 'charts.blue'],
  completed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  cancelled: ['circle-slash', 'disabledForeground'],
};

/** Follows one run at a time; the last one stays on show after it ends. */
export class SlurmJobsView implements vscode.TreeDataProvider<RunSpecSlurmStatus>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunSpecSlurmStatus | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<RunSpecSlurmStatus>;
  private monitor: SlurmMonitor | undefined;
  private commands = new SlurmCommands();
  private listener: { dispose(): void } | undefined;
  /** The snapshot on show. */
  snapshot: SlurmRunSnapshot | undefined;

  constructor() {
    this.view = vscode.window.createTreeView(SLURM_JOBS_VIEW, { treeDataProvider: this });
  }

  /** Starts following a run (a run followed before is let go). */
  follow(options: SlurmMonitorOptions): SlurmMonitor {
    void this.monitor?.stop();
    this.listener?.dispose();
    this.commands = new SlurmCommands(options.env);
    const monitor = new SlurmMonitor(options);
    this.monitor = monitor;
    this.snapshot = monitor.latest;
    this.listener = monitor.onDidChange((snapshot) => {
      this.snapshot = snapshot;
      this.view.message = snapshot.problem ? `Slurm did not answer: ${snapshot.problem}` : snapshot.dir ? slurmProgressMessage(snapshot.counts) : 'Waiting for SlurmRunner to start…';
      this.changed.fire(undefined);
    });
    this.view.title = `HELM Slurm jobs: ${options.suite}`;
    this.view.message = 'Waiting for SlurmRunner to start…';
    void vscode.commands.executeCommand('setContext', SLURM_RUN_CONTEXT, true);
    monitor.start();
    this.changed.fire(undefined);
    return monitor;
  }

  getTreeItem(row: RunSpecSlurmStatus): vscode.TreeItem {
    const item = new vscode.TreeItem(row.runSpec, vscode.TreeItemCollapsibleState.None);
    const parts = [row.jobId === undefined ? undefined : `job ${row.jobId}`, row.state, row.elapsedSeconds === undefined ? undefined : formatElapsed(row.elapsedSeconds), row.reason];
    item.description = parts.filter(Boolean).join(' · ');
    const [icon, color] = ICONS[row.kind];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${row.runSpec}**\n\n`);
    tooltip.appendText(`${row.jobId === undefined ? 'Not submitted' : `Slurm job ${row.jobId}`}: ${row.state} (from ${row.source === 'helm' ? 'HELM\'s worker_slurm_jobs.json' : row.source})`);
    if (row.helmState && row.helmState !== row.state) tooltip.appendText(`\nHELM last saw: ${row.helmState}`);
    if (row.logPath) tooltip.appendText(`\nWorker log: ${row.logPath}`);
    item.tooltip = tooltip;
    item.contextValue = row.kind === 'pending' || row.kind === 'running' ? 'slurmJob.active' : row.jobId === undefined ? 'slurmRun' : 'slurmJob';
    if (row.logPath) item.command = { title: 'Open worker log', command: 'helmConf.openSlurmWorkerLog', arguments: [row] };
    return item;
  }

  getChildren(row?: RunSpecSlurmStatus): RunSpecSlurmStatus[] {
    return row ? [] : this.snapshot?.runs ?? [];
  }

  /** `helmConf.openSlurmWorkerLog row`: the job's --output file. */
  async openWorkerLog(row: RunSpecSlurmStatus | undefined): Promise<boolean> {
    if (!row?.logPath) return false;
    try {
      await fs.access(row.logPath);
    } catch {
      void vscode.window.showInformationMessage(`HELM: the worker log of ${row.runSpec} is not written yet (${row.logPath}).`);
      return false;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(row.logPath), { preview: true });
    return true;
  }

  /**
   * `helmConf.cancelSlurmJob row [{confirm: true}]`: scancel the RunSpec's job after the user confirms.
   * HELM then counts the RunSpec as failed. Returns Slurm's error text, or undefined when cancelled.
   */
  async cancelJob(row: RunSpecSlurmStatus | undefined, answers: { confirm?: boolean } = {}): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted) return 'a restricted workspace runs no Slurm command';
    if (row?.jobId === undefined) return 'no Slurm job';
    if (!answers.confirm) {
      const cancel = 'Cancel job';
      const choice = await vscode.window.showWarningMessage(
        `Cancel Slurm job ${row.jobId} (${row.runSpec})?`,
        { modal: true, detail: `scancel ${row.jobId}. HELM's SlurmRunner then counts this RunSpec as failed; the others go on.` },
        cancel,
      );
      if (choice !== cancel) return 'not confirmed';
    }
    const error = this.monitor ? await this.monitor.cancelJob(row.jobId) : await this.commands.cancel(row.jobId);
    if (error) void vscode.window.showErrorMessage(`HELM: scancel ${row.jobId} failed: ${error}`);
    return error;
  }

  dispose(): void {
    void this.monitor?.stop();
    this.listener?.dispose();
    this.view.dispose();
    this.changed.dispose();
  }
}
