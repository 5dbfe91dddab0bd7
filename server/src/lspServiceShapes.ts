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
import type { CompletionKind } from './services/completion';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService } from './languageService';
import { toRange } from './lspConvert';

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
 * LSP completion items. The markdown documentation is left out of the list (hundreds of models
 * would be serialized on every keystroke) and handed over through `completionItem/resolve`:
 * `docs` receives it under the key put in each item's `data`.
 */
export function toLspCompletions(doc: TextDocument, result: CompletionResult, docs?: Map<string, string>): CompletionList {
  docs?.clear();
  const items = result.map((c, index): CompletionItem => {
    const item: CompletionItem = {
      label: c.label,
      kind: COMPLETION_KIND[c.kind] ?? CompletionItemKind.Text,
      textEdit: { range: toRange(doc, c.edit.span), newText: c.edit.newText },
      insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    };
    if (c.detail) item.detail = c.detail;
    if (c.documentation) {
      if (docs) {
        const key = `${index}:${c.label}`;
        docs.set(key, c.documentation);
        item.data = key;
      } else item.documentation = { kind: 'markdown', value: c.documentation };
    }
    if (c.sortText) item.sortText = c.sortText;
    if (c.filterText) item.filterText = c.filterText;
    if (c.deprecated) item.tags = [CompletionItemTag.Deprecated];
    // After `model=`-like insertions the value list should open by itself.
    if (c.retrigger) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
    return item;
  });
  return { isIncomplete: false, items };
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
