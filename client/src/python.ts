// Which Python interpreter runs HELM: the Python extension's, else `helmConf.pythonPath`, else python3.
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The part of the Python extension's public API used here (ms-python.python `environments`). */
interface PythonEnvironmentsApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment?(env: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
}

export interface Interpreter {
  /** An executable path, or a bare name looked up on PATH. */
  path: string;
  source: 'python-extension' | 'setting' | 'default';
}

/** The interpreter for a resource; never throws (a broken Python extension falls through). */
export async function resolveInterpreter(resource?: vscode.Uri): Promise<Interpreter> {
  const fromExtension = await fromPythonExtension(resource);
  if (fromExtension) return { path: fromExtension, source: 'python-extension' };
  const setting = vscode.workspace.getConfiguration('helmConf', resource).get<string>('pythonPath', '').trim();
  if (setting) return { path: resolveVariables(setting, resource), source: 'setting' };
  return { path: process.platform === 'win32' ? 'python' : 'python3', source: 'default' };
}

async function fromPythonExtension(resource?: vscode.Uri): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonEnvironmentsApi>('ms-python.python');
  if (!extension) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const environments = api?.environments;
    const active = environments?.getActiveEnvironmentPath(resource);
    if (!active?.path) return undefined;
    // The active "path" may be an environment folder; ask for its executable.
    const resolved = await environments?.resolveEnvironment?.(active);
    return resolved?.executable?.uri?.fsPath ?? active.path;
  } catch {
    return undefined;
  }
}

/** `${workspaceFolder}` and `~` in a path setting. */
function resolveVariables(value: string, resource?: vscode.Uri): string {
  const folder = (resource && vscode.workspace.getWorkspaceFolder(resource)) ?? vscode.workspace.workspaceFolders?.[0];
  let result = value;
  if (folder) result = result.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath);
  const home = process.env.HOME ?? process.env.USERPROFILE;
  if (home && (result === '~' || result.startsWith('~/'))) result = home + result.slice(1);
  // A relative path with a folder part is relative to the workspace folder; a bare name stays for PATH.
  if (folder && !path.isAbsolute(result) && /[\\/]/.test(result)) result = path.resolve(folder.uri.fsPath, result);
  return result;
}
