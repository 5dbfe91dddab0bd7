// The "Run suite" and "Run this entry" commands: pre-flight, questions, confirm, run helm-run as a task, report.
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { EXPAND_FILE_REQUEST, ExpandedEntry, ExpandFileParams, ExpandFileResult, ExpansionFilters } from '../../../server/src/common/protocol';
import { activeConfUri } from '../activeConf';
import { locateHelm, missingProgramMessage, offerHelmSetup } from '../helmLocation';
import { entryConfName, entryConfText, sectionConfText } from './entryConf';
import { HelmRunOptions, optionLikeArgument } from './helmRunArgs';
import { confArgument, HELM_RUN_TASK_TYPE, HelmRunTaskDefinition, optionsFromDefinition, prepareLaunch, workingFolder } from './helmRunTask';
import { logFilePath } from './helmTerminal';
import { HelmWorkflow } from './helmWorkflow';
import { modelsToRunRequirement } from './preflight';
import { confirmDespiteErrors, outlineEntries, refuseEmptySelection, serverErrors } from './preflightUi';
import { RunLauncher } from './runLauncher';
import { groupsToRun, RunMemory } from './runMemory';
import { askRunChoices, RUN_ENTRY_STEPS, RUN_SUITE_STEPS, RunChoices, RunStep, RunSuiteAnswers, StepContext } from './runPrompts';
import { buildReport, reportRun } from './runReport';
import { RunSummary } from './runOutcome';
import { RunSpecResult, suiteOutputDir } from './runStats';
import { askRunnerOptions, rememberedRunnerOptions, runnerPromptContext } from '../runners/runnerPrompt';
import { describeRunnerOptions, outputPathOf, withRunnerOptions } from '../runners/runnerOptions';
import type { SlurmJobsView } from '../slurm/slurmJobsView';
import type { SlurmRunSnapshot } from '../slurm/slurmMonitor';
import { SlurmRunFollower } from '../slurm/slurmRunFollower';
import { taskScopeOf } from './helmTask';

/** What a run did; the command's return value (tests read it). */
export interface RunSuiteResult {
  /**
   * Why nothing ran: `untrusted`, `no-file`, `not-saved`, `busy`, `no-helm`, `has-errors`, `dismissed`,
   * `models-required`, `no-runspecs`, `option-like-value`, `not-confirmed`, `no-entry`, `no-entry-conf`, `task-failed`.
   */
  refused?: string;
  args?: string[];
  expectedRunSpecs?: number;
  progress: string[];
  outcome?: { exitCode: number; cancelled: boolean; pid?: number; logFile?: string };
  summary?: RunSummary;
  suiteDir?: string;
  results?: Array<RunSpecResult | undefined>;
  /** The notification shown at the end. */
  notification?: { message: string; buttons: string[] };
  /** A SlurmRunner run: each RunSpec's job and state at the end. */
  slurm?: SlurmRunSnapshot;
}

const UNTRUSTED_MESSAGE =
  'HELM: Run suite starts helm-run (Python), which a restricted workspace does not allow. ' +
  'Trust this workspace to run it; the editor features work without.';

/** A run that did not start, and why. */
type Refused = RunSuiteResult & { refused: string };

function refused(reason: string): Refused {
  return { refused: reason, progress: [] };
}

export class RunSuiteCommands {
  readonly launcher = new RunLauncher();

  constructor(
    private readonly getClient: () => LanguageClient | undefined,
    /** The extension's storage: one-entry conf files and the logs of runs go there, not in the workspace. */
    private readonly storageDir: () => string | undefined,
    private readonly memory: RunMemory,
    private readonly workflow: HelmWorkflow,
    /** The workspace's state: the runner chosen last. */
    private readonly runnerState: vscode.Memento,
    readonly slurmJobs: SlurmJobsView,
  ) {}

