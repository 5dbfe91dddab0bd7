// Runs a program with an argument list (never a shell) and collects its output; no VS Code.
import { execFile } from 'node:child_process';

export interface ProgramResult {
  /** The exit code; 127 when the program could not be started; -1 when it was stopped for taking too long. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface ProgramOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Stop the program after this long (default 15 s). */
  timeoutMs?: number;
}

/** Runs `program args…` and resolves with its exit code and output; never rejects. */
export function runProgram(program: string, args: readonly string[], options: ProgramOptions = {}): Promise<ProgramResult> {
  return new Promise((resolve) => {
    execFile(
      program,
      [...args],
      { env: options.env, cwd: options.cwd, timeout: options.timeoutMs ?? 15000, shell: false, windowsHide: true, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve({ code: 0, stdout, stderr });
        const e = error as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
        if (typeof e.code === 'string') return resolve({ code: 127, stdout, stderr: stderr || `${program}: ${e.message}` });
        resolve({ code: e.killed ? -1 : typeof e.code === 'number' ? e.code : 1, stdout, stderr });
      },
    );
  });
}
