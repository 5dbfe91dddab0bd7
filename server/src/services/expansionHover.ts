// Markdown that shows what run entries expand to: the hover on a description and the preview of a whole file.
import type { ExpansionFilters } from '../common/protocol';
import type { ConfFile } from '../parser/types';
import type { StaticExpansion } from '../expansion/staticExpansion';

/** HELM's own answer for one entry (the bridge's result has this shape). */
export type ExactResult = { ok: true; runSpecs: ReadonlyArray<{ name: string }> } | { ok: false; error: string };

/** Names listed before the rest is collapsed into "and N more". */
export const SHOWN_NAMES = 12;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const code = (s: string): string => '`' + s.replace(/`/g, "'") + '`';

function nameList(names: ReadonlyArray<{ name: string; approximate?: boolean }>): string[] {
  const lines = names.slice(0, SHOWN_NAMES).map((n) => `- ${code(n.name)}${n.approximate ? ' (approximate)' : ''}`);
  if (names.length > SHOWN_NAMES) lines.push(`- … and ${names.length - SHOWN_NAMES} more`);
  return lines;
}

/** The hover text for one entry: HELM's names when given, else the static ones. */
export function describeExpansion(expansion: StaticExpansion, exact?: ExactResult): string {
  if (exact) {
    if (!exact.ok) return `**HELM refuses this entry** (exact, from HELM)\n\n${code(exact.error)}`;
    const head = `**${plural(exact.runSpecs.length, 'RunSpec')}** (exact, from HELM)`;
    return [head, '', ...nameList(exact.runSpecs)].join('\n');
  }
  if (expansion.filteredOut) return '**0 RunSpecs** (static): the entry is dropped by `--priority`.';
  if (expansion.error) return `**HELM would refuse this entry** (static)\n\n${code(expansion.error)}`;
  const n = expansion.runSpecs.length;
  const head = `**${plural(n, 'RunSpec')}** (static${expansion.approximate ? ', approximate' : ''})`;
  const lines = [head, ''];
  if (n === 0) {
    lines.push(
      expansion.unfilteredCount > 0
        ? `All ${plural(expansion.unfilteredCount, 'RunSpec')} are dropped by the filters.`
        : 'HELM makes no RunSpec of it (There were no RunSpecs).',
    );
  }
  lines.push(...nameList(expansion.runSpecs));
  const reasons = [...new Set(expansion.runSpecs.map((r) => r.reason).filter((r): r is string => !!r))];
  if (reasons.length) lines.push('', `Approximate: ${reasons.slice(0, 3).join('; ')}.`);
  if (expansion.assumesUnsetEnv?.length) lines.push('', `Assumes ${expansion.assumesUnsetEnv.map(code).join(', ')} unset.`);
  return lines.join('\n');
}

/** The filters as helm-run's flags, for the preview's header. */
export function describeFilters(filters: ExpansionFilters): string[] {
  return [
    `Models to run: ${filters.modelsToRun?.length ? filters.modelsToRun.join(' ') : 'all (no --models-to-run)'}`,
    `Priority: ${filters.priority ? `<= ${filters.priority}` : 'all (no --priority)'}`,
    `Groups to run: ${filters.groupsToRun?.length ? filters.groupsToRun.join(' ') : 'all (no --groups-to-run)'}`,
  ];
}

const entries = (n: number): string => `${n} ${n === 1 ? 'entry' : 'entries'}`;

/**
 * The whole file's expansion as a markdown document for a read-only view: the filters, the total,
 * then per entry a `# line N: description` heading and one RunSpec name per line (easy to copy).
 */
export function renderExpansionPreview(conf: ConfFile, expansions: readonly StaticExpansion[], filters: ExpansionFilters): string {
  const total = expansions.reduce((n, e) => n + e.runSpecs.length, 0);
  const approximate = expansions.filter((e) => e.approximate).length;
  const errors = expansions.filter((e) => e.error).length;
  const dropped = expansions.filter((e) => e.filteredOut).length;
  const summary = [`Total: ${plural(total, 'RunSpec')} from ${entries(expansions.length)}`];
  if (dropped) summary.push(`${dropped} dropped by --priority`);
  if (errors) summary.push(`${entries(errors)} HELM would refuse`);
  if (approximate) summary.push(`${entries(approximate)} approximate`);
  const out = ['<!-- RunSpecs by static expansion -->', ...describeFilters(filters).map((l) => `${l}  `), summary.join(', '), ''];
  for (const e of expansions) {
    const entry = conf.entries[e.entryIndex];
    const line = entry ? conf.lines.positionAt(entry.node.span.start).line + 1 : 0;
    out.push(`# line ${line}: ${e.description}`, '');
    if (e.filteredOut) out.push('(dropped by --priority)');
    else if (e.error) out.push(`(error: ${e.error})`);
    else if (e.runSpecs.length === 0) out.push(e.unfilteredCount > 0 ? '(0 RunSpecs: all dropped by the filters)' : '(0 RunSpecs)');
    else out.push(...e.runSpecs.map((r) => `${r.name}${r.approximate ? '  (approximate)' : ''}`));
    out.push('');
  }
  return out.join('\n');
}
