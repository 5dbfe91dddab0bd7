// Pre-flight rules of Run suite: what makes a run fail before it starts, in HELM's words. Pure, no VS Code.
import type { ExpandedEntry, ExpansionFilters } from '../../../server/src/common/protocol';

/** A problem the language server reports, as the pre-flight shows it. */
export interface ReportedError {
  /** 0-based line. */
  line: number;
  message: string;
  code?: string;
}

/** How many errors to name in the message; the rest are counted. */
export const ERRORS_NAMED = 3;

/** The modal's text for errors in what is about to run, or undefined when there are none. */
export function errorsMessage(errors: readonly ReportedError[], what: 'file' | 'entry' | 'section'): { message: string; detail: string } | undefined {
  if (errors.length === 0) return undefined;
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  const named = sorted.slice(0, ERRORS_NAMED).map((e) => `line ${e.line + 1}: ${e.message}${e.code ? ` [${e.code}]` : ''}`);
  const more = sorted.length > ERRORS_NAMED ? [`… and ${sorted.length - ERRORS_NAMED} more.`] : [];
  const count = `${errors.length} error${errors.length === 1 ? '' : 's'}`;
  return {
    message: `This ${what === 'entry' ? 'run entry' : what} has ${count}: helm-run is likely to stop on ${errors.length === 1 ? 'it' : 'them'}.`,
    detail: [...named, ...more].join('\n'),
  };
}

// helm-run's own checks when --models-to-run is not given (benchmark/run.py: helm_run). Python's `\b` is
// Unicode-aware for str patterns: a word character is a letter, a digit or `_`.
const HELM_RUN_WILDCARDS = ['all', 'text_code', 'text', 'code', 'instruction_following', 'full_functionality_text', 'limited_functionality_text'];
const WILDCARD_MODEL = new RegExp(`(?<![\\p{L}\\p{N}_])model=(?:${HELM_RUN_WILDCARDS.join('|')})(?![\\p{L}\\p{N}_])`, 'u');
const ANY_MODEL = /(?<![\p{L}\p{N}_])model=(?=[\p{L}\p{N}_])/u;

/** Why the models question must be answered: the full sentence, and a short one for the question's title. */
export interface ModelsRequirement {
  reason: string;
  short: string;
}

/**
 * Why helm-run refuses these run entries without `--models-to-run`, or undefined. It checks every entry
 * it reads (before the priority filter): one wildcard `model=` of its list, or no `model=` at all.
 */
export function modelsToRunRequirement(descriptions: readonly string[]): ModelsRequirement | undefined {
  const wildcard = descriptions.map((d) => WILDCARD_MODEL.exec(d)?.[0]).find((m) => m !== undefined);
  if (wildcard) {
    return { reason: `helm-run refuses \`${wildcard}\` without --models-to-run: pick the models to run.`, short: `${wildcard} needs --models-to-run` };
  }
  if (descriptions.length > 0 && !descriptions.some((d) => ANY_MODEL.test(d))) {
    return { reason: 'No run entry names a model=: helm-run refuses that without --models-to-run. Pick the models to run.', short: 'no model=: --models-to-run needed' };
  }
  return undefined;
}

/** The same entries expanded without one of the filters, to tell which filter left an entry with nothing. */
export interface FilterProbes {
  /** Without --groups-to-run. */
  withoutGroups?: readonly ExpandedEntry[];
  /** Without --models-to-run (and without --groups-to-run). */
  withoutModels?: readonly ExpandedEntry[];
}

/** Why each entry gives no RunSpec with these filters (one line per entry), for a selection that gives 0. */
export function emptySelectionReasons(entries: readonly ExpandedEntry[], filters: ExpansionFilters, probes: FilterProbes = {}): string[] {
  const count = (list: readonly ExpandedEntry[] | undefined, line: number): number | undefined =>
    list?.find((e) => e.line === line)?.runSpecs.length;
  return entries.map((entry) => {
    const where = `line ${entry.line + 1} (${entry.description})`;
    if (entry.filteredOut) return `${where}: its priority is above --priority ${filters.priority}.`;
    if (entry.error) return `${where}: ${entry.error}`;
    const models = filters.modelsToRun ?? [];
    const groups = filters.groupsToRun ?? [];
    if (groups.length > 0 && (count(probes.withoutGroups, entry.line) ?? 0) > 0) {
      return `${where}: none of its RunSpecs is in --groups-to-run ${groups.join(' ')}.`;
    }
    if (models.length > 0 && (count(probes.withoutModels, entry.line) ?? 0) > 0) {
      return `${where}: none of its models is in --models-to-run ${models.join(' ')}.`;
    }
    return `${where}: it expands to no RunSpec (its models are deprecated, or its wildcard has no model).`;
  });
}

/** The refusal for a selection that gives no RunSpec, or undefined when it gives some (or may). */
export function emptySelectionMessage(
  entries: readonly ExpandedEntry[],
  filters: ExpansionFilters,
  probes: FilterProbes = {},
): { message: string; detail: string } | undefined {
  if (entries.length === 0) return { message: 'This file has no run entries: helm-run would run nothing.', detail: '' };
  const total = entries.reduce((n, e) => n + e.runSpecs.length, 0);
  // A static answer that may be incomplete is no reason to refuse.
  if (total > 0 || entries.some((e) => e.approximate && !e.error && !e.filteredOut)) return undefined;
  const reasons = emptySelectionReasons(entries, filters, probes);
  const shown = reasons.slice(0, 8);
  if (reasons.length > shown.length) shown.push(`… and ${reasons.length - shown.length} more entries.`);
  return { message: 'This selection makes 0 RunSpecs: helm-run would run nothing.', detail: shown.join('\n') };
}
