// A conf file holding one run entry: how "Run this entry" keeps the entry's groups (pure, no VS Code).
import { createHash } from 'crypto';

/**
 * A HOCON quoted string whose value, as pyhocon decodes it, is `value`. pyhocon decodes `\\`, `\"`,
 * `\n`, `\r` and `\t`; a literal tab would become spaces (pyparsing expands tabs before parsing).
 */
export function hoconQuoted(value: string): string {
  const escaped = value.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c);
  return `"${escaped}"`;
}

/**
 * The text of a conf file with the one entry. helm-run's `--run-entries` takes descriptions only, so an
 * entry with `groups` run that way would lose the `,groups=…` its RunSpec names get from the file.
 */
export function entryConfText(description: string, groups: readonly string[], source: string): string {
  // A line break in the file's name would end the comment.
  return entriesConfText([{ description, groups }], `# The entry of ${source.replace(/[\r\n]/g, ' ')} that "Run this entry" runs, with its groups.`);
}

/** The text of a conf file with these entries (a section that "Run section" runs), each with its groups. */
export function sectionConfText(entries: ReadonlyArray<{ description: string; groups?: readonly string[] }>, source: string): string {
  return entriesConfText(entries, `# ${entries.length} entries of ${source.replace(/[\r\n]/g, ' ')} that "Run section" runs, with their groups.`);
}

function entriesConfText(entries: ReadonlyArray<{ description: string; groups?: readonly string[] }>, comment: string): string {
  const line = (e: { description: string; groups?: readonly string[] }): string =>
    `  {description: ${hoconQuoted(e.description)}, priority: 1${e.groups ? `, groups: [${e.groups.map(hoconQuoted).join(', ')}]` : ''}}`;
  return [comment, 'entries: [', ...entries.map(line), ']', ''].join('\n');
}

/** A file name for that text: the same entry gives the same file (a task run again finds it). */
export function entryConfName(text: string): string {
  return `run_entries_entry_${createHash('sha256').update(text).digest('hex').slice(0, 12)}.conf`;
}
