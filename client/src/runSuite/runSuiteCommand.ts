// The "Run suite" and "Run this entry" commands: ask, confirm, run helm-run as a task, report.
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { EXPAND_FILE_REQUEST, ExpandFileParams, ExpandFileResult, LANGUAGE_ID } from '../../../server/src/common/protocol';
import { entryConfName, entryConfText } from './entryConf';
import { HelmRunOptions } from './helmRunArgs';
import { progressMessage } from './helmRunLog';
import { confArgument, createHelmRunTask, HELM_RUN_TASK_TYPE, HelmRunTaskDefinition, optionsFromDefinition, prepareLaunch, workingFolder } from './helmRunTask';
import { HelmRunOutcome, HelmRunTerminal } from './helmRunTerminal';
import { askRunChoices, RunSuiteAnswers } from './runPrompts';
import { showResults } from './resultsView';
import { readRunSpecResults, RunSpecResult, suiteOutputDir } from './runStats';
import { askRunnerOptions, rememberedRunnerOptions, runnerPromptContext } from '../runners/runnerPrompt';
import { describeRunnerOptions, outputPathOf, withRunnerOptions } from '../runners/runnerOptions';
import type { SlurmJobsView } from '../slurm/slurmJobsView';
import type { SlurmRunSnapshot } from '../slurm/slurmMonitor';
import { SlurmRunFollower, slurmOutcome } from '../slurm/slurmRunFollower';

/** What a run did; the command's return value (tests read it). */
export interface RunSuiteResult {
  /**
   * Why nothing ran: `untrusted`, `no-file`, `not-saved`, `dismissed`, `not-confirmed`, `no-entry`,
   * `no-entry-conf`, `no-helm-run`, `busy`, `task-failed`.
   */
  refused?: string;
  args?: string[];
  expectedRunSpecs?: number;
  progress: string[];
  outcome?: HelmRunOutcome;
  suiteDir?: string;
  results?: RunSpecResult[];
  /** A SlurmRunner run: each RunSpec's job and state at the end. */
  slurm?: SlurmRunSnapshot;
}

const UNTRUSTED_MESSAGE =
  'HELM: Run suite starts helm-run (Python), which a restricted workspace does not allow. ' +
  'Trust this workspace to run it; the editor features work without.';

export class RunSuiteCommands {
  /** The terminal of the run in progress, if any. */
  current: HelmRunTerminal | undefined;

  constructor(
    private readonly getClient: () => LanguageClient | undefined,
    /** Where the conf files of single entries with groups are written (the extension's storage, not the workspace). */
    private readonly entryConfDir: () => string | undefined,
    /** The workspace's state: the runner chosen last. */
    private readonly runnerState: vscode.Memento,
    readonly slurmJobs: SlurmJobsView,
  ) {}

  /** `helmConf.runSuite [uri] [answers]`. */
  async runSuite(...args: unknown[]): Promise<RunSuiteResult> {
    const { uri, answers } = readArguments(args);
    if (!vscode.workspace.isTrusted) return this.refuseUntrusted();
    const confUri = uri ?? activeConfUri();
    if (!confUri) {
      void vscode.window.showErrorMessage('HELM: open a run entries file (run_entries*.conf) to run it.');
      return { refused: 'no-file', progress: [] };
    }
    if (!(await saveIfDirty(confUri))) return { refused: 'not-saved', progress: [] };
    const choices = await askRunChoices(this.getClient(), confUri, answers, true);
    if (!choices) return { refused: 'dismissed', progress: [] };
    // The runner is the workspace's last choice; the confirmation offers to change it.
    const runner = answers.runner ?? rememberedRunnerOptions(this.runnerState);
    // The groups filter has no question: it comes from the settings, as in the hover and code lens counts.
    const groupsToRun = vscode.workspace.getConfiguration('helmConf', confUri).get<string[]>('runSuite.groupsToRun', []).filter((g) => g.trim());
    const filters = { modelsToRun: choices.modelsToRun, priority: choices.priority || undefined, groupsToRun };
    const expansion = await this.expand({ uri: confUri.toString(), filters });
    const cwd = workingFolder(confUri);
    const definition: HelmRunTaskDefinition = { type: HELM_RUN_TASK_TYPE, confPath: confArgument(cwd, confUri.fsPath), ...choices, ...runner };
    if (groupsToRun.length) definition.groupsToRun = groupsToRun;
    return this.confirmAndRun(confUri, cwd, definition, expansion?.total, answers);
  }

