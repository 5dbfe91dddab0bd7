// Files that are not regular files, as a cloned repository can hold them: a symlink to /dev/zero, a FIFO.
import { spawnSync } from 'child_process';
import * as fs from 'fs';

/** A symlink to /dev/zero at `file`. */
export function linkToDevZero(file: string): void {
  fs.symlinkSync('/dev/zero', file);
}

/** A FIFO at `file` (mkfifo); false where there is no mkfifo. */
export function makeFifo(file: string): boolean {
  const r = spawnSync('mkfifo', [file]);
  return r.status === 0;
}

/** Special files exist here (Linux, macOS); the tests using them skip elsewhere. */
export const specialFilesSupported = process.platform !== 'win32' && fs.existsSync('/dev/zero');
