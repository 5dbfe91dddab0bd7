// The open documents' text kept in step with the client's didChange events, with correct lines when an edit joins a `\r` and a `\n` into one line break.
import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const CR = 13;
const LF = 10;

type RangedChange = Extract<TextDocumentContentChangeEvent, { range: unknown }>;

/**
 * The whole new text when the change makes `\r` + `\n` of a `\r` before it or a `\n` after it (`\n`
 * typed after a lone `\r`, `x\r` pasted before a lone `\n`, the `x` of `\rx\n` deleted), else undefined.
 * vscode-languageserver-textdocument moves its line starts by the change alone and keeps the line start
 * between the two: every line below counted one too many, and diagnostics one line low.
 */
function joinedText(doc: TextDocument, change: RangedChange): string | undefined {
  let start = doc.offsetAt(change.range.start);
  let end = doc.offsetAt(change.range.end);
  if (start > end) [start, end] = [end, start];
  const text = doc.getText();
  const { text: inserted } = change;
  const atStart = text.charCodeAt(start - 1) === CR && (inserted ? inserted.charCodeAt(0) : text.charCodeAt(end)) === LF;
  const atEnd = inserted.charCodeAt(inserted.length - 1) === CR && text.charCodeAt(end) === LF;
  return atStart || atEnd ? text.slice(0, start) + inserted + text.slice(end) : undefined;
}

/**
 * TextDocument's create and update for TextDocuments. A change that joins two line breaks into one is
 * applied as the whole new text (its lines counted afresh); every other change as it comes.
 */
export const SyncedTextDocument: TextDocumentsConfiguration<TextDocument> = {
  create: TextDocument.create,
  update(doc, changes, version) {
    for (const change of changes) {
      const joined = 'range' in change ? joinedText(doc, change) : undefined;
      TextDocument.update(doc, [joined === undefined ? change : { text: joined }], version);
    }
    return doc;
  },
};
