// What every completion context returns: the item and list shapes, sort keys, and the text as the description string needs it.
import type { TextEdit } from '../../common/diagnostic';
import type { HoconString } from '../../parser/types';

export type CompletionKind = 'function' | 'argument' | 'expander' | 'model' | 'deployment' | 'wildcard' | 'value' | 'key' | 'snippet';

export interface HelmCompletionItem {
  label: string;
  kind: CompletionKind;
  /** One line shown beside the label (a signature, a model count, …). */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Replaces the whole word under the cursor. */
  edit: TextEdit;
  /** `edit.newText` is an LSP snippet (`${1:x}`). */
  snippet?: boolean;
  sortText?: string;
  /** What the editor matches the typed word against, when it is not the label. */
  filterText?: string;
  /** A value is expected right after the inserted text (or at its first tab stop): the editor should open completion again. */
  retrigger?: boolean;
  /** A deprecated model: the editor may strike it through. */
  deprecated?: boolean;
}

export interface CompletionOptions {
  /** The editor accepts snippets (default true); without, entry keys and new entries are plain text. */
  snippets?: boolean;
  /** Deprecated and unsupported models after `model=`: listed last (default) or left out. */
  deprecatedModels?: 'last' | 'omit';
  /**
   * Leave out the documentation of functions, models, deployments and wildcards (about 1,000 items
   * after `model=`, some 450 KB of markdown); the editor then asks `resolveItem` for the one it shows.
   */
  lazyDocumentation?: boolean;
  /**
   * At most this many choices after `model=` or `model_deployment=` (default: all of them), the first
   * in the editor's order, the list then marked incomplete so that the editor asks again as the word
   * grows. For a client that takes no list-wide range, where each of some 700 items carries its own.
   */
  modelListLimit?: number;
}

export interface CompletionResultShape {
  items: HelmCompletionItem[];
  /**
   * The items were picked by what is typed so far (function names, and the long lists after `model=`):
   * the editor should ask again as the word changes, rather than filter this list itself.
   */
  isIncomplete: boolean;
}

export const complete = (items: HelmCompletionItem[]): CompletionResultShape => ({ items, isIncomplete: false });

/** The rank, then the index in base 36 (short: a `model=` list holds about 1,000 of them). */
export const sortKey = (rank: number, index: number): string => `${rank}${index.toString(36).padStart(4, '0')}`;

/** The text as it must be written inside the description's string (escapes in a double-quoted string). */
export function quoteFor(node: HoconString, text: string): string {
  return node.quoting === 'double' && /[\\"]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/"/g, '\\"') : text;
}

/** Literal text inside an LSP snippet: `$`, `}` and `\` escaped. */
export const snippetLiteral = (text: string): string => text.replace(/[$}\\]/g, '\\$&');

/**
 * Could an editor's matcher accept `typed` for `label` (both lower case)? Every character typed is in
 * the label, as often as typed. That keeps whatever an in-order (fuzzy) matcher keeps, and what VS Code
 * keeps when it retries with two neighbouring characters swapped.
 */
export function mayMatch(typed: string, label: string): boolean {
  for (let i = 0; i < typed.length; i++) {
    const ch = typed[i];
    let need = 1;
    for (let j = 0; j < i; j++) if (typed[j] === ch) need++;
    for (let k = label.indexOf(ch); k >= 0 && need > 0; k = label.indexOf(ch, k + 1)) need--;
    if (need > 0) return false;
  }
  return true;
}

/** Is `needle` a subsequence of `hay` (both lower case)? */
export function isSubsequence(needle: string, hay: string): boolean {
  let j = 0;
  for (let i = 0; i < hay.length && j < needle.length; i++) if (hay[i] === needle[j]) j++;
  return j === needle.length;
}
