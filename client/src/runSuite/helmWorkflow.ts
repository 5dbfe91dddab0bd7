// HELM's workflow after helm-run: helm-summarize --suite S, then helm-server to browse the suite in HELM's web UI.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { HelmTerminal, logFilePath } from './helmTerminal';
import { startInTask } from './helmTask';
import { HelmWebUi, WebUiResult } from './helmWebUi';
import { lastTracebackOf } from './helmWorkflowLog';
import { HELM_SUMMARIZE_TASK_TYPE, HelmSummarizeTaskDefinition, prepareSummarize, summarizeOptions } from './helmWorkflowTasks';
import { workingFolder } from './helmRunTask';
import { validateSuiteName } from './helmRunArgs';
import { openFileAt } from './resultsView';
import { HELM_DEFAULT_OUTPUT_PATH } from '../runners/runnerOptions';
import { RunMemory } from './runMemory';
import { suiteOutputDir } from './runStats';

export const OPEN_WEB_UI = "Open in HELM's web UI";
export const SUMMARIZE = 'Summarize';
export const SHOW_LOG = 'Show log';

export interface SummarizeResult {
  refused?: string;
  exitCode?: number;
  cancelled?: boolean;
  /** `runs/<suite>/summary.json`, once written. */
  summaryFile?: string;
  logFile?: string;
  error?: string;
}

/** The folders a run used, for helm-summarize and helm-server to use the same: its --output-path and --local-path. */
export interface RunFolders {
  outputPath?: string;
  localPath?: string;
}

