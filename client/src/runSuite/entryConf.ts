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
  return [
    // A line break in the file's name would end the comment.
    `# The entry of ${source.replace(/[\r\n]/g, ' ')} that "Run this entry" runs, with its groups.`,
    'entries: [',
    `  {description: ${hoconQuoted(description)}, priority: 1, groups: [${groups.map(hoconQuoted).join(', ')}]}`,
    ']',
    '',
  ].join('\n');
}

/** A file name for that text: the same entry gives the same file (a task run again finds it). */
export function entryConfName(text: string): string {
  return `run_entries_entry_${createHash('sha256').update(text).digest('hex').slice(0, 12)}.conf`;
}
