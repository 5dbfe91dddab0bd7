// Which Python interpreter runs HELM: `helmConf.pythonPath` when set, else the Python extension's active interpreter, else python3.
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The part of the Python extension's public API used here (ms-python.python `environments`). */
interface PythonEnvironmentsApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment?(env: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
}

const PYTHON_EXTENSION_ID = 'ms-python.python';

export interface Interpreter {
  /** An executable path, or a bare name looked up on PATH. */
  path: string;
  source: 'python-extension' | 'setting' | 'default';
}

/**
 * The interpreter for a resource; never throws (a broken Python extension falls through). The setting
 * comes first, as with the Python tools' own `interpreter` settings: a user who wrote a path means it.
 * With `startPythonExtension: false` a Python extension that is not running yet is not waited for: it
 * is started meanwhile, and onDidChangePythonInterpreter fires once its interpreter is known.
 */
export async function resolveInterpreter(resource?: vscode.Uri, options: { startPythonExtension?: boolean } = {}): Promise<Interpreter> {
  const setting = vscode.workspace.getConfiguration('helmConf', resource).get<string>('pythonPath', '').trim();
  if (setting) return { path: resolveVariables(setting, resource), source: 'setting' };
  const fromExtension = await fromPythonExtension(resource, options.startPythonExtension ?? true);
  if (fromExtension) return { path: fromExtension, source: 'python-extension' };
  return { path: process.platform === 'win32' ? 'python' : 'python3', source: 'default' };
}

/** Whether the Python extension is installed (its interpreter picker can then be offered). */
export function hasPythonExtension(): boolean {
  return pythonExtension() !== undefined;
}

function pythonExtension(): vscode.Extension<PythonEnvironmentsApi> | undefined {
  return vscode.extensions.getExtension<PythonEnvironmentsApi>(PYTHON_EXTENSION_ID);
}

/** How long the Python extension may take to start before its interpreter is done without. */
const ACTIVATION_TIMEOUT_MS = 15_000;

/** Fires when the Python extension's interpreter changed, or became known once the extension started. */
const interpreterChanged = new vscode.EventEmitter<void>();
/** The Python extension's own event, listened to from the first time it is asked for. */
let watching: Promise<void> | undefined;
/** An answer was given without the Python extension, which was still starting. */
let answeredWithoutExtension = false;

async function pythonApi(extension = pythonExtension()): Promise<PythonEnvironmentsApi | undefined> {
  if (!extension) return undefined;
  if (extension.isActive) return extension.exports;
  // An extension that never starts must not hold whoever waits for the interpreter.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ACTIVATION_TIMEOUT_MS)));
  try {
    return await Promise.race([Promise.resolve(extension.activate()), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Starts the Python extension if need be and listens to its interpreter changes (once). */
function watchPythonExtension(): Promise<void> {
  watching ??= pythonApi()
    .then((api) => {
      api?.environments?.onDidChangeActiveEnvironmentPath?.(() => interpreterChanged.fire());
      if (answeredWithoutExtension) {
        answeredWithoutExtension = false;
        interpreterChanged.fire();
      }
    })
    .catch(() => undefined);
  return watching;
}

async function fromPythonExtension(resource: vscode.Uri | undefined, start: boolean): Promise<string | undefined> {
  const extension = pythonExtension();
  if (!extension) return undefined;
  if (!extension.isActive && !start) {
    // Asked not to wait: the extension starts meanwhile, and its interpreter is announced then.
    answeredWithoutExtension = true;
    void watchPythonExtension();
    return undefined;
  }
  try {
    const environments = (await pythonApi(extension))?.environments;
    const active = environments?.getActiveEnvironmentPath(resource);
    if (!active?.path) return undefined;
    // The active "path" may be an environment folder; ask for its executable.
    const resolved = await environments?.resolveEnvironment?.(active);
    const executable = resolved?.executable?.uri?.fsPath;
    if (executable) return executable;
    // A bare name it could not resolve is its default (`python`, where no interpreter was picked or
    // found), not a choice: on many systems there is no `python` at all, so python3 stays the default.
    return path.isAbsolute(active.path) ? active.path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Calls `listener` whenever the Python extension's active interpreter changes (the user picked another
 * one), and once it is known after an answer given without it. Nothing happens without the extension.
 */
export function onDidChangePythonInterpreter(listener: () => void): vscode.Disposable {
  if (hasPythonExtension()) void watchPythonExtension();
  return interpreterChanged.event(listener);
}

/**
 * `helmConf` settings as the language server reads them, with `pythonPath` the interpreter the editor
 * uses: the setting with `${workspaceFolder}` and `~` resolved, else the Python extension's. The
 * server's registry and HELM's own verdict then come from the interpreter Run suite starts. In a
 * restricted workspace nothing is changed (the server starts no Python there).
 */
export async function withInterpreter(settings: unknown, resource?: vscode.Uri): Promise<unknown> {
  if (!vscode.workspace.isTrusted || !settings || typeof settings !== 'object') return settings;
  // The server's diagnostics wait for its settings: a Python extension still starting is not waited for
  // (the server is told to read them again once its interpreter is known, see onDidChangePythonInterpreter).
  const interpreter = await resolveInterpreter(resource, { startPythonExtension: false });
  return interpreter.source === 'default' ? settings : { ...settings, pythonPath: interpreter.path };
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