  /** `helmConf.runEntry line` (from the code lens), or `uri line [answers]`. */
  async runEntry(...args: unknown[]): Promise<RunSuiteResult> {
    const { uri, line, answers } = readArguments(args);
    if (!vscode.workspace.isTrusted) return this.refuseUntrusted();
    const confUri = uri ?? activeConfUri();
    if (!confUri || line === undefined) return { refused: 'no-entry', progress: [] };
    const entries = (await this.expand({ uri: confUri.toString(), line }))?.entries ?? [];
    const entry = entries.find((e) => e.line === line) ?? entries[0];
    if (!entry) {
      void vscode.window.showErrorMessage(`HELM: no run entry starts on line ${line + 1}.`);
      return { refused: 'no-entry', progress: [] };
    }
    const choices = await askRunChoices(this.getClient(), confUri, answers, false);
    if (!choices) return { refused: 'dismissed', progress: [] };
    const runner = answers.runner ?? rememberedRunnerOptions(this.runnerState);
    const expansion = await this.expand({ uri: confUri.toString(), line, filters: { modelsToRun: choices.modelsToRun } });
    const cwd = workingFolder(confUri);
    const definition: HelmRunTaskDefinition = { type: HELM_RUN_TASK_TYPE, ...choices, ...runner, priority: undefined };
    // `--run-entries` takes descriptions only: an entry with groups runs from a conf file of its own, so
    // that its RunSpecs get the names (`,groups=…`) and groups a run of the whole file gives them.
    if (entry.groups?.length) {
      const written = await this.writeEntryConf(confUri, entry.description, entry.groups);
      if (!written) return { refused: 'no-entry-conf', progress: [] };
      definition.confPath = written;
    } else definition.runEntries = [entry.description];
    return this.confirmAndRun(confUri, cwd, definition, expansion?.total, answers, `run entry → ${definition.suite ?? 'suite'}`);
  }