  /** `helmConf.runSuite [uri] [answers]`. */
  async runSuite(...args: unknown[]): Promise<RunSuiteResult> {
    const { uri, answers } = readArguments(args);
    const start = await this.preflightStart(uri);
    if ('refused' in start) return start;
    const { confUri, cwd } = start;
    const entries = await outlineEntries(confUri);
    const errorsAnswer = await confirmDespiteErrors(confUri, await serverErrors(this.getClient(), confUri), 'file');
    if (errorsAnswer !== 'run') return refused(errorsAnswer === 'shown' ? 'has-errors' : 'dismissed');
    const choices = await this.ask('Run suite', RUN_SUITE_STEPS, confUri, entries.map((e) => e.description), answers);
    if ('refused' in choices) return choices;
    const filters: ExpansionFilters = { modelsToRun: choices.modelsToRun, priority: choices.priority || undefined, groupsToRun: groupsToRun(confUri) };
    const expansion = await this.expand({ uri: confUri.toString(), filters });
    if (expansion && (await this.refuseEmpty({ uri: confUri.toString() }, expansion.entries, filters))) return refused('no-runspecs');
    // The runner is the workspace's last choice; the confirmation offers to change it.
    const runner = answers.runner ?? rememberedRunnerOptions(this.runnerState);
    const definition: HelmRunTaskDefinition = { type: HELM_RUN_TASK_TYPE, confPath: confArgument(cwd, confUri.fsPath), ...choices, ...runner };
    if (filters.groupsToRun?.length) definition.groupsToRun = filters.groupsToRun;
    return this.confirmAndRun(confUri, cwd, definition, expansion?.entries, answers);
  }

  /** `helmConf.runEntry line` (from the code lens), or `uri line [answers]`. */
  async runEntry(...args: unknown[]): Promise<RunSuiteResult> {
    const { uri, line, answers } = readArguments(args);
    if (!vscode.workspace.isTrusted) return this.refuseUntrusted();
    if (!(uri ?? activeConfUri()) || line === undefined) return refused('no-entry');
    const start = await this.preflightStart(uri);
    if ('refused' in start) return start;
    const { confUri, cwd } = start;
    const entry = (await this.expand({ uri: confUri.toString(), line }))?.entries.find((e) => e.line === line);
    if (!entry) {
      void vscode.window.showErrorMessage(`HELM: no run entry starts on line ${line + 1}.`);
      return refused('no-entry');
    }
    const endLine = (await outlineEntries(confUri)).find((e) => e.line === line)?.endLine ?? line;
    const errorsAnswer = await confirmDespiteErrors(confUri, await serverErrors(this.getClient(), confUri, { from: line, to: endLine }), 'entry');
    if (errorsAnswer !== 'run') return refused(errorsAnswer === 'shown' ? 'has-errors' : 'dismissed');
    const choices = await this.ask('Run this entry', RUN_ENTRY_STEPS, confUri, [entry.description], answers);
    if ('refused' in choices) return choices;
    const filters: ExpansionFilters = { modelsToRun: choices.modelsToRun };
    const expansion = await this.expand({ uri: confUri.toString(), line, filters });
    if (expansion && (await this.refuseEmpty({ uri: confUri.toString(), line }, expansion.entries, filters))) return refused('no-runspecs');
    const runner = answers.runner ?? rememberedRunnerOptions(this.runnerState);
    const definition: HelmRunTaskDefinition = { type: HELM_RUN_TASK_TYPE, ...choices, ...runner, priority: undefined };
    // `--run-entries` takes descriptions only: an entry with groups runs from a conf file of its own, so
    // that its RunSpecs get the names (`,groups=…`) and groups a run of the whole file gives them.
    if (entry.groups?.length) {
      const written = await this.writeEntryConf(confUri, entry.description, entry.groups);
      if (!written) return refused('no-entry-conf');
      definition.confPath = written;
    } else definition.runEntries = [entry.description];
    return this.confirmAndRun(confUri, cwd, definition, expansion?.entries, answers, `run entry → ${definition.suite ?? 'suite'}`);
  }

