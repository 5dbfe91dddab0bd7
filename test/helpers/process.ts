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