  /** The path of a conf file holding just this entry, or undefined (and a message) when it cannot be written. */
  private async writeEntryConf(confUri: vscode.Uri, description: string, groups: string[]): Promise<string | undefined> {
    const dir = this.entryConfDir();
    const text = entryConfText(description, groups, path.basename(confUri.fsPath));
    try {
      if (!dir) throw new Error('the extension has no storage folder');
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, entryConfName(text));
      await fs.writeFile(file, text, 'utf8');
      return file;
    } catch (error) {
      void vscode.window.showErrorMessage(
        `HELM: could not write the conf file that runs this entry with its groups: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
  }

  private async confirmAndRun(
    confUri: vscode.Uri,
    cwd: string,
    chosen: HelmRunTaskDefinition,
    expected: number | undefined,
    answers: RunSuiteAnswers,
    taskName?: string,
  ): Promise<RunSuiteResult> {
    if (this.current) {
      void vscode.window.showWarningMessage('HELM: a helm-run started from here is still running; stop it (Terminate Task) or wait.');
      return { refused: 'busy', progress: [] };
    }
    let definition = chosen;
    let options: HelmRunOptions;
    let launch: Awaited<ReturnType<typeof prepareLaunch>>;
    for (;;) {
      options = optionsFromDefinition(definition, confUri);
      launch = await prepareLaunch(options, cwd, confUri);
      if ('error' in launch) {
        void vscode.window.showErrorMessage(`HELM: ${launch.error}`);
        return { refused: 'no-helm-run', progress: [] };
      }
      if (answers.confirm) break;
      const what = expected === undefined ? 'an unknown number of RunSpecs' : `${expected} RunSpec${expected === 1 ? '' : 's'}`;
      const run = 'Run';
      const change = 'Change runner…';
      const choice = await vscode.window.showInformationMessage(
        `Run ${what} with at most ${options.maxEvalInstances} instances each, into suite "${options.suite}"?`,
        { modal: true, detail: `Runner: ${describeRunnerOptions(options.runner ?? { runner: 'local' })}\n\n${['helm-run', ...launch.args].join(' ')}` },
        run,
        change,
      );
      if (choice === run) break;
      if (choice !== change) return { refused: 'not-confirmed', args: launch.args, expectedRunSpecs: expected, progress: [] };
      const runner = await askRunnerOptions(await runnerPromptContext(this.runnerState, confUri));
      if (runner) definition = withRunnerOptions(definition, runner);
    }

    const terminal = new HelmRunTerminal(launch);
    this.current = terminal;
    const scope = vscode.workspace.getWorkspaceFolder(confUri) ?? vscode.TaskScope.Workspace;
    const task = createHelmRunTask(definition, scope, async () => terminal, taskName);
    const progressMessages: string[] = [];
    // SlurmRunner's workers log to their own files: its progress comes from Slurm, not from helm-run's output.
    const slurm = options.runner?.runner === 'slurm' ? new SlurmRunFollower(this.slurmJobs, { cwd, suite: options.suite, sinceMs: Date.now(), env: launch.env }) : undefined;
    let execution: vscode.TaskExecution;
    try {
      execution = await vscode.tasks.executeTask(task);
    } catch (error) {
      this.current = undefined;
      void slurm?.finish();
      void vscode.window.showErrorMessage(`HELM: the helm-run task did not start: ${error instanceof Error ? error.message : String(error)}`);
      return { refused: 'task-failed', args: launch.args, progress: [] };
    }
    const helmOutcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `HELM: suite ${options.suite}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => {
          void terminal.cancel();
          execution.terminate();
        });
        const slurmReport = slurm?.report(progress);
        let index = 0;
        const total = expected ?? 0;
        const listener = terminal.onLogEvent((event) => {
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
    if (this.current === terminal) this.current = undefined;
    const slurmSnapshot = await slurm?.finish();
    const outcome = slurmSnapshot ? { ...helmOutcome, ...slurmOutcome(slurmSnapshot) } : helmOutcome;
    if (slurm) progressMessages.push(...slurm.messages);

    const suiteDir = suiteOutputDir(cwd, options.suite, outputPathOf(options.runner));
    const results = await readRunSpecResults(suiteDir, outcome.started);
    const page = { suite: options.suite, suiteDir, results, failed: outcome.failed };
    void this.summarize(outcome, page, suiteDir, answers);
    return { args: launch.args, expectedRunSpecs: expected, progress: progressMessages, outcome, suiteDir, results, ...(slurmSnapshot ? { slurm: slurmSnapshot } : {}) };
  }

  private async summarize(outcome: HelmRunOutcome, page: Parameters<typeof showResults>[0], suiteDir: string, answers: RunSuiteAnswers): Promise<void> {
    if (answers.showResults) showResults(page);
    if (outcome.cancelled) {
      void vscode.window.showWarningMessage(`HELM: helm-run was stopped after ${outcome.started.length} RunSpecs had started.`);
      return;
    }
    const showButton = 'Show results';
    const folderButton = 'Open results folder';
    const text =
      `HELM: suite ${page.suite}: ${outcome.done.length} RunSpecs done, ${outcome.failed.length} failed` +
      (outcome.exitCode !== 0 ? ` (helm-run exited with code ${outcome.exitCode})` : '') + '.';
    const choice =
      outcome.failed.length > 0 || outcome.exitCode !== 0
        ? await vscode.window.showWarningMessage(text, showButton, folderButton)
        : await vscode.window.showInformationMessage(text, showButton, folderButton);
    if (choice === showButton) showResults(page);
    else if (choice === folderButton) await revealFolder(vscode.Uri.file(suiteDir));
  }

  private async expand(params: ExpandFileParams): Promise<ExpandFileResult | undefined> {
    const client = this.getClient();
    if (!client?.isRunning()) return undefined;
    try {
      return await client.sendRequest<ExpandFileResult>(EXPAND_FILE_REQUEST, params);
    } catch {
      return undefined;
    }
  }

  private refuseUntrusted(): RunSuiteResult {
    void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, 'Manage Workspace Trust').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return { refused: 'untrusted', progress: [] };
  }
}

/** The results folder in the explorer when it is in the workspace, else in the system's file manager. */
async function revealFolder(folder: vscode.Uri): Promise<void> {
  if (vscode.workspace.getWorkspaceFolder(folder)) await vscode.commands.executeCommand('revealInExplorer', folder);
  else await vscode.commands.executeCommand('revealFileInOS', folder);
}

function activeConfUri(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === LANGUAGE_ID ? document.uri : undefined;
}

async function saveIfDirty(uri: vscode.Uri): Promise<boolean> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!document?.isDirty) return true;
  return document.save();
}

/** Commands get (uri?, line?, answers?) in any order: from menus, code lenses, tests. */
function readArguments(args: unknown[]): { uri?: vscode.Uri; line?: number; answers: RunSuiteAnswers } {
  let uri: vscode.Uri | undefined;
  let line: number | undefined;
  let answers: RunSuiteAnswers = {};
  for (const arg of args) {
    if (arg instanceof vscode.Uri) uri = arg;
    else if (typeof arg === 'string' && /^[a-z][\w+.-]*:/i.test(arg)) uri = vscode.Uri.parse(arg);
    else if (typeof arg === 'number' && Number.isInteger(arg) && arg >= 0) line = arg;
    else if (typeof arg === 'object' && arg !== null) answers = arg as RunSuiteAnswers;
  }
  return { uri, line, answers };
}
