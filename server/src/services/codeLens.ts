// Code lenses: one pair per section (its entries and RunSpecs, ▶ Run section) or per run entry; counts are resolved lazily, a slice of entries at a time.
import type { ExpansionFilters } from '../common/protocol';
import type { Span } from '../common/span';
import type { ConfFile } from '../parser/types';
import type { Registry } from '../registry/types';
import { expandEntry, type StaticExpansion } from '../expansion/staticExpansion';
import { EntryCache } from './entryCache';
import { topSections } from './symbols';

export const SHOW_EXPANDED_RUN_SPECS_COMMAND = 'helmConf.showExpandedRunSpecs';
export const RUN_ENTRY_COMMAND = 'helmConf.runEntry';
export const RUN_SECTION_COMMAND = 'helmConf.runSection';

/** What a lens stands for: run entries `first` to `end` (indexes into `conf.entries`, end excluded). */
export interface LensScope {
  kind: 'section' | 'entry';
  first: number;
  end: number;
}

export interface HelmCodeLens {
  /** Where the lens sits: an empty span at the heading, or at the entry's first character. */
  span: Span;
  scope: LensScope;
  /** `count` lenses get their title and command from `resolveCountLens` (the costly part); `run` lenses come whole. */
  role: 'count' | 'run';
  title?: string;
  command?: string;
  /** The command's arguments: 0-based lines. */
  args?: number[];
}

/** One entry's part of a count. */
export interface EntryCount {
  runSpecs: number;
  approximate: boolean;
  error: boolean;
  filteredOut: boolean;
}

function countOf(e: StaticExpansion): EntryCount {
  return { runSpecs: e.filteredOut || e.error ? 0 : e.runSpecs.length, approximate: e.approximate, error: !!e.error, filteredOut: !!e.filteredOut };
}

/** Per entry and filters: its count. Lenses are asked for after every pause in typing; most entries did not change. */
const counts = new EntryCache<EntryCount>();

/** The count of entry `index`: kept while the entry, the registry and the filters are the same. */
function entryCount(conf: ConfFile, index: number, registry: Registry, filters: ExpansionFilters, filtersKey = JSON.stringify(filters)): EntryCount {
  const entry = conf.entries[index];
  return counts.get(entry, registry, filtersKey, () => countOf(expandEntry(entry, registry, filters)));
}

/** What a count lens adds up over its entries. */
export interface LensSum {
  runSpecs: number;
  approximate: boolean;
  /** Entries HELM would refuse. */
  errors: number;
  /** Entries the priority or groups filter drops. */
  filteredOut: number;
}

export const emptySum = (): LensSum => ({ runSpecs: 0, approximate: false, errors: 0, filteredOut: 0 });

/** Adds one entry's count into `sum` (a section's running total). */
function addCount(sum: LensSum, c: EntryCount): void {
  sum.runSpecs += c.runSpecs;
  if (c.error) sum.errors++;
  else if (c.filteredOut) sum.filteredOut++;
  else sum.approximate ||= c.approximate;
}

const runSpecs = (s: LensSum): string => `${s.approximate ? '≈' : ''}${s.runSpecs} RunSpec${s.runSpecs === 1 ? '' : 's'}`;

/** The title of an entry's count lens: the count, or why there is none. */
export function entryLensTitle(s: LensSum): string {
  if (s.filteredOut) return '0 RunSpecs (dropped by priority)';
  if (s.errors) return 'HELM error: 0 RunSpecs';
  return runSpecs(s);
}

/** The title of a section's count lens: `12 entries · ≈481 RunSpecs`, and how many HELM would refuse. */
export function sectionLensTitle(entries: number, s: LensSum): string {
  return `${entries} entr${entries === 1 ? 'y' : 'ies'} · ${runSpecs(s)}${s.errors ? ` · ${s.errors} HELM would refuse` : ''}`;
}

const lineOf = (conf: ConfFile, offset: number): number => conf.lines.positionAt(offset).line;

/**
 * Above this many entries, `entries` gives section lenses too: two lenses per entry of a 100,000-entry
 * file take over a second to list and send, and the editor shows a few dozen of them.
 */
export const MAX_ENTRY_LENSES = 5000;

/**
 * The lenses, without their counts (cheap: no expansion). `sections`: a pair above each outermost
 * heading, and one above `entries` for the entries before the first heading (the whole file when it
 * has none); `entries`: a pair above each run entry (up to MAX_ENTRY_LENSES entries).
 */
export function getCodeLenses(conf: ConfFile, mode: 'sections' | 'entries'): HelmCodeLens[] {
  const lenses: HelmCodeLens[] = [];
  if (mode === 'entries' && conf.entries.length <= MAX_ENTRY_LENSES) {
    conf.entries.forEach((entry, i) => {
      const start = entry.node.span.start;
      const span = { start, end: start };
      const scope: LensScope = { kind: 'entry', first: i, end: i + 1 };
      lenses.push({ span, scope, role: 'count' });
      lenses.push({ span, scope, role: 'run', title: 'Run this entry', command: RUN_ENTRY_COMMAND, args: [lineOf(conf, start)] });
    });
    return lenses;
  }
  const add = (at: number, first: number, end: number): void => {
    if (end <= first) return;
    const span = { start: at, end: at };
    const scope: LensScope = { kind: 'section', first, end };
    const from = lineOf(conf, conf.entries[first].node.span.start);
    const to = lineOf(conf, conf.entries[end - 1].node.span.start);
    lenses.push({ span, scope, role: 'count' });
    lenses.push({ span, scope, role: 'run', title: '▶ Run section', command: RUN_SECTION_COMMAND, args: [from, to] });
  };
  const sections = topSections(conf);
  const before = sections.length ? sections[0].first : conf.entries.length;
  add(conf.entriesField?.key.span.start ?? conf.entries[0]?.node.span.start ?? 0, 0, before);
  for (const s of sections) add(s.span.start, s.first, s.end);
  return lenses;
}

/**
 * Adds the scope's entries from `next` on (up to its end, or the file's) to `sum` while `more()` says so:
 * where it stopped, and whether the scope is counted. `key`: the filters as JSON.
 */
export function countScope(
  conf: ConfFile,
  scope: LensScope,
  next: number,
  sum: LensSum,
  registry: Registry,
  filters: ExpansionFilters,
  key: string,
  more: () => boolean = () => true,
): { next: number; done: boolean } {
  const end = Math.min(scope.end, conf.entries.length);
  while (next < end && more()) addCount(sum, entryCount(conf, next++, registry, filters, key));
  return { next, done: next >= end };
}

/** A count lens with its title and command, counting every entry at once (the LSP glue counts a slice at a time). */
export function resolveCountLens(conf: ConfFile, lens: HelmCodeLens, registry: Registry, filters: ExpansionFilters): HelmCodeLens {
  const sum = emptySum();
  countScope(conf, lens.scope, lens.scope.first, sum, registry, filters, JSON.stringify(filters));
  return withCount(conf, lens, sum);
}

/** The count lens once its entries are counted: an entry's opens its RunSpecs, a section's those of the file. */
export function withCount(conf: ConfFile, lens: HelmCodeLens, sum: LensSum): HelmCodeLens {
  if (lens.scope.kind === 'entry') {
    return { ...lens, title: entryLensTitle(sum), command: SHOW_EXPANDED_RUN_SPECS_COMMAND, args: [lineOf(conf, lens.span.start)] };
  }
  return { ...lens, title: sectionLensTitle(lens.scope.end - lens.scope.first, sum), command: SHOW_EXPANDED_RUN_SPECS_COMMAND, args: [] };
}
