// What a finished helm-run says to the user: the notification with only the buttons that lead somewhere, and the results page.
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { HelmRunOutcome } from './helmRunTerminal';
import { HelmWorkflow, OPEN_WEB_UI, RunFolders, SHOW_LOG, SUMMARIZE } from './helmWorkflow';
import { ResultsPage } from './resultsHtml';
import { openFileAt, showResults } from './resultsView';
import { readLogFile } from './helmWorkflowLog';
import { countsText, RunSpecOutcome, RunSummary, summarizeRun, summarizeSlurmRun } from './runOutcome';
import { readRunSpecResults } from './runStats';
import type { SlurmRunSnapshot } from '../slurm/slurmMonitor';

export const SHOW_RESULTS = 'Show results';

export interface RunReport {
  summary: RunSummary;
  page: ResultsPage;
  /** The notification's text and buttons, as shown. */
  message: string;
  buttons: string[];
}

/** The page and notification of a finished run (a SlurmRunner run as Slurm reports it); reads stats.json and which files exist. */
export async function buildReport(
  suite: string,
  suiteDir: string,
  outcome: HelmRunOutcome,
  expected?: readonly string[],
  slurm?: SlurmRunSnapshot,
): Promise<Omit<RunReport, 'message' | 'buttons'>> {
  const end = { exitCode: outcome.exitCode, cancelled: outcome.cancelled, expected };
  const summary = slurm ? summarizeSlurmRun(slurm.runs, outcome.log, end) : summarizeRun(outcome.log, end);
  // A Slurm worker logs its RunSpec as helm-run does: the exception of its traceback is the reason.
  await Promise.all(summary.outcomes.filter((o) => o.status === 'failed' && o.logFile).map((o) => explainFromWorkerLog(o)));
  const results = await readRunSpecResults(suiteDir, summary.outcomes.map((o) => o.runSpec));
  const suiteDirExists = await fs.stat(suiteDir).then((s) => s.isDirectory(), () => false);
  const page: ResultsPage = {
    suite,
    suiteDir,
    suiteDirExists,
    logFile: outcome.logFile,
    rows: summary.outcomes.map((o, i) => ({ outcome: o, result: results[i] })),
    crash: summary.crash,
  };
  return { summary, page };
}

/** Replaces a failed RunSpec's reason with the exception its own log ends with, if the log says one. */
async function explainFromWorkerLog(outcome: RunSpecOutcome): Promise<void> {
  const reader = outcome.logFile ? await readLogFile(outcome.logFile) : undefined;
  const exception = reader?.runs.find((r) => r.runSpec === outcome.runSpec)?.error?.exception ?? reader?.lastTraceback;
  if (exception) Object.assign(outcome, { reason: `${exception.text} (${outcome.reason})`, logLine: exception.line });
}

/** The notification text and the buttons that lead to something that exists. */
export function notification(report: Omit<RunReport, 'message' | 'buttons'>): { message: string; buttons: string[]; warning: boolean } {
  const { summary, page } = report;
  const anyResults = page.rows.some((r) => r.result?.folder);
  // A RunSpec skipped because an earlier run made it has results too: the suite can be summarized.
  const anyDone = page.rows.some((r) => (r.outcome.status === 'done' || r.outcome.status === 'skipped') && r.result?.files.includes('stats.json'));
  const log = page.logFile ? [SHOW_LOG] : [];
  const results = anyResults ? [SHOW_RESULTS] : [];
  if (summary.crash) {
    return { message: `HELM: helm-run stopped with an error: ${summary.crash.text}`, buttons: [...log, ...results], warning: true };
  }
  if (page.rows.some((r) => r.outcome.status === 'cancelled')) {
    return { message: `HELM: suite ${page.suite} was stopped: ${countsText(summary.counts)}.`, buttons: [...results, ...log], warning: true };
  }
  if (summary.noRunSpecs || page.rows.length === 0) {
    return { message: 'HELM: helm-run made no RunSpecs (none, or all filtered out).', buttons: log, warning: true };
  }
  const firstFailure = page.rows.find((r) => r.outcome.status === 'failed')?.outcome;
  const why = firstFailure ? ` ${firstFailure.runSpec}: ${firstFailure.reason}` : '';
  return {
    message: `HELM: suite ${page.suite}: ${countsText(summary.counts)}.${why}`,
    buttons: [...results, ...(anyDone ? [SUMMARIZE, OPEN_WEB_UI] : [])],
    warning: summary.counts.failed > 0,
  };
}

/** Where "Show log" opens the log: at helm-run's own error, else where the stopped RunSpec started. */
function logLineToShow(report: Omit<RunReport, 'message' | 'buttons'>): number {
  const stopped = report.page.rows.find((r) => r.outcome.status === 'cancelled' && r.outcome.logLine !== undefined)?.outcome.logLine;
  return report.summary.crash?.line ?? stopped ?? 0;
}

/** Shows the notification of a finished run and does what its buttons say. */
export async function reportRun(
  report: Omit<RunReport, 'message' | 'buttons'>,
  workflow: HelmWorkflow,
  where: { cwd: string; resource: vscode.Uri; folders: RunFolders },
  showResultsNow: boolean,
): Promise<RunReport> {
  const { message, buttons, warning } = notification(report);
  if (showResultsNow) showResults(report.page);
  const shown = warning ? vscode.window.showWarningMessage(message, ...buttons) : vscode.window.showInformationMessage(message, ...buttons);
  void shown.then(async (choice) => {
    if (choice === SHOW_RESULTS) showResults(report.page);
    else if (choice === SHOW_LOG && report.page.logFile) await openFileAt(report.page.logFile, logLineToShow(report));
    else if (choice === SUMMARIZE) await workflow.summarize(report.page.suite, where.cwd, where.resource, false, where.folders);
    else if (choice === OPEN_WEB_UI) await workflow.openWebUi(report.page.suite, where.cwd, where.resource, where.folders);
  });
  return { ...report, message, buttons };
}
