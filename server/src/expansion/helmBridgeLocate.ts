// Where the helper and its interpreter are and how the helper is started: the script (compiled tests, the bundle, a .vsix), the interpreter on PATH, the arguments and environment.
import * as fs from 'fs';
import * as path from 'path';
import type { HelmBridgeOptions } from './helmBridgeTypes';

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

/** The folder to put on PYTHONPATH for a HELM checkout: the one holding the `helm` package. */
export function helmSourceRoot(checkout: string): string | undefined {
  for (const candidate of [path.join(checkout, 'src'), checkout]) {
    if (fs.existsSync(path.join(candidate, 'helm'))) return candidate;
  }
  return undefined;
}

/** The helper's arguments, one each as `--name=value`: a value that starts with `-` is never read as an option. */
export function helperArgs(options: Pick<HelmBridgeOptions, 'localPath' | 'plugins'>, workDir: string): string[] {
  const args = [`--local-path=${options.localPath || 'prod_env'}`, `--work-dir=${workDir}`];
  for (const plugin of options.plugins) if (plugin) args.push(`--plugin=${plugin}`);
  return args;
}

/** The helper's environment: ours, the caller's additions, the HELM checkout first on PYTHONPATH, unbuffered UTF-8 output. */
export function helperEnv(options: Pick<HelmBridgeOptions, 'env' | 'helmSourcePath'>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...(options.env ?? {}) };
  const source = options.helmSourcePath ? helmSourceRoot(options.helmSourcePath) : undefined;
  if (source) env.PYTHONPATH = env.PYTHONPATH ? `${source}${path.delimiter}${env.PYTHONPATH}` : source;
  env.PYTHONUNBUFFERED = '1';
  env.PYTHONIOENCODING = 'utf-8';
  return env;
}
