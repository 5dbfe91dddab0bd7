// Finds the `helm` package of a Python interpreter with one short `python -c` (no shell, timeout, HELM not imported).
import { execFile } from 'child_process';

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

/** Runs the interpreter once and reports where its `helm` package is; never throws. */
export function probeInstalledHelm(pythonPath: string, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<InstalledHelm> {
  const python = pythonPath || 'python3';
  return new Promise((resolve) => {
    try {
      execFile(python, ['-c', PROBE], { timeout: options.timeoutMs ?? 10_000, env: options.env ?? process.env, windowsHide: true }, (err, stdout, stderr) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') resolve({ error: `Python interpreter not found: ${python}` });
          else if ((err as { killed?: boolean }).killed) resolve({ error: `${python} did not answer within ${(options.timeoutMs ?? 10_000) / 1000} s` });
          else resolve({ error: `${python} failed: ${(stderr || err.message).trim().split('\n').pop()}` });
          return;
        }
        try {
          const parsed = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { path: string | null; version: string | null };
          if (!parsed.path) resolve({ error: `No HELM (\`helm\` package) in ${python}` });
          else resolve({ helmDir: parsed.path, version: parsed.version ?? undefined });
        } catch {
          resolve({ error: `Unexpected answer from ${python}: ${stdout.trim().slice(0, 200)}` });
        }
      });
    } catch (err) {
      resolve({ error: `Cannot run ${python}: ${err instanceof Error ? err.message : String(err)}` });
    }
  });
}

/** The `helm` package folder of `pythonPath`, or undefined (missing interpreter, no HELM). */
export async function findInstalledHelm(pythonPath: string, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<string | undefined> {
  return (await probeInstalledHelm(pythonPath, options)).helmDir;
}
