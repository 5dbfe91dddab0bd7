// Quick fixes on descriptions: replace a piece, remove an argument with its comma, add missing arguments, choose a value from a list.
import type { QuickFix } from '../../common/diagnostic';
import type { Span } from '../../common/span';
import type { ParsedDescription } from '../../parser/types';
import { valueChoices } from '../argumentValues';
import type { Registry } from '../../registry/types';

/** One fix per did-you-mean candidate, each replacing `span`; the closest one is preferred. */
export function replaceFixes(span: Span, candidates: readonly string[], what = ''): QuickFix[] {
  return candidates.map((c, i) => ({
    title: `Change to \`${c}\`${what}`,
    edits: [{ span, newText: c }],
    isPreferred: i === 0,
  }));
}

/**
 * The span that removes argument `index` and one comma next to it, so the rest stays a valid
 * description: `a=1,b=2` → `b=2` or `a=1`; the only argument goes with its `:`.
 */
export function argumentRemovalSpan(parsed: ParsedDescription, index: number): Span {
  const piece = parsed.args[index].piece.span;
  const after = parsed.commaAfter(index);
  if (after) return { start: piece.start, end: after.end };
  const before = parsed.commaAfter(index - 1);
  if (before) return { start: before.start, end: piece.end };
  return { start: parsed.colon ? parsed.colon.start : piece.start, end: piece.end };
}

export function removeArgumentFix(parsed: ParsedDescription, index: number, title: string, isPreferred = true): QuickFix {
  return { title, edits: [{ span: argumentRemovalSpan(parsed, index), newText: '' }], isPreferred };
}

/** `,a=${1},b=${2}` (or `:a=…` when the description has no `:`) inserted at the end of the description. */
export function addArgumentsFix(parsed: ParsedDescription, names: readonly string[]): QuickFix {
  const at = parsed.args.length > 0 ? parsed.args[parsed.args.length - 1].piece.span.end : parsed.name.span.end;
  const escaped = names.map((n, i) => `${n.replace(/[$}\\]/g, '\\$&')}=\${${i + 1}}`);
  const lead = parsed.colon ? ',' : ':';
  return {
    title: `Add ${names.map((n) => `\`${n}=\``).join(', ')}`,
    edits: [{ span: { start: at, end: at }, newText: lead + escaped.join(',') }],
    isPreferred: true,
    snippet: true,
  };
}

/**
 * "Choose …": the value at `span` replaced by a tab stop, where the editor opens the value list (an
 * editor that cannot insert snippets is not offered it: its plain text would only delete the value).
 */
export function chooseValueFix(span: Span, what: string): QuickFix {
  return { title: `Choose ${what}…`, edits: [{ span, newText: '${1}' }], snippet: true, choice: true };
}

/**
 * "Choose a value for `key`…" at `span`, where the argument's value list (of `functionName`'s `key`) has
 * something to offer; none when the options leave these fixes out (the list is then not worked out).
 */
export function chooseArgumentValueFixes(ctx: { registry: Registry; options: { valueListFixes: boolean } }, span: Span, functionName: string, key: string): QuickFix[] {
  return ctx.options.valueListFixes && valueChoices(ctx.registry, functionName, key).length ? [chooseValueFix(span, `a value for \`${key}\``)] : [];
}
