// Where HELM's programs are (beside the chosen Python interpreter, else on PATH), and the offer to set them up.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hasPythonExtension, resolveInterpreter, Interpreter } from './python';
import { environmentFor, findOnPath } from './runSuite/helmProcess';

export type HelmProgram = 'helm-run' | 'helm-summarize' | 'helm-server';

export interface HelmLocation {
  interpreter: Interpreter;
  /** The environment to start HELM's programs in: the interpreter's folder first on PATH. */
  env: NodeJS.ProcessEnv;
  /** Full paths of the programs found. */
  programs: Partial<Record<HelmProgram, string>>;
}

export const INSTALL_HELM_URL = 'https://crfm-helm.readthedocs.io/en/latest/installation/';
const PROGRAMS: readonly HelmProgram[] = ['helm-run', 'helm-summarize', 'helm-server'];

/** Looks for HELM's programs for a resource; starts nothing. */
export async function locateHelm(resource?: vscode.Uri): Promise<HelmLocation> {
  const interpreter = await resolveInterpreter(resource);
  const env = environmentFor(path.isAbsolute(interpreter.path) ? interpreter.path : undefined);
  const programs: Partial<Record<HelmProgram, string>> = {};
  await Promise.all(
    PROGRAMS.map(async (program) => {
      const found = await findOnPath(program, env);
      if (found) programs[program] = found;
    }),
  );
  return { interpreter, env, programs };
}

/** The sentence that says a program is missing and where it was looked for. */
export function missingProgramMessage(program: HelmProgram, interpreter: Interpreter): string {
  const from = { 'python-extension': "the Python extension's interpreter", setting: 'helmConf.pythonPath', default: 'the default interpreter' }[interpreter.source];
  return `HELM is not found: no ${program} beside ${interpreter.path} (${from}) nor on PATH. Install HELM (pip install crfm-helm) into that environment, or choose an interpreter that has it.`;
}

export const SELECT_INTERPRETER = 'Select Python interpreter';
export const SET_PYTHON_PATH = 'Set helmConf.pythonPath';
export const HOW_TO_INSTALL = 'How to install HELM';

/**
 * Says that HELM is missing, with buttons that fix it; resolves once the message is answered. The Python
 * extension's interpreter picker is offered when it is installed, unless `helmConf.pythonPath` named the
 * interpreter (the setting comes first: another pick would change nothing).
 */
export async function offerHelmSetup(message: string, interpreter?: Interpreter): Promise<string | undefined> {
  const picker = hasPythonExtension() && interpreter?.source !== 'setting';
  const buttons = [...(picker ? [SELECT_INTERPRETER] : []), SET_PYTHON_PATH, HOW_TO_INSTALL];
  const choice = await vscode.window.showErrorMessage(message, ...buttons);
  if (choice === SELECT_INTERPRETER) await vscode.commands.executeCommand('python.setInterpreter');
  else if (choice === SET_PYTHON_PATH) await vscode.commands.executeCommand('workbench.action.openSettings', 'helmConf.pythonPath');
  else if (choice === HOW_TO_INSTALL) await vscode.env.openExternal(vscode.Uri.parse(INSTALL_HELM_URL));
  return choice;
}
