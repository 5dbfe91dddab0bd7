// Code lens requests: the lenses at once (nothing counted), each count on codeLens/resolve, a slice of entries at a time between other requests.
import type { CancellationToken, CodeLens } from 'vscode-languageserver/node';
import { addCount, emptySum, entryCount, withCount, type HelmCodeLens, type LensScope } from '../services/codeLens';
import { runSafe, type ServerContext } from './context';
import { toRange } from './convert';

/** What a count lens carries to its resolve: the document and the entries it adds up. */
interface LensData {
  uri: string;
  scope: LensScope;
}

/** Counting runs this long at most before other requests get their turn. */
const SLICE_MS = 4;

const yieldToOthers = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function registerCodeLens(ctx: ServerContext): void {
  const { connection, service } = ctx;

  connection.onCodeLens((p) =>
    runSafe<CodeLens[]>(ctx, 'codeLens', [], () => {
      const mode = ctx.settings().codeLens;
      const o = ctx.open(p.textDocument.uri);
      if (!o || mode === 'off') return [];
      return service.codeLenses(o.conf, mode).map((l): CodeLens => {
        const lens: CodeLens = { range: toRange(o.doc, l.span) };
        if (l.role === 'run' && l.command) lens.command = { title: l.title ?? '', command: l.command, arguments: l.args ?? [] };
        else lens.data = { uri: p.textDocument.uri, scope: l.scope } satisfies LensData;
        return lens;
      });
    }),
  );

  connection.onCodeLensResolve((lens, token: CancellationToken) =>
    runSafe<CodeLens>(ctx, 'codeLensResolve', lens, async () => {
      const data = lens.data as Partial<LensData> | undefined;
      if (!data?.uri || !data.scope) return lens;
      const scope = data.scope;
      const sum = emptySum();
      const filters = ctx.filters();
      const key = JSON.stringify(filters);
      // Counting a section of a huge file takes seconds: a slice at a time, other requests in between,
      // on the document as it is now (an edit in the meantime is counted as it stands).
      for (let i = scope.first; ; ) {
        const o = ctx.open(data.uri);
        if (!o || token.isCancellationRequested) return lens;
        const end = Math.min(scope.end, o.conf.entries.length);
        const registry = ctx.registry();
        const started = Date.now();
        while (i < end && Date.now() - started < SLICE_MS) addCount(sum, entryCount(o.conf, i++, registry, filters, key));
        if (i >= end) {
          const line = lens.range.start;
          const resolved = withCount(o.conf, { span: { start: o.doc.offsetAt(line), end: o.doc.offsetAt(line) }, scope, role: 'count' } satisfies HelmCodeLens, sum);
          return { ...lens, command: { title: resolved.title ?? '', command: resolved.command ?? '', arguments: resolved.args ?? [] } };
        }
        await yieldToOthers();
      }
    }),
  );
}
