// The text of "Show expanded RunSpecs" and the chunks of a conf file it is expanded in. Pure, no VS Code.
import type { ExpandedEntry, ExpansionFilters } from '../../server/src/common/protocol';

/** Lines of the conf file in the first request (shown at once), then in each later one. */
export const FIRST_CHUNK_LINES = 40;
export const CHUNK_LINES = 200;

/** The line ranges [from, to) to ask for, one after the other, for a file of `lineCount` lines. */
export function chunkRanges(lineCount: number, first = FIRST_CHUNK_LINES, size = CHUNK_LINES): Array<[number, number]> {
  const ranges: Array<[number, number]> = [[0, Math.min(first, lineCount)]];
  for (let from = first; from < lineCount; from += size) ranges.push([from, Math.min(from + size, lineCount)]);
  return ranges;
}

/** The text shown for an expansion: one block per entry, its RunSpec names below it; `pending`: what is still coming. */
export function formatExpansion(confName: string, entries: readonly ExpandedEntry[], filters: ExpansionFilters, pending?: string): string {
  const lines: string[] = [];
  const filterText = [
    filters.modelsToRun?.length ? `--models-to-run ${filters.modelsToRun.join(' ')}` : '',
    filters.priority ? `--priority ${filters.priority}` : '',
    filters.groupsToRun?.length ? `--groups-to-run ${filters.groupsToRun.join(' ')}` : '',
  ].filter(Boolean);
  const total = entries.reduce((n, e) => n + e.runSpecs.length, 0);
  const count = pending ? `${total} so far (${pending})` : String(total);
  lines.push(`# RunSpecs of ${confName}: ${count}${filterText.length ? ` (${filterText.join(' ')})` : ''}`);
  for (const entry of entries) {
    const how = entry.exact ? 'from HELM' : entry.approximate ? 'static, approximate' : 'static';
    const n = entry.filteredOut ? 'filtered out' : `${entry.runSpecs.length} RunSpec${entry.runSpecs.length === 1 ? '' : 's'}`;
    lines.push('', `# line ${entry.line + 1}: ${entry.description}  (${n}, ${how})`);
    if (entry.error) lines.push(`#   ${entry.error}`);
    if (!entry.filteredOut) for (const name of entry.runSpecs) lines.push(name);
  }
  return lines.join('\n') + '\n';
}


/** What the preview still waits for, after the chunk `index` (0-based) of `ranges` came in. */
export function pendingNote(ranges: ReadonlyArray<readonly [number, number]>, index: number, exact: boolean, exactToCome: boolean): string | undefined {
  const last = index === ranges.length - 1;
  const line = ranges[index][1];
  const of = ranges[ranges.length - 1][1];
  if (!exact) {
    if (!last) return `lines 1–${line} of ${of}; more coming`;
    return exactToCome ? "static; HELM's own answers coming" : undefined;
  }
  return last ? undefined : `HELM's answers for lines 1–${line} of ${of}; more coming`;
}
