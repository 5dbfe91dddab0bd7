// Document and range formatting over LSP: the language service's edits in HELM's layout; a file it leaves as written gets no edit and a log line saying why.
import type { TextEdit } from 'vscode-languageserver/node';
import type { ServerContext } from './context';
import { toRange } from './convert';
import { runSafe } from './features';

export function registerFormatting(ctx: ServerContext): void {
  const { connection, service } = ctx;
  const format = async (uri: string, range?: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<TextEdit[]> => {
    // A format request right after the file opens (format on save, a quick Format Document) waits for the
    // first settings, as diagnostics do: else `format.quoteKeys` would be the default's.
    await ctx.settingsReady;
    const o = ctx.open(uri);
    if (!o) return [];
    const span = range ? { start: o.doc.offsetAt(range.start), end: o.doc.offsetAt(range.end) } : undefined;
    const result = service.format(o.conf, ctx.settings().format, span);
    if (!result.ok) {
      // Formatting is often automatic (on save): a message would pop up at every save of a broken file.
      ctx.log(`${uri}: ${result.reason}`);
      return [];
    }
    return result.edits.map((e) => ({ range: toRange(o.doc, e.span), newText: e.newText }));
  };
  connection.onDocumentFormatting((p) => runSafe(ctx, 'formatting', [], () => format(p.textDocument.uri)));
  connection.onDocumentRangeFormatting((p) => runSafe(ctx, 'rangeFormatting', [], () => format(p.textDocument.uri, p.range)));
}
