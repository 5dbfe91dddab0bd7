// Child processes started in groups of their own (Python helpers, interpreter probes): killed whole, and all killed when this process exits.
import type { ChildProcess, SpawnOptions } from 'child_process';

/** Node's child_process, loaded at the first spawn: the command line's plain check never starts a process. */
function spawn(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  return (require('child_process') as typeof import('child_process')).spawn(command, args, options);
}

const live = new Map<number, ChildProcess>();
let exitHookInstalled = false;

/**
 * Spawns `command` (never through a shell) as the leader of a new process group, so that a kill
 * reaches whatever it started too. The group is killed when this process exits, however it exits
 * short of SIGKILL: a language server told to exit must not leave an interpreter or its children behind.
 */
export function spawnGroup(command: string, args: readonly string[], options: Omit<SpawnOptions, 'shell' | 'detached'>): ChildProcess {
  installExitHook();
  const child = spawn(command, args, { ...options, shell: false, windowsHide: true, detached: process.platform !== 'win32' });
  const pid = child.pid;
  if (pid !== undefined) {
    live.set(pid, child);
    child.once('exit', () => {
      // The leader is gone; what it left in its group (a grandchild holding on) goes with it.
      killGroup(pid);
      live.delete(pid);
    });
  }
  return child;
}

/** SIGKILL to the whole group led by `pid` (on Windows, the process tree); never throws. */
export function killGroup(pid: number): void {
  try {
    if (process.platform === 'win32') {
      spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, shell: false, stdio: 'ignore' }).on('error', () => undefined);
    } else {
      process.kill(-pid, 'SIGKILL');
    }
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Has this process started any child process (through spawnGroup)? */
export function startedAnyProcess(): boolean {
  return exitHookInstalled;
}

/** Kills every group still running (synchronous: it runs in the 'exit' handler too). */
export function killAllGroups(): void {
  for (const pid of [...live.keys()]) {
    killGroup(pid);
    live.delete(pid);
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killAllGroups);
}
