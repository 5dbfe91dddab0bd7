// `helm-conf check FILE…`: every diagnostic of each file, one line each, or as JSON.
import type { HelmDiagnostic } from '../common/diagnostic';
import { LineIndex } from '../common/span';
import type { Registry } from '../registry/types';
import { parseConf } from '../parser/index';
import { validate } from '../services/validation';
import type { RuleSeverity } from '../common/protocol';
import type { CliIO } from './io';

export interface CheckedDiagnostic {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  endLine: number;
  endColumn: number;
  severity: HelmDiagnostic['severity'];
  code: string;
  message: string;
}

export interface CheckOptions {
  format: 'text' | 'json';
  rules: Record<string, RuleSeverity>;
  modelsToRun: string[];
  /** Diagnostics below this severity are left out. */
  minSeverity: HelmDiagnostic['severity'];
}

const RANK: Record<HelmDiagnostic['severity'], number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** Diagnostics of one document, with 1-based positions, in document order. */
export function checkText(file: string, text: string, registry: Registry, options: CheckOptions): CheckedDiagnostic[] {
  const conf = parseConf(text);
  const lines = new LineIndex(text);
  const diagnostics = validate(conf, registry, { rules: options.rules, modelsToRun: options.modelsToRun });
  return diagnostics
    .filter((d) => RANK[d.severity] <= RANK[options.minSeverity])
    .map((d) => {
      const start = lines.positionAt(d.span.start);
      const end = lines.positionAt(d.span.end);
      return {
        file,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        severity: d.severity,
        code: d.code,
        message: d.message,
      };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

export function formatCheckLine(d: CheckedDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`;
}

/** Runs the check over files; returns the exit code: 2 when a file is unreadable, 1 on errors, else 0. */
export function runCheck(files: string[], registry: Registry, options: CheckOptions, io: CliIO): number {
  const all: CheckedDiagnostic[] = [];
  let unreadable = false;
  for (const file of files) {
    let text: string;
    try {
      text = io.readFile(file);
    } catch (err) {
      io.stderr(`helm-conf: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      unreadable = true;
      continue;
    }
    const found = checkText(file, text, registry, options);
    all.push(...found);
    if (options.format === 'text') for (const d of found) io.stdout(formatCheckLine(d) + '\n');
  }
  const errors = all.filter((d) => d.severity === 'error').length;
  if (options.format === 'json') io.stdout(JSON.stringify(all, null, 2) + '\n');
  else {
    const warnings = all.filter((d) => d.severity === 'warning').length;
    const others = all.length - errors - warnings;
    io.stderr(`${files.length} file${files.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${others} other${others === 1 ? '' : 's'}\n`);
  }
  if (unreadable) return 2;
  return errors > 0 ? 1 : 0;
}
