// GitHub Actions workflow commands (`::error file=…,line=…::message`), so that problems show on a pull request's lines.
import type { Severity } from '../common/diagnostic';

export interface Annotation {
  /** Relative to the repository root (the current folder), with `/`. */
  file: string;
  /** 1-based; `endColumn` is exclusive, as everywhere in the command line's output. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  title: string;
  message: string;
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** As @actions/core escapes a command's message. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As @actions/core escapes a property value (also `:` and `,`, which separate properties). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line. Columns only on a one-line range (GitHub refuses them across lines); its endColumn is inclusive. */
export function workflowCommand(a: Annotation): string {
  const props: Array<[string, string | number]> = [['file', a.file], ['line', a.line]];
  if (a.endLine === a.line) props.push(['col', a.column], ['endLine', a.endLine], ['endColumn', Math.max(a.column, a.endColumn - 1)]);
  else props.push(['endLine', a.endLine]);
  props.push(['title', a.title]);
  return `::${COMMAND[a.severity]} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(a.message)}`;
}
