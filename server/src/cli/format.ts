// `helm-conf format [--check] FILE|FOLDER…`: rewrites conf files in HELM's layout, or (--check) lists those that would change.
import { badByte, type NotUtf8 } from '../common/userFiles';
import { parseConf } from '../parser/index';
import { applyTextEdits, formatConf, type FormatOptions } from '../services/formatting';
import { lastOf, parseArgs, wantsHelp } from './args';
import { regionOf, type OutputFormat, FORMATS } from './check';
import { expandFileArgs, readFiles } from './files';
import { workflowCommand } from './github';
import type { CliIO } from './io';
import { sarifLog, type SarifFinding } from './sarif';

export const FORMAT_USAGE = `Usage: helm-conf format FILE|FOLDER... [options]

Rewrites each conf file in the layout of HELM's own files: \`entries: [\`, one run entry per line
(\`{description: "…", priority: N}\`), two-space indent, comments where they were. What pyhocon reads
does not change; a file pyhocon cannot read is left as it is, with the reason.

Options:
  --check                   change nothing: list the files that would change, exit 1 if any
  --quote-keys STYLE        bare (default: \`description: …\`) or quoted (\`"description": …\`)
  --format FORMAT           with --check: text (default), json, sarif or github
  -h, --help                show this help

Exit status: 0 done (or, with --check, nothing to change), 1 a file would change or could not be
formatted, 2 usage error or unreadable file.
`;

/** What formatting does to one file. */
export interface FormatOutcome {
  file: string;
  status: 'unchanged' | 'changed' | 'refused';
  /** Why a file was not formatted. */
  reason?: string;
  /** 1-based place of the first change, or of the refusal. */
  line?: number;
  column?: number;
}

/**
 * The unchanged, changed or refused file, with its formatted text when it changes. `notUtf8`: where the
 * file's bytes stop being UTF-8; such a file is refused (its text holds U+FFFD where those bytes were:
 * written back, they would be lost).
 */
export function formatText(file: string, text: string, options: FormatOptions, notUtf8?: NotUtf8): FormatOutcome & { formatted?: string; findings: SarifFinding[] } {
  const conf = parseConf(text);
  const result: ReturnType<typeof formatConf> = notUtf8
    ? {
        ok: false,
        reason: `not formatted: byte ${badByte(notUtf8)} here is not UTF-8, and formatting would write it back as U+FFFD (helm-run cannot read the file either). Save the file as UTF-8 first.`,
        span: { start: notUtf8.offset, end: notUtf8.offset + 1 },
      }
    : formatConf(conf, options);
  if (!result.ok) {
    const r = regionOf(conf.lines, result.span);
    const message = result.reason.charAt(0).toUpperCase() + result.reason.slice(1);
    return { file, status: 'refused', reason: result.reason, line: r.line, column: r.column, findings: [{ file, ...r, code: 'format', severity: 'error', message }] };
  }
  if (result.edits.length === 0) return { file, status: 'unchanged', findings: [] };
  // Where the text first differs (an edit often starts with a line end it keeps).
  const e0 = result.edits[0];
  const old = text.slice(e0.span.start, e0.span.end);
  let same = 0;
  while (same < old.length && same < e0.newText.length && old[same] === e0.newText[same]) same++;
  const first = regionOf(conf.lines, { start: e0.span.start + same, end: e0.span.start + same });
  const edits = result.edits.map((e) => ({ ...regionOf(conf.lines, e.span), newText: e.newText }));
  const message = `Not in HELM's layout: \`helm-conf format\` changes ${edits.length === 1 ? 'this place' : `this place and ${edits.length - 1} more`}.`;
  return {
    file,
    status: 'changed',
    line: first.line,
    column: first.column,
    formatted: applyTextEdits(text, result.edits),
    findings: [{ file, ...first, code: 'format', severity: 'error', message, fixes: [{ title: 'Format the file', edits }] }],
  };
}

const FORMAT_RULE = { code: 'format', severity: 'error' as const, description: "The file is not in the layout of HELM's own files (`helm-conf format` rewrites it; what pyhocon reads stays the same)." };

export async function runFormatCommand(args: string[], io: CliIO): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout(FORMAT_USAGE);
    return 0;
  }
  const usage = (message: string): number => {
    io.stderr(`helm-conf format: ${message}\n\n${FORMAT_USAGE}`);
    return 2;
  };
  const parsed = parseArgs(args, new Set(), new Set(['format', 'quote-keys']), new Set(['check']));
  if (typeof parsed === 'string') return usage(parsed);
  const check = parsed.flags.has('check');
  const quoteKeys = lastOf(parsed.flags, 'quote-keys') ?? 'bare';
  if (quoteKeys !== 'bare' && quoteKeys !== 'quoted') return usage(`--quote-keys must be bare or quoted, not ${JSON.stringify(quoteKeys)}`);
  const format = lastOf(parsed.flags, 'format') ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) return usage(`--format must be ${FORMATS.join(', ')}; not ${JSON.stringify(format)}`);
  if (format !== 'text' && !check) return usage('--format goes with --check');
  if (parsed.files.length === 0) return usage('no FILE given');
  const files = expandFileArgs(parsed.files, io, (m) => io.stderr(`helm-conf: ${m}\n`));
  const { read, unreadable } = readFiles(files, io, 'format');
  const outcomes = read.map(({ file, text, notUtf8 }) => formatText(file, text, { quoteKeys }, notUtf8));
  for (const o of outcomes) {
    if (o.status === 'refused') io.stderr(`${o.file}:${o.line}:${o.column}: ${o.reason}\n`);
    else if (o.status === 'changed' && !check && o.formatted !== undefined) io.writeFile(o.file, o.formatted);
  }
  report(outcomes, check ? (format as OutputFormat) : 'text', check, io);
  if (unreadable || files.length === 0) return 2;
  return outcomes.some((o) => o.status === 'refused' || (check && o.status === 'changed')) ? 1 : 0;
}

function report(outcomes: ReturnType<typeof formatText>[], format: OutputFormat, check: boolean, io: CliIO): void {
  const changed = outcomes.filter((o) => o.status === 'changed');
  if (format === 'json') {
    io.stdout(JSON.stringify(outcomes.map(({ formatted: _f, findings: _x, ...o }) => o), null, 2) + '\n');
    return;
  }
  if (format === 'sarif') {
    io.stdout(JSON.stringify(sarifLog(outcomes.flatMap((o) => o.findings), [FORMAT_RULE], io.cwd), null, 2) + '\n');
    return;
  }
  if (format === 'github') {
    for (const f of outcomes.flatMap((o) => o.findings)) io.stdout(workflowCommand({ ...f, file: f.file.split('\\').join('/'), title: 'helm-conf format' }) + '\n');
  } else if (check) {
    for (const o of changed) io.stdout(`${o.file}:${o.line}:${o.column}: would be reformatted\n`);
  } else {
    for (const o of changed) io.stdout(`formatted ${o.file}\n`);
  }
  const refused = outcomes.filter((o) => o.status === 'refused').length;
  const n = outcomes.length;
  const verb = check ? 'would be reformatted' : 'reformatted';
  io.stderr(`${n} file${n === 1 ? '' : 's'}: ${changed.length} ${verb}, ${n - changed.length - refused} already formatted${refused ? `, ${refused} left as written (reason above)` : ''}\n`);
}
