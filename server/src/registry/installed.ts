// Finds the `helm` package of a Python interpreter with one short `python -c` (no shell, a timeout that kills its process group, HELM not imported).
import type { ChildProcess } from 'child_process';
import { killGroup, spawnGroup } from '../common/processGroups';

export interface InstalledHelm {
  /** The `helm` package folder (its parent is the folder scanHelmSource reads). */
  helmDir?: string;
  /** `crfm-helm`'s version from importlib.metadata, when installed as a distribution. */
  version?: string;
  /** Why no HELM was found (interpreter missing, no `helm` package, timeout…). */
  error?: string;
}

// find_spec locates the package without running HELM's own imports; metadata.version reads the dist-info only.
const PROBE = [
  'import importlib.util as u, json',
  's = u.find_spec("helm")',
  'v = None',
  'try:',
  '    import importlib.metadata as m; v = m.version("crfm-helm")',
  'except Exception:',
  '    pass',
  'p = list(s.submodule_search_locations or []) if s else []',
  'print(json.dumps({"path": p[0] if p else None, "version": v}))',
].join('\n');

/**
 * Runs the interpreter once and reports where its `helm` package is; never throws. The probe runs in a
 * process group of its own: a timeout kills it with whatever it started (an interpreter that is a
 * wrapper script, say), and so does this process's exit.
 */
export function probeInstalledHelm(pythonPath: string, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<InstalledHelm> {
  const python = pythonPath || 'python3';
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: InstalledHelm): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    let child: ChildProcess;
    try {
      child = spawnGroup(python, ['-c', PROBE], { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      resolve({ error: `Cannot run ${python}: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    const timer = setTimeout(() => {
      if (child.pid !== undefined) killGroup(child.pid);
      settle({ error: `${python} did not answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on('error', (err: NodeJS.ErrnoException) => {
      settle({ error: err.code === 'ENOENT' ? `Python interpreter not found: ${python}` : `Cannot run ${python}: ${err.message}` });
    });
    child.on('close', (code) => {
      if (code !== 0) {
        settle({ error: `${python} failed: ${(stderr.trim() || `exit code ${code}`).split('\n').pop()}` });
        return;
      }
      try {
        const parsed = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { path: string | null; version: string | null };
        if (!parsed.path) settle({ error: `No HELM (\`helm\` package) in ${python}` });
        else settle({ helmDir: parsed.path, version: parsed.version ?? undefined });
      } catch {
        settle({ error: `Unexpected answer from ${python}: ${stdout.trim().slice(0, 200)}` });
      }
    });
  });
}

/** The `helm` package folder of `pythonPath`, or undefined (missing interpreter, no HELM). */
export async function findInstalledHelm(pythonPath: string, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<string | undefined> {
  return (await probeInstalledHelm(pythonPath, options)).helmDir;
}
