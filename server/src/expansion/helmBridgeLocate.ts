// Finds the Python helper script from compiled tests (out/…), the bundle (dist/) and an installed .vsix.
import * as fs from 'fs';
import * as path from 'path';

const HELPER_RELATIVE = path.join('server', 'python', 'helm_bridge.py');

/**
 * The helper sits at `<root>/server/python/helm_bridge.py`, where root is the project (tests run from
 * out/server/src/expansion/), or the extension folder (the bundle runs from dist/, the .vsix ships
 * server/python/). Walk up from the running file until it is found.
 */
export function locateHelperScript(startDir: string = __dirname): string | undefined {
  let dir = path.resolve(startDir);
  for (let depth = 0; depth < 8; depth++) {
    const candidate = path.join(dir, HELPER_RELATIVE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** The interpreter's file as the helper would be started with it: a path, or the first match on PATH. */
export function resolveInterpreter(pythonPath: string, cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  if (!pythonPath) return undefined;
  if (pythonPath.includes('/') || pythonPath.includes('\\')) return path.resolve(cwd, pythonPath);
  const exts = process.platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, pythonPath + ext);
      try {
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not in this folder
      }
    }
  }
  return undefined;
}

function statKey(file: string | undefined): string {
  if (!file) return '-';
  try {
    const st = fs.statSync(file);
    return `${file}:${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return `${file}:missing`;
  }
}

/**
 * What must change before an interpreter that had no HELM (or hung) is tried again: the interpreter's
 * file (another one on PATH, a reinstall) and the HELM source folder (a checkout appearing or moving).
 */
export function interpreterFingerprint(pythonPath: string, cwd: string, env: NodeJS.ProcessEnv, helmSourceRoot: string | undefined): string {
  const interpreter = resolveInterpreter(pythonPath, cwd, env);
  const source = helmSourceRoot ? [statKey(helmSourceRoot), statKey(path.join(helmSourceRoot, 'helm'))] : [];
  return [statKey(interpreter), ...source].join('|');
}
