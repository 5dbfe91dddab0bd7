// helm-run as a VS Code task: the `helm-run` task type (tasks.json) and the launch it resolves to.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildHelmRunArgs, defaultSuiteName, HelmRunOptions, optionLikeArgument } from './helmRunArgs';
import { HelmLaunch } from './helmProcess';
import { HelmRunTerminal } from './helmRunTerminal';
import { readRunnerOptions, runnerEnvironment, type RunnerOptions } from '../runners/runnerOptions';
import { createHelmTask, prepareProgramLaunch, taskFolder } from './helmTask';
import { logFilePath } from './helmTerminal';

export const HELM_RUN_TASK_TYPE = 'helm-run';

/** A `helm-run` task in tasks.json (see `taskDefinitions` in package.json). */
/** With the runner (absent: HELM's local Runner) and its options, as RunnerOptions names them. */
export interface HelmRunTaskDefinition extends vscode.TaskDefinition, Partial<RunnerOptions> {
  type: typeof HELM_RUN_TASK_TYPE;
  confPath?: string;
  runEntries?: string[];
  suite?: string;
  maxEvalInstances?: number;
  modelsToRun?: string[];
  priority?: number;
  groupsToRun?: string[];
  localPath?: string;
  plugins?: string[];
}

const DEFAULT_MAX_EVAL_INSTANCES = 10;

/** How long SlurmRunner gets to cancel its jobs (one scancel each, retried) when the run is stopped. */
const SLURM_CLEANUP_MS = 60000;

/** The helm-run options of a task definition, with settings filling what it leaves out. */
export function optionsFromDefinition(definition: HelmRunTaskDefinition, resource?: vscode.Uri): HelmRunOptions {
  const settings = vscode.workspace.getConfiguration('helmConf', resource);
  return {
    confPath: definition.confPath,
    runEntries: definition.runEntries,
    suite: definition.suite || settings.get<string>('runSuite.suite', '') || defaultSuiteName(),
    maxEvalInstances: definition.maxEvalInstances ?? settings.get<number>('runSuite.maxEvalInstances', DEFAULT_MAX_EVAL_INSTANCES),
    modelsToRun: definition.modelsToRun,
    priority: definition.priority,
    groupsToRun: definition.groupsToRun,
    localPath: definition.localPath ?? settings.get<string>('localPath', 'prod_env'),
    plugins: definition.plugins ?? settings.get<string[]>('plugins', []),
    runner: readRunnerOptions(definition),
  };
}

/**
 * What to start for these options in this folder (see prepareProgramLaunch), or why not; the runner's
 * variables join the environment, and SlurmRunner gets time to cancel its jobs when the run is stopped.
 */
export async function prepareLaunch(options: HelmRunOptions, cwd: string, resource?: vscode.Uri): Promise<HelmLaunch | { error: string }> {
  const launch = await prepareProgramLaunch('helm-run', buildHelmRunArgs(options), optionLikeArgument(options), cwd, resource);
  const runner = options.runner;
  if ('error' in launch || !runner) return launch;
  Object.assign(launch.env, runnerEnvironment(runner));
  return { ...launch, ...(runner.runner === 'slurm' ? { interruptMs: SLURM_CLEANUP_MS } : {}) };
}

/** The working folder of a run: the workspace folder of the conf file, else the file's folder. */
export function workingFolder(confUri: vscode.Uri | undefined): string {
  const folder = (confUri && vscode.workspace.getWorkspaceFolder(confUri)) ?? vscode.workspace.workspaceFolders?.[0];
  if (folder) return folder.uri.fsPath;
  return confUri ? path.dirname(confUri.fsPath) : process.cwd();
}

/** The conf path as helm-run gets it: relative to its working folder when inside it. */
export function confArgument(cwd: string, confPath: string): string {
  const relative = path.relative(cwd, confPath);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : confPath;
}

/** A task whose execution is a HelmRunTerminal; `makeTerminal` lets a caller keep the terminal. */
export function createHelmRunTask(
  definition: HelmRunTaskDefinition,
  scope: vscode.WorkspaceFolder | vscode.TaskScope,
  makeTerminal: (resolved: HelmRunTaskDefinition) => Promise<HelmRunTerminal>,
  name = definition.confPath ? `${path.basename(definition.confPath)} → ${definition.suite ?? 'suite'}` : `run entry → ${definition.suite ?? 'suite'}`,
): vscode.Task {
  return createHelmTask(definition, scope, name, makeTerminal);
}

/** Resolves `helm-run` tasks written in tasks.json; offers none by itself. */
export class HelmRunTaskProvider implements vscode.TaskProvider {
  /** `logDir`: where each run's log is written. */
  constructor(private readonly logDir: () => string | undefined) {}

  provideTasks(): vscode.Task[] {
    return [];
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const definition = task.definition as HelmRunTaskDefinition;
    if (definition.type !== HELM_RUN_TASK_TYPE) return undefined;
    const folder = taskFolder(task);
    return createHelmRunTask(definition, task.scope ?? vscode.TaskScope.Workspace, async (resolved) => {
      const cwd = folder?.uri.fsPath ?? workingFolder(undefined);
      const confPath = resolved.confPath ? path.resolve(cwd, resolved.confPath) : undefined;
      const resource = confPath ? vscode.Uri.file(confPath) : folder?.uri;
      const options = optionsFromDefinition({ ...resolved, confPath: confPath && confArgument(cwd, confPath) }, resource);
      return new HelmRunTerminal(await prepareLaunch(options, cwd, resource), logFilePath(this.logDir(), 'helm-run', options.suite));
    });
  }
}
