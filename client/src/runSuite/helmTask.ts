// What the task types of HELM's programs share: a task whose execution is our own terminal, and the launch it starts.
import * as vscode from 'vscode';
import { HelmProgram, locateHelm, missingProgramMessage } from '../helmLocation';
import { HelmLaunch } from './helmProcess';

/**
 * What to start: the program beside the interpreter (its folder first on PATH), with these arguments, or
 * why not. In a restricted (untrusted) workspace nothing is started; `problem` (an unsafe value) refuses.
 */
export async function prepareProgramLaunch(
  program: HelmProgram,
  args: string[],
  problem: string | undefined,
  cwd: string,
  resource?: vscode.Uri,
): Promise<HelmLaunch | { error: string }> {
  if (!vscode.workspace.isTrusted) {
    return { error: `${program} does not run in a restricted workspace: trust the workspace first (Manage Workspace Trust).` };
  }
  if (problem) return { error: problem };
  const location = await locateHelm(resource);
  const found = location.programs[program];
  if (!found) return { error: missingProgramMessage(program, location.interpreter) };
  return { program: found, args, cwd, env: location.env };
}

/** The scope of a task about `resource`: its workspace folder, else the workspace. */
export function taskScopeOf(resource: vscode.Uri | undefined): vscode.WorkspaceFolder | vscode.TaskScope {
  return (resource && vscode.workspace.getWorkspaceFolder(resource)) ?? vscode.TaskScope.Workspace;
}

/** Starts `terminal` as a task of one of HELM's task types about `resource`: undefined, or why the task did not start. */
export async function startInTask<D extends vscode.TaskDefinition>(definition: D, resource: vscode.Uri | undefined, name: string, terminal: vscode.Pseudoterminal, background = false): Promise<string | undefined> {
  try {
    await vscode.tasks.executeTask(createHelmTask(definition, taskScopeOf(resource), name, async () => terminal, background));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A task of one of HELM's task types; `makeTerminal` lets a caller keep the terminal it runs in. */
export function createHelmTask<D extends vscode.TaskDefinition>(
  definition: D,
  scope: vscode.WorkspaceFolder | vscode.TaskScope,
  name: string,
  makeTerminal: (resolved: D) => Promise<vscode.Pseudoterminal>,
  background = false,
): vscode.Task {
  const task = new vscode.Task(definition, scope, name, definition.type, new vscode.CustomExecution((resolved) => makeTerminal(resolved as D)));
  task.isBackground = background;
  task.presentationOptions = { reveal: background ? vscode.TaskRevealKind.Silent : vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  return task;
}

/** The workspace folder of a task's scope, if it has one. */
export function taskFolder(task: vscode.Task): vscode.WorkspaceFolder | undefined {
  return typeof task.scope === 'object' ? task.scope : undefined;
}
