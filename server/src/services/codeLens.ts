// Code lenses above each run entry: how many RunSpecs it makes (opens them), and a command to run just that entry.
import type { ExpansionFilters } from '../common/protocol';
import type { Span } from '../common/span';
import type { ConfFile } from '../parser/types';
import type { Registry } from '../registry/types';
import { expandEntry, type StaticExpansion } from '../expansion/staticExpansion';
import { EntryCache } from './entryCache';

export const SHOW_EXPANDED_RUN_SPECS_COMMAND = 'helmConf.showExpandedRunSpecs';
export const RUN_ENTRY_COMMAND = 'helmConf.runEntry';

export interface HelmCodeLens {
  /** The entry's first character (an empty span): the lens sits on that line. */
  span: Span;
  title: string;
  command: string;
  /** The entry's 0-based line. */
  args: [number];
}

/** The first lens's title: the count, or why there is none. */
export function lensTitle(e: StaticExpansion): string {
  if (e.filteredOut) return '0 RunSpecs (dropped by priority)';
  if (e.error) return 'HELM error: 0 RunSpecs';
  const n = e.runSpecs.length;
  return `${e.approximate ? '≈' : ''}${n} RunSpec${n === 1 ? '' : 's'}`;
}

/** Per entry and filters: its count's title. Lenses are asked for after every pause in typing; most entries did not change. */
const titles = new EntryCache<string>();

export function getCodeLenses(conf: ConfFile, registry: Registry, filters: ExpansionFilters = {}): HelmCodeLens[] {
  const filtersKey = JSON.stringify(filters);
  const lenses: HelmCodeLens[] = [];
  conf.entries.forEach((entry) => {
    const start = entry.node.span.start;
    const line = conf.lines.positionAt(start).line;
    const span = { start, end: start };
    lenses.push({ span, title: titles.get(entry, registry, filtersKey, () => lensTitle(expandEntry(entry, registry, filters))), command: SHOW_EXPANDED_RUN_SPECS_COMMAND, args: [line] });
    lenses.push({ span, title: 'Run this entry', command: RUN_ENTRY_COMMAND, args: [line] });
  });
  return lenses;
}