  /** `helmConf.runSection from to` (a section's code lens: the 0-based lines of its first and last entry), or `uri from to [answers]`. */
  async runSection(...args: unknown[]): Promise<RunSuiteResult> {
    const { uri, lines, answers } = readArguments(args);
    if (!vscode.workspace.isTrusted) return this.refuseUntrusted();
    if (!(uri ?? activeConfUri()) || lines.length < 2) return refused('no-entry');
    const start = await this.preflightStart(uri);
    if ('refused' in start) return start;
    const { confUri, cwd } = start;
    const [from, last] = lines;
    const where: ExpandFileParams = { uri: confUri.toString(), fromLine: from, toLine: last + 1 };
    const entries = (await this.expand(where))?.entries ?? [];
    if (!entries.length) {
      void vscode.window.showErrorMessage(`HELM: no run entry between lines ${from + 1} and ${last + 1}.`);
      return refused('no-entry');
    }
    const endLine = (await outlineEntries(confUri)).find((e) => e.line === last)?.endLine ?? last;
    const errorsAnswer = await confirmDespiteErrors(confUri, await serverErrors(this.getClient(), confUri, { from, to: endLine }), 'section');
    if (errorsAnswer !== 'run') return refused(errorsAnswer === 'shown' ? 'has-errors' : 'dismissed');
    const choices = await this.ask('Run section', RUN_ENTRY_STEPS, confUri, entries.map((e) => e.description), answers);
    if ('refused' in choices) return choices;
    const filters: ExpansionFilters = { modelsToRun: choices.modelsToRun };
    const expansion = await this.expand({ ...where, filters });
    if (expansion && (await this.refuseEmpty(where, expansion.entries, filters))) return refused('no-runspecs');
    // The section's entries, with their groups, in a conf file of their own (as Run this entry does for one).
    const written = await this.writeConf(sectionConfText(entries, path.basename(confUri.fsPath)));
    if (!written) return refused('no-entry-conf');
    const runner = answers.runner ?? rememberedRunnerOptions(this.runnerState);
    const definition: HelmRunTaskDefinition = { type: HELM_RUN_TASK_TYPE, ...choices, ...runner, priority: undefined, confPath: written };
    return this.confirmAndRun(confUri, cwd, definition, expansion?.entries, answers, `section → ${definition.suite ?? 'suite'}`);
  }

  /** What every run checks before its first question: trust, the file, a run in progress, HELM itself. */
  private async preflightStart(uri: vscode.Uri | undefined): Promise<{ confUri: vscode.Uri; cwd: string } | Refused> {
    if (!vscode.workspace.isTrusted) return this.refuseUntrusted();
    const confUri = uri ?? activeConfUri();
    if (!confUri) {
      void vscode.window.showErrorMessage('HELM: open a run entries file (run_entries*.conf) to run it.');
      return refused('no-file');
    }
    if (!(await saveIfDirty(confUri))) return refused('not-saved');
    if (this.launcher.busy) {
      void vscode.window.showWarningMessage('HELM: a helm-run started from here is still running; stop it (Terminate Task) or wait.');
      return refused('busy');
    }
    const location = await locateHelm(confUri);
    if (!location.programs['helm-run']) {
      void offerHelmSetup(missingProgramMessage('helm-run', location.interpreter), location.interpreter);
      return refused('no-helm');
    }
    return { confUri, cwd: workingFolder(confUri) };
  }

  /** The questions, with the models one required when helm-run would refuse the entries without it. */
  private async ask(command: string, steps: readonly RunStep[], confUri: vscode.Uri, descriptions: string[], answers: RunSuiteAnswers): Promise<RunChoices | Refused> {
    const requirement = modelsToRunRequirement(descriptions);
    if (requirement && answers.modelsToRun !== undefined && answers.modelsToRun.length === 0) {
      void vscode.window.showErrorMessage(`HELM: ${requirement.reason}`);
      return refused('models-required');
    }
    const context: StepContext = { client: this.getClient(), confUri, offered: this.memory.offered(confUri), modelsRequired: requirement };
    const choices = await askRunChoices(command, steps, context, answers);
    return choices ?? refused('dismissed');
  }

  /** Refuses (with the reason per entry) a selection that makes no RunSpec; true when it did. */
  private async refuseEmpty(where: ExpandFileParams, entries: ExpandedEntry[], filters: ExpansionFilters): Promise<boolean> {
    if (entries.some((e) => e.runSpecs.length > 0)) return false;
    // Which filter left each entry with nothing: the same entries without the groups, then without the models.
    const withoutGroups = filters.groupsToRun?.length ? (await this.expand({ ...where, filters: { ...filters, groupsToRun: [] } }))?.entries : undefined;
    const withoutModels = filters.modelsToRun?.length ? (await this.expand({ ...where, filters: { priority: filters.priority } }))?.entries : undefined;
    return refuseEmptySelection(entries, filters, { withoutGroups, withoutModels });
  }

  /** The path of a conf file holding just this entry, or undefined (and a message) when it cannot be written. */
  private writeEntryConf(confUri: vscode.Uri, description: string, groups: string[]): Promise<string | undefined> {
    return this.writeConf(entryConfText(description, groups, path.basename(confUri.fsPath)));
  }

