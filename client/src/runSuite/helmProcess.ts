// Starts a HELM program (helm-run, helm-summarize, helm-server) as its own process group, streams its output, and stops the whole tree. No VS Code.
import { spawn, ChildProcess } from 'node:child_process';
import { promises as fs, constants as fsConstants } from 'node:fs';
import * as path from 'node:path';

export interface HelmLaunch {
  /** Full path of the program. */
  program: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** On stop, SIGINT and this long before SIGTERM (SlurmRunner cancels its jobs on KeyboardInterrupt). */
  interruptMs?: number;
}

/** The environment with the interpreter's folder first on PATH, so its `helm-run` (and the others) are found first. */
export function environmentFor(pythonPath: string | undefined, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, PYTHONUNBUFFERED: '1' };
  if (pythonPath && path.isAbsolute(pythonPath)) {
    const pathKey = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
    const dir = path.dirname(pythonPath);
    env[pathKey] = [dir, env[pathKey]].filter(Boolean).join(path.delimiter);
  }
  return env;
}

/** Finds a program on the PATH of `env` (first match), or undefined. */
export async function findOnPath(program: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const pathKey = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  const dirs = (env[pathKey] ?? '').split(path.delimiter).filter(Boolean);
  const names = process.platform === 'win32' ? [`${program}.exe`, `${program}.cmd`, program] : [program];
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        await fs.access(candidate, fsConstants.X_OK);
        const stat = await fs.stat(candidate);
        if (stat.isFile()) return candidate;
      } catch {
        // not here: try the next folder
      }
    }
  }
  return undefined;
}

/** One running HELM program: output callbacks, exit promise, and a stop that reaches its children. */
export class HelmProcess {
  private readonly child: ChildProcess;
  readonly exited: Promise<number>;
  private stopping = false;

  constructor(launch: HelmLaunch, onOutput: (text: string) => void) {
    // detached: a process group of its own, so a stop also reaches what the program started.
    this.child = spawn(launch.program, launch.args, {
      cwd: launch.cwd,
      env: launch.env,
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
    });
    this.child.stdout?.setEncoding('utf8').on('data', onOutput);
    this.child.stderr?.setEncoding('utf8').on('data', onOutput);
    this.exited = new Promise<number>((resolve) => {
      this.child.on('error', (error) => {
        onOutput(`Could not start ${launch.program}: ${error.message}\r\n`);
        resolve(127);
      });
      this.child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + signalNumber(signal) : 1)));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Stops the program and every process of its group: SIGTERM, then SIGKILL if it lingers. With
   * `interruptMs`, the program alone gets SIGINT first and that long to end: Python raises
   * KeyboardInterrupt, so HELM's `finally` blocks run (SlurmRunner cancels its Slurm jobs there).
   */
  async stop(graceMs = 3000, interruptMs = 0): Promise<void> {
    if (this.stopping || this.child.pid === undefined || this.child.exitCode !== null) return;
    this.stopping = true;
    const pid = this.child.pid;
    const ended = (ms: number): Promise<boolean> =>
      Promise.race([this.exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);
    if (interruptMs > 0) {
      signalProcess(pid, 'SIGINT');
      if (await ended(interruptMs)) {
        killGroup(pid, 'SIGKILL');
        return;
      }
    }
    killGroup(pid, 'SIGTERM');
    if (!(await ended(graceMs))) killGroup(pid, 'SIGKILL');
    await this.exited;
    // Children that outlived their parent are still in the group.
    killGroup(pid, 'SIGKILL');
  }
}

function signalProcess(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    if (process.platform === 'win32') process.kill(pid, signal);
    else process.kill(-pid, signal); // negative pid: the whole process group
  } catch {
    // already gone
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return numbers[signal] ?? 0;
}
