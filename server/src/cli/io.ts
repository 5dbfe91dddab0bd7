// The command line's window on the world, so that commands run the same in tests and in a terminal.
import * as fs from 'fs';
import { readUserFile } from '../common/userFiles';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  cwd: string;
  /** Resolves once stdout has taken what was written (at once when nothing waits), so that output can be streamed. */
  drained(): Promise<void>;
}

export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // A FIFO, a device or an oversized file is refused with the reason, which the commands print.
  readFile: (path) => {
    const file = readUserFile(path);
    if (!file.ok) throw new Error(file.problem);
    return file.text;
  },
  writeFile: (path, text) => fs.writeFileSync(path, text, 'utf8'),
  cwd: process.cwd(),
  drained: () => (process.stdout.writableNeedDrain ? new Promise((resolve) => process.stdout.once('drain', () => resolve())) : Promise.resolve()),
};