  /** The path of a conf file with this text in the extension's storage, or undefined (and a message) when it cannot be written. */
  private async writeConf(text: string): Promise<string | undefined> {
    const dir = this.storageDir();
    try {
      if (!dir) throw new Error('the extension has no storage folder');
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, entryConfName(text));
      await fs.writeFile(file, text, 'utf8');
      return file;
    } catch (error) {
      void vscode.window.showErrorMessage(
        `HELM: could not write the conf file that runs these entries with their groups: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
  }

  private async confirmAndRun(
    confUri: vscode.Uri,
    cwd: string,
    chosen: HelmRunTaskDefinition,
    expanded: ExpandedEntry[] | undefined,
    answers: RunSuiteAnswers,
    taskName?: string,
  ): Promise<RunSuiteResult> {
    const expected = expanded?.reduce((n, e) => n + e.runSpecs.length, 0);
    let definition = chosen;
    let options: HelmRunOptions;
    let launch: Awaited<ReturnType<typeof prepareLaunch>>;
    for (;;) {
      options = optionsFromDefinition(definition, confUri);
      const unsafe = optionLikeArgument(options);
      if (unsafe) {
        void vscode.window.showErrorMessage(`HELM: ${unsafe}`);
        return refused('option-like-value');
      }
      launch = await prepareLaunch(options, cwd, confUri);
      if ('error' in launch) {
        void offerHelmSetup(`HELM: ${launch.error}`);
        return refused('no-helm');
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
    // Offered first next time: the answers of a run that starts (Run this entry asks no priority).
    const asked: Partial<RunChoices> = { suite: options.suite, maxEvalInstances: options.maxEvalInstances, modelsToRun: definition.modelsToRun ?? [] };
    if (definition.priority !== undefined) asked.priority = definition.priority;
    await this.memory.remember(asked);
    const logDir = this.storageDir();
    const logFile = logFilePath(logDir && path.join(logDir, 'logs'), 'helm-run', options.suite);
    const scope = taskScopeOf(confUri);
    // SlurmRunner's workers log to their own files: its progress comes from Slurm, not from helm-run's output.
    const slurm = options.runner?.runner === 'slurm' ? new SlurmRunFollower(this.slurmJobs, { cwd, suite: options.suite, sinceMs: Date.now(), env: launch.env }) : undefined;
    const ran = await this.launcher.run(launch, definition, scope, expected, logFile, taskName, slurm);
    if ('error' in ran) {
      void vscode.window.showErrorMessage(`HELM: ${ran.error}`);
      return { refused: 'task-failed', args: launch.args, progress: [] };
    }
    const { outcome } = ran;
    const outputPath = outputPathOf(options.runner);
    const suiteDir = suiteOutputDir(cwd, options.suite, outputPath);
    const expectedNames = expanded?.flatMap((e) => e.runSpecs);
    const built = await buildReport(options.suite, suiteDir, outcome, expectedNames, ran.slurm);
    const folders = { outputPath, localPath: options.localPath };
    const report = await reportRun(built, this.workflow, { cwd, resource: confUri, folders }, answers.showResults === true);
    return {
      args: launch.args,
      expectedRunSpecs: expected,
      progress: ran.progress,
      outcome: { exitCode: outcome.exitCode, cancelled: outcome.cancelled, pid: outcome.pid, logFile: outcome.logFile },
      summary: report.summary,
      suiteDir,
      results: report.page.rows.map((r) => r.result),
      notification: { message: report.message, buttons: report.buttons },
      ...(ran.slurm ? { slurm: ran.slurm } : {}),
    };
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

  private refuseUntrusted(): Refused {
    void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, 'Manage Workspace Trust').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return refused('untrusted');
  }
}

async function saveIfDirty(uri: vscode.Uri): Promise<boolean> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!document?.isDirty) return true;
  return document.save();
}

/** Commands get (uri?, line?, answers?) in any order: from menus, code lenses, tests. */
function readArguments(args: unknown[]): { uri?: vscode.Uri; line?: number; lines: number[]; answers: RunSuiteAnswers } {
  let uri: vscode.Uri | undefined;
  const lines: number[] = [];
  let answers: RunSuiteAnswers = {};
  for (const arg of args) {
    if (arg instanceof vscode.Uri) uri = arg;
    else if (typeof arg === 'string' && /^[a-z][\w+.-]*:/i.test(arg)) uri = vscode.Uri.parse(arg);
    else if (typeof arg === 'number' && Number.isInteger(arg) && arg >= 0) lines.push(arg);
    else if (typeof arg === 'object' && arg !== null) answers = arg as RunSuiteAnswers;
  }
  return { uri, line: lines.at(-1), lines, answers };
}