async function mtime(file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** true when summary.json is missing or older than a RunSpec's stats.json: helm-summarize has news to read. */
export async function needsSummary(suiteDir: string): Promise<boolean> {
  const summary = await mtime(path.join(suiteDir, 'summary.json'));
  if (summary === undefined) return true;
  const runs = await fs.readdir(suiteDir, { withFileTypes: true }).catch(() => []);
  const stats = await Promise.all(runs.filter((d) => d.isDirectory()).map((d) => mtime(path.join(suiteDir, d.name, 'stats.json'))));
  return stats.some((t) => t !== undefined && t > summary);
}

export class HelmWorkflow implements vscode.Disposable {
  readonly webUi: HelmWebUi;

  constructor(
    private readonly logDir: () => string | undefined,
    private readonly memory: RunMemory,
  ) {
    this.webUi = new HelmWebUi(logDir);
  }

  /**
   * Runs helm-summarize --suite S as a task, with progress; tells how it ended unless `quiet`.
   * `folders`: the run's --output-path (HELM's default benchmark_output) and --local-path (the setting's by default).
   */
  async summarize(suite: string, cwd: string, resource?: vscode.Uri, quiet = false, folders: RunFolders = {}): Promise<SummarizeResult> {
    const definition: HelmSummarizeTaskDefinition = { type: HELM_SUMMARIZE_TASK_TYPE, ...summarizeOptions(suite, resource, folders) };
    const launch = await prepareSummarize(definition, cwd, resource);
    if ('error' in launch) {
      void vscode.window.showErrorMessage(`HELM: ${launch.error}`);
      return { refused: 'no-helm-summarize', error: launch.error };
    }
    const terminal = new HelmTerminal(launch, logFilePath(this.logDir(), 'helm-summarize', suite));
    const notStarted = await startInTask(definition, resource, `summarize ${suite}`, terminal);
    if (notStarted) return { refused: 'task-failed', error: notStarted };
    const end = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `HELM: summarizing suite ${suite}`, cancellable: true },
      async (_progress, token) => {
        token.onCancellationRequested(() => void terminal.cancel());
        return terminal.ended;
      },
    );
    const summaryFile = path.join(suiteOutputDir(cwd, suite, folders.outputPath), 'summary.json');
    const result: SummarizeResult = { exitCode: end.exitCode, cancelled: end.cancelled, logFile: end.logFile };
    if (end.exitCode === 0 && !end.cancelled && (await mtime(summaryFile)) !== undefined) {
      result.summaryFile = summaryFile;
      if (!quiet) {
        void vscode.window.showInformationMessage(`HELM: suite ${suite} summarized (${path.relative(cwd, summaryFile)}).`, OPEN_WEB_UI).then((choice) => {
          if (choice === OPEN_WEB_UI) void this.openWebUi(suite, cwd, resource, folders);
        });
      }
      return result;
    }
    const traceback = end.logFile ? await lastTracebackOf(end.logFile) : undefined;
    result.error = end.cancelled ? 'helm-summarize was stopped.' : `helm-summarize stopped with an error: ${traceback?.text ?? `exit code ${end.exitCode}`}`;
    if (!quiet || !end.cancelled) this.showFailure(result.error, end.logFile, traceback?.line);
    return result;
  }

  /** Serves the suite in HELM's web UI, summarizing it first when its summary is missing or older than its runs. */
  async openWebUi(suite: string, cwd: string, resource?: vscode.Uri, folders: RunFolders = {}): Promise<WebUiResult & { summarized?: SummarizeResult }> {
    let summarized: SummarizeResult | undefined;
    if (await needsSummary(suiteOutputDir(cwd, suite, folders.outputPath))) {
      summarized = await this.summarize(suite, cwd, resource, true, folders);
      if (!summarized.summaryFile) return { error: summarized.error ?? 'helm-summarize did not write summary.json', summarized };
    }
    const opened = await this.webUi.open(suite, cwd, resource, folders.outputPath);
    if ('error' in opened) this.showFailure(opened.error, opened.logFile, opened.logLine);
    return { ...opened, summarized };
  }

  /** `helmConf.summarize [suite]`: asks for the suite when none is given. */
  async summarizeCommand(...args: unknown[]): Promise<SummarizeResult> {
    const where = await this.pickSuite(args, 'Summarize');
    return where ? this.summarize(where.suite, where.cwd, where.resource) : { refused: 'dismissed' };
  }

  /** `helmConf.openWebUi [suite]`. */
  async openWebUiCommand(...args: unknown[]): Promise<WebUiResult | { refused: string }> {
    const where = await this.pickSuite(args, OPEN_WEB_UI);
    return where ? this.openWebUi(where.suite, where.cwd, where.resource) : { refused: 'dismissed' };
  }

  /** `helmConf.stopWebUi`. */
  async stopWebUiCommand(): Promise<boolean> {
    const stopped = await this.webUi.stop();
    if (!stopped) void vscode.window.showInformationMessage('HELM: no helm-server started from here is running.');
    return stopped;
  }

  private showFailure(message: string, logFile: string | undefined, line: number | undefined): void {
    const buttons = logFile ? [SHOW_LOG] : [];
    void vscode.window.showErrorMessage(`HELM: ${message}`, ...buttons).then((choice) => {
      if (choice === SHOW_LOG && logFile) void openFileAt(logFile, line ?? 0);
    });
  }

  /** The suite from the arguments, else picked among the suites under benchmark_output/runs/. */
  private async pickSuite(args: unknown[], action: string): Promise<{ suite: string; cwd: string; resource?: vscode.Uri } | undefined> {
    const resource = args.find((a): a is vscode.Uri => a instanceof vscode.Uri) ?? vscode.window.activeTextEditor?.document.uri;
    const cwd = workingFolder(resource);
    const given = args.find((a): a is string => typeof a === 'string');
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(`HELM: ${action} starts HELM (Python), which a restricted workspace does not allow.`);
      return undefined;
    }
    if (given !== undefined) return validateSuiteName(given) ? undefined : { suite: given, cwd, resource };
    const runs = path.resolve(cwd, HELM_DEFAULT_OUTPUT_PATH, 'runs');
    const suites = (await fs.readdir(runs, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory()).map((d) => d.name);
    if (suites.length === 0) {
      void vscode.window.showInformationMessage(`HELM: no suite in ${runs} yet: run one first (HELM: Run suite).`);
      return undefined;
    }
    const last = this.memory.remembered().suite;
    const items = suites.sort((a, b) => (a === last ? -1 : b === last ? 1 : a.localeCompare(b))).map((label) => ({ label }));
    const picked = await vscode.window.showQuickPick(items, { title: `HELM: ${action}`, placeHolder: 'Suite (benchmark_output/runs/…)' });
    return picked ? { suite: picked.label, cwd, resource } : undefined;
  }

  dispose(): void {
    this.webUi.dispose();
  }
}
