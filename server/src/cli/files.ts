// The conf files named on the command line: a folder stands for the run_entries*.conf and run_specs*.conf files under it.
import * as fs from 'fs';
import * as path from 'path';
import type { DecodedText } from '../common/userFiles';
import type { CliIO } from './io';

/** The names HELM's conf files have (and the extension's language is registered for). */
const CONF_NAME = /^(run_entries|run_specs).*\.conf$/;

/**
 * Each argument, with a folder replaced by the conf files under it (recursively, sorted, skipping
 * node_modules and dot folders). A folder without any is reported through `warn`.
 */
export function expandFileArgs(args: readonly string[], io: Pick<CliIO, 'cwd'>, warn: (message: string) => void): string[] {
  const out: string[] = [];
  for (const arg of args) {
    let isDir = false;
    try {
      isDir = fs.statSync(path.resolve(io.cwd, arg)).isDirectory();
    } catch {
      // Not there: reading it reports the error.
    }
    if (!isDir) {
      out.push(arg);
      continue;
    }
    const found = confFilesUnder(path.resolve(io.cwd, arg)).map((rel) => path.join(arg, rel));
    if (found.length === 0) warn(`${arg}: no run_entries*.conf or run_specs*.conf file in this folder`);
    out.push(...found);
  }
  return out;
}

/** Paths relative to `dir`, sorted. */
function confFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const r = rel ? path.join(rel, d.name) : d.name;
      if (d.isDirectory()) {
        if (!d.name.startsWith('.') && d.name !== 'node_modules') walk(r);
      } else if (CONF_NAME.test(d.name)) out.push(r);
    }
  };
  walk('');
  return out;
}

/** The line that says a file cannot be read, with the reason (an errno code, or why it is not read: a FIFO, too large). */
export function cannotReadLine(command: string, file: string, err: unknown): string {
  const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  // A name that is not UTF-8 reaches Node with U+FFFD in it (from a folder or the command line): no such file.
  const name = reason === 'ENOENT' && file.includes('\ufffd') ? ' (its name is not UTF-8, and Node cannot open a file by such a name: rename it)' : '';
  return `helm-conf ${command}: cannot read ${file}: ${reason}${name}\n`;
}

/** Reads each file; an unreadable one is reported on stderr and left out. */
export function readFiles(files: readonly string[], io: Pick<CliIO, 'readFile' | 'stderr'>, command: string): { read: Array<{ file: string } & DecodedText>; unreadable: number } {
  const read: Array<{ file: string } & DecodedText> = [];
  let unreadable = 0;
  for (const file of files) {
    try {
      read.push({ file, ...io.readFile(file) });
    } catch (err) {
      io.stderr(cannotReadLine(command, file, err));
      unreadable++;
    }
  }
  return { read, unreadable };
}
