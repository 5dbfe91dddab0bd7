// Conversions of the completion, hover and inlay hint services' results (document offsets) to LSP.
import {
  CompletionItemKind,
  CompletionItemTag,
  InsertTextFormat,
  type CompletionItem,
  type CompletionList,
  type InlayHint,
  type Range,
} from 'vscode-languageserver/node';
import type { Span } from '../common/span';
import type { CompletionKind } from '../services/completion';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from '../languageService';
import { toRange } from './convert';

type CompletionResult = ReturnType<LanguageService['complete']>;
type HoverResult = ReturnType<LanguageService['hover']>;
type InlayHintResult = ReturnType<LanguageService['inlayHints']>;

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  function: CompletionItemKind.Function,
  argument: CompletionItemKind.Property,
  expander: CompletionItemKind.Keyword,
  model: CompletionItemKind.Value,
  deployment: CompletionItemKind.Reference,
  wildcard: CompletionItemKind.Constant,
  value: CompletionItemKind.EnumMember,
  key: CompletionItemKind.Field,
  snippet: CompletionItemKind.Snippet,
};

/**
 * What a completion item's `data` holds so that completionItem/resolve can give its documentation: the
 * key of documentation built with the list. A function, model, deployment or wildcard item carries no
 * data: its label and kind are enough to build its documentation (and detail) when asked.
 */
export type CompletionData = { doc: string };

const LAZY_KINDS: ReadonlySet<CompletionKind> = new Set(['function', 'model', 'deployment', 'wildcard']);

/** The completion kind of an LSP item of a lazy kind (the two tables are one-to-one there). */
export function lazyCompletionKind(kind: CompletionItemKind | undefined): CompletionKind | undefined {
  for (const k of LAZY_KINDS) if (COMPLETION_KIND[k] === kind) return k;
  return undefined;
}

/** What the client lets a completion list leave out. */
export interface CompletionShape {
  /** The item properties a list may give once for all (LSP 3.17 `itemDefaults`). */
  itemDefaults: ReadonlySet<string>;
  /** The client asks completionItem/resolve for `detail` too. */
  resolveDetail: boolean;
}

/** A character a client may count in the word before the cursor (Vim's `iskeyword`, an editor's word pattern). */
const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

/**
 * LSP completion items. The markdown documentation is left out of the list (hundreds of models
 * would be serialized on every keystroke) and handed over through `completionItem/resolve`; `docs`
 * receives the documentation that was built, under the key put in the item's `data`.
 *
 * When the client takes list-wide defaults, the range every item replaces is sent once; when it
 * resolves details, a function's, model's, deployment's or wildcard's detail waits for resolve too.
 * After `model=` that makes the list a third of its size.
 */
export function toLspCompletions(
  doc: TextDocument,
  result: CompletionResult,
  docs?: Map<string, string>,
  shape: CompletionShape = { itemDefaults: new Set(), resolveDetail: false },
): CompletionList {
  docs?.clear();
  const defaults = shape.itemDefaults;
  const first = result.items[0]?.edit.span;
  const sharedSpan = defaults.has('editRange') && first && result.items.every((c) => c.edit.span.start === first.start && c.edit.span.end === first.end);
  // Items replace the same span as a rule: its range is worked out once (not two line searches per item).
  let lastSpan: Span | undefined;
  let lastRange: Range | undefined;
  const rangeOf = (span: Span): Range => {
    if (!lastRange || !lastSpan || span.start !== lastSpan.start || span.end !== lastSpan.end) {
      lastSpan = span;
      lastRange = toRange(doc, span);
    }
    return lastRange;
  };
  /*
   * An item that replaces nothing (an empty span, after no word character: nothing typed yet) goes in
   * at the cursor, where a client puts an item's `insertText` (its label when it has none) anyway, so
   * its range need not travel. After `model=` that halves the list of a client without list-wide
   * defaults. After a word character a client may take that word for the text to replace: the range
   * goes along there.
   */
  const text = doc.getText();
  const atCursor = (c: CompletionResult['items'][number]): boolean => {
    const { start, end } = c.edit.span;
    return start === end && !c.snippet && (start === 0 || !WORD_CHARACTER.test(text[start - 1]));
  };
  // Every item has the same fields, absent ones undefined (JSON leaves them out): one object shape for ~1,000 items.
  const items = result.items.map((c, index): CompletionItem => {
    const inPlace = !sharedSpan && atCursor(c);
    let data: CompletionData | undefined;
    let documentation: CompletionItem['documentation'];
    if (c.documentation) {
      if (docs) {
        const key = `${index}:${c.label}`;
        docs.set(key, c.documentation);
        data = { doc: key };
      } else documentation = { kind: 'markdown', value: c.documentation };
    }
    return {
      label: c.label,
      kind: COMPLETION_KIND[c.kind] ?? CompletionItemKind.Text,
      detail: (shape.resolveDetail && LAZY_KINDS.has(c.kind)) || !c.detail ? undefined : c.detail,
      documentation,
      textEdit: sharedSpan || inPlace ? undefined : { range: rangeOf(c.edit.span), newText: c.edit.newText },
      textEditText: sharedSpan && c.edit.newText !== c.label ? c.edit.newText : undefined,
      insertText: inPlace && c.edit.newText !== c.label ? c.edit.newText : undefined,
      // Plain text is what an item without a format is.
      insertTextFormat: c.snippet ? InsertTextFormat.Snippet : undefined,
      data,
      sortText: c.sortText,
      filterText: c.filterText,
      tags: c.deprecated ? [CompletionItemTag.Deprecated] : undefined,
      // After `model=`-like insertions the value list should open by itself.
      command: c.retrigger ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
    };
  });
  const list: CompletionList = { isIncomplete: result.isIncomplete, items };
  const itemDefaults: NonNullable<CompletionList['itemDefaults']> = {};
  if (sharedSpan && first) itemDefaults.editRange = toRange(doc, first);
  if (Object.keys(itemDefaults).length) list.itemDefaults = itemDefaults;
  return list;
}

export function toLspHoverMarkdown(doc: TextDocument, result: HoverResult): { markdown: string; range?: Range } | undefined {
  return result ? { markdown: result.markdown, range: toRange(doc, result.span) } : undefined;
}

export function toLspInlayHints(doc: TextDocument, result: InlayHintResult): InlayHint[] {
  return result.map((h) => ({
    position: doc.positionAt(h.offset),
    label: h.label,
    paddingLeft: h.paddingLeft,
    tooltip: { kind: 'markdown', value: h.tooltip },
  }));
}
