// What every per-entry check needs: the entry, its parsed description, the registry, the options, and where to report.
import type { HelmDiagnostic } from '../../common/diagnostic';
import type { RuleSeverity } from '../../common/protocol';
import type { DescriptionArg, ParsedDescription, RunEntry } from '../../parser/types';
import type { Registry } from '../../registry/types';
import { replaceFixes } from './fixes';

export interface ValidationOptions {
  /** Rule code → severity or `off` (the `helmConf.rules` setting). */
  rules: Record<string, RuleSeverity>;
  /** `--models-to-run` as Run suite passes it (the `helmConf.runSuite.modelsToRun` setting). */
  modelsToRun: string[];
  /**
   * Offer "Choose a value for `key`…" on an argument whose value list has something (a snippet fix that
   * opens the list in an editor), which takes working that list out. False for the command line, which
   * prints no snippet fix.
   */
  valueListFixes: boolean;
}

export interface EntryContext {
  entry: RunEntry;
  parsed: ParsedDescription;
  registry: Registry;
  options: ValidationOptions;
  report(d: HelmDiagnostic): void;
}

/** `text` in backticks for a message, with its spaces made visible enough. */
export function code(text: string): string {
  return text.includes('`') ? `"${text}"` : `\`${text}\``;
}

/** "a", "a or b", "a, b or c" — at most `max` shown. */
export function listOf(items: readonly string[], max = 8, conj = 'or'): string {
  const shown = items.slice(0, max).map(code);
  const more = items.length > max ? `, … (${items.length} in all)` : '';
  if (shown.length <= 1) return shown.join('') + more;
  if (more) return shown.join(', ') + more;
  return `${shown.slice(0, -1).join(', ')} ${conj} ${shown[shown.length - 1]}`;
}

export function didYouMeanHint(candidates: readonly string[]): string {
  return candidates.length ? ` Did you mean ${listOf(candidates)}?` : '';
}

export function hasOuterSpace(text: string): boolean {
  return text.length > 0 && text.trim() !== text;
}

/** Spaces around a text value reach the function as they are (a number is read by int()/float(), which strip them). */
export function checkSpacesInValue(ctx: EntryContext, arg: DescriptionArg): void {
  if (arg.valueType !== 'str' || arg.valueText === undefined || !hasOuterSpace(arg.valueText) || !arg.value) return;
  const trimmed = arg.value.text.trim();
  ctx.report({
    code: 'untrimmed-space',
    severity: 'warning',
    message: `The value ${code(arg.value.text)} has spaces around it: HELM does not trim them, so \`${arg.key.text}\` gets ${code(arg.value.text)}, not ${code(trimmed)}.`,
    span: arg.value.span,
    fixes: replaceFixes(arg.value.span, [trimmed], ' (remove the spaces)'),
  });
}

