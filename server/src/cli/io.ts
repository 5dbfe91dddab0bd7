// The command line's window on the world, so that commands run the same in tests and in a terminal.
import * as fs from 'fs';
import { readUserFile, type DecodedText } from '../common/userFiles';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The file's text, and where its bytes stop being UTF-8 if they do; throws when it cannot be read. */
  readFile(path: string): DecodedText;
  writeFile(path: string, text: string): void;
  cwd: string;
  /** Resolves once stdout has taken what was written (at once when nothing waits), so that output can be streamed. */
  drained(): Promise<void>;
}

interface OutputChannel {
  write(text: string): void;
  /** process.stdout or process.stderr once the channel went through it, else undefined. */
  stream(): NodeJS.WriteStream | undefined;
}

/**
 * Standard output or error written straight to its descriptor: Node builds process.stdout/stderr (and
 * loads the stream and socket modules) at first use, a good part of a one-file check's start. A write
 * the descriptor does not take at once (a non-blocking pipe that is full) goes, with everything after
 * it, through the stream as before: it waits for the reader, or reports the error. A reader that is
 * gone (EPIPE: `… | head`) gets nothing more, and no error: the command ends with its own status.
 */
function outputChannel(fd: 1 | 2, open: () => NodeJS.WriteStream): OutputChannel {
  let stream: NodeJS.WriteStream | undefined;
  let closed = false;
  return {
    write(text) {
      if (closed) return;
      if (stream) {
        stream.write(text);
        return;
      }
      const bytes = Buffer.from(text, 'utf8');
      let done = 0;
      try {
        while (done < bytes.length) done += fs.writeSync(fd, bytes, done);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EPIPE') {
          closed = true;
          return;
        }
        stream = open();
        stream.on('error', (e: NodeJS.ErrnoException) => {
          if (e.code !== 'EPIPE') throw e;
          closed = true;
        });
        stream.write(bytes.subarray(done));
      }
    },
    stream: () => stream,
  };
}

const stdout = outputChannel(1, () => process.stdout);
const stderr = outputChannel(2, () => process.stderr);

/** Has every write so far gone straight to its descriptor (nothing waits in a stream)? */
export function allOutputWritten(): boolean {
  return stdout.stream() === undefined && stderr.stream() === undefined;
}

export const processIO: CliIO = {
  stdout: (text) => stdout.write(text),
  stderr: (text) => stderr.write(text),
  // A FIFO, a device or an oversized file is refused with the reason, which the commands print.
  readFile: (path) => {
    const file = readUserFile(path);
    if (!file.ok) throw new Error(file.problem);
    return file.notUtf8 ? { text: file.text, notUtf8: file.notUtf8 } : { text: file.text };
  },
  writeFile: (path, text) => fs.writeFileSync(path, text, 'utf8'),
  cwd: process.cwd(),
  drained: () => {
    const out = stdout.stream();
    return out?.writableNeedDrain ? new Promise((resolve) => out.once('drain', () => resolve())) : Promise.resolve();
  },
};
