// The `helm-summarize` and `helm-server` task types (tasks.json), beside `helm-run`.
import * as vscode from 'vscode';
import { buildHelmServerArgs, buildHelmSummarizeArgs, HelmServerOptions, HelmSummarizeOptions, serverProblem, summarizeProblem } from './helmWorkflowArgs';
import { HelmLaunch } from './helmProcess';
import { createHelmTask, prepareProgramLaunch, taskFolder } from './helmTask';
import { HelmTerminal, logFilePath } from './helmTerminal';
import { workingFolder } from './helmRunTask';

export const HELM_SUMMARIZE_TASK_TYPE = 'helm-summarize';
export const HELM_SERVER_TASK_TYPE = 'helm-server';

export interface HelmSummarizeTaskDefinition extends vscode.TaskDefinition, HelmSummarizeOptions {
  type: typeof HELM_SUMMARIZE_TASK_TYPE;
}

export interface HelmServerTaskDefinition extends vscode.TaskDefinition, HelmServerOptions {
  type: typeof HELM_SERVER_TASK_TYPE;
}

/** What to start for helm-summarize in this folder, or why not. */
export function prepareSummarize(options: HelmSummarizeOptions, cwd: string, resource?: vscode.Uri): Promise<HelmLaunch | { error: string }> {
  return prepareProgramLaunch('helm-summarize', buildHelmSummarizeArgs(options), summarizeProblem(options), cwd, resource);
}

/** What to start for helm-server in this folder, or why not. */
export function prepareServer(options: HelmServerOptions, cwd: string, resource?: vscode.Uri): Promise<HelmLaunch | { error: string }> {
  return prepareProgramLaunch('helm-server', buildHelmServerArgs(options), serverProblem(options), cwd, resource);
}

/** helm-summarize's options for a suite: the run's --output-path, and its --local-path or else the `localPath` setting. */
export function summarizeOptions(suite: string, resource: vscode.Uri | undefined, folders: { outputPath?: string; localPath?: string }): HelmSummarizeOptions {
  const localPath = folders.localPath?.trim() || vscode.workspace.getConfiguration('helmConf', resource).get<string>('localPath', 'prod_env');
  return { suite, outputPath: folders.outputPath, localPath };
}

/** Resolves `helm-summarize` and `helm-server` tasks written in tasks.json; offers none by itself. */
export class HelmWorkflowTaskProvider implements vscode.TaskProvider {
  constructor(
    private readonly type: typeof HELM_SUMMARIZE_TASK_TYPE | typeof HELM_SERVER_TASK_TYPE,
    /** Where each run's log is written. */
    private readonly logDir: () => string | undefined,
  ) {}

  provideTasks(): vscode.Task[] {
    return [];
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const folder = taskFolder(task);
    const cwd = folder?.uri.fsPath ?? workingFolder(undefined);
    const scope = task.scope ?? vscode.TaskScope.Workspace;
    if (task.definition.type === HELM_SUMMARIZE_TASK_TYPE && this.type === HELM_SUMMARIZE_TASK_TYPE) {
      const definition = task.definition as HelmSummarizeTaskDefinition;
      return createHelmTask(definition, scope, `summarize ${definition.suite ?? ''}`.trim(), async (resolved) => {
        const launch = typeof resolved.suite === 'string' && resolved.suite ? await prepareSummarize(resolved, cwd, folder?.uri) : { error: 'A helm-summarize task needs its "suite".' };
        return new HelmTerminal(launch, logFilePath(this.logDir(), 'helm-summarize', resolved.suite ?? ''));
      });
    }
    if (task.definition.type === HELM_SERVER_TASK_TYPE && this.type === HELM_SERVER_TASK_TYPE) {
      const definition = task.definition as HelmServerTaskDefinition;
      return createHelmTask(
        definition,
        scope,
        `web UI ${definition.suite ?? ''}`.trim(),
        async (resolved) => new HelmTerminal(await prepareServer(resolved, cwd, folder?.uri), logFilePath(this.logDir(), 'helm-server', resolved.suite ?? 'latest')),
        true,
      );
    }
    return undefined;
  }
}
