// The last traceback in a HELM program's log file (how helm-summarize or helm-server stopped). No VS Code.
import { promises as fs } from 'node:fs';
import { HelmRunLogReader, LoggedException } from './helmRunLog';

/** The exception line of the last traceback in a log file, or undefined (none, or the file is unreadable). */
export async function lastTracebackOf(logFile: string): Promise<LoggedException | undefined> {
  let text: string;
  try {
    text = await fs.readFile(logFile, 'utf8');
  } catch {
    return undefined;
  }
  const reader = new HelmRunLogReader();
  reader.push(text);
  reader.end();
  return reader.lastTraceback;
}
