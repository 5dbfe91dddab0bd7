// A HELM program's log file read as HELM wrote it: the last traceback (how helm-summarize or helm-server stopped). No VS Code.
import { promises as fs } from 'node:fs';
import { HelmRunLogReader, LoggedException } from './helmRunLog';

/** The whole log file read, or undefined when it cannot be read. */
export async function readLogFile(logFile: string): Promise<HelmRunLogReader | undefined> {
  let text: string;
  try {
    text = await fs.readFile(logFile, 'utf8');
  } catch {
    return undefined;
  }
  const reader = new HelmRunLogReader();
  reader.push(text);
  reader.end();
  return reader;
}

/** The exception line of the last traceback in a log file, or undefined (none, or the file is unreadable). */
export async function lastTracebackOf(logFile: string): Promise<LoggedException | undefined> {
  return (await readLogFile(logFile))?.lastTraceback;
}
