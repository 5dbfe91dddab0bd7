// Fix-all: every fix that cannot change what HELM runs (marked `safe`), applied round after round until none is left.
import type { TextEdit } from '../common/diagnostic';
import { parseConf } from '../parser/index';
import type { Registry } from '../registry/types';
import { validate, type ValidationOptions } from './validation';

export interface FixAllResult {
  /** The text after every safe fix. */
  text: string;
  /** How many fixes were applied. */
  fixed: number;
  /** One edit turning the original text into `text` (the changed stretch only); undefined when nothing changed. */
  edit?: TextEdit;
}

/** Removing a stray comma can bring the next one to light: a few rounds, never for ever. */
const MAX_ROUNDS = 10;

/** The text with `edits` applied (they do not overlap). */
function applied(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** The one edit that turns `before` into `after`: their common start and end are left alone. */
export function diffEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { span: { start, end: before.length - end }, newText: after.slice(start, after.length - end) };
}

/**
 * Applies every safe fix of the file's diagnostics (as the settings show them: a rule set to `off`
 * or a suppressed line is left alone), the first safe fix of each diagnostic, in rounds: a fix whose
 * edits overlap another's waits for the next round, on the re-read text.
 */
export function fixAll(text: string, registry: Registry, options: Partial<ValidationOptions> = {}): FixAllResult {
  let current = text;
  let fixed = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const fixes = validate(parseConf(current), registry, options)
      .map((d) => d.fixes?.find((f) => f.safe))
      .filter((f): f is NonNullable<typeof f> => f !== undefined);
    const taken: TextEdit[] = [];
    let count = 0;
    for (const fix of fixes) {
      const overlaps = fix.edits.some((e) => taken.some((t) => e.span.start <= t.span.end && t.span.start <= e.span.end));
      if (overlaps) continue;
      taken.push(...fix.edits);
      count++;
    }
    if (count === 0) break;
    current = applied(current, taken);
    fixed += count;
  }
  return { text: current, fixed, edit: diffEdit(text, current) };
}
