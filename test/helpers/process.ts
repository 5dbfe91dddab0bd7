// Whether a test's child process still runs: alive and not a zombie (a killed grandchild may wait
// for a reaper that never comes in a container).
import * as fs from 'fs';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    // No /proc off Linux: signal 0 got through, so it runs; on Linux it has just gone.
    return process.platform !== 'linux';
  }
}

/** The resident memory of a process in bytes (Linux /proc), or undefined. */
export function residentBytes(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Kills the process (SIGKILL) when its resident memory passes `maxBytes` or when `ms` pass, so that a
 * regression (a read of /dev/zero that never ends) fails the test instead of filling the machine.
 * Returns the stop function and what it did.
 */
export function watchdog(pid: number, maxBytes: number, ms: number): { stop(): void; verdict(): string | undefined } {
  let verdict: string | undefined;
  const kill = (why: string): void => {
    verdict ??= why;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const poll = setInterval(() => {
    const rss = residentBytes(pid);
    if (rss !== undefined && rss > maxBytes) kill(`killed: resident memory ${(rss / 2 ** 20).toFixed(0)} MiB passed ${(maxBytes / 2 ** 20).toFixed(0)} MiB`);
  }, 20);
  const timer = setTimeout(() => kill(`killed: still running after ${ms} ms`), ms);
  return {
    stop: () => {
      clearInterval(poll);
      clearTimeout(timer);
    },
    verdict: () => verdict,
  };
}
