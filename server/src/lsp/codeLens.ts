// Code lens requests: the lenses at once (nothing counted), each count on codeLens/resolve, one queue of counting a slice at a time between other requests.
import type { CancellationToken, CodeLens } from 'vscode-languageserver/node';
import { countScope, emptySum, withCount, type HelmCodeLens, type LensScope, type LensSum } from '../services/codeLens';
import { runSafe, type ServerContext } from './context';
import { toRange } from './convert';

/** What a count lens carries to its resolve: the document and the entries it adds up. */
interface LensData {
  uri: string;
  scope: LensScope;
}

/** Counting runs this long at most before other requests get their turn. */
const SLICE_MS = 4;

/** A section's (or an entry's) count in the making. */
interface CountJob {
  uri: string;
  scope: LensScope;
  next: number;
  sum: LensSum;
  token: CancellationToken;
  done(sum: LensSum | undefined): void;
}

/**
 * One queue for every count asked for: a slice of SLICE_MS of counting, then the event loop's turn
 * (the next request is read between two slices), then the next slice, the oldest count first. Counting
 * a section of a huge file takes seconds of work; no request waits behind more than one slice of it.
 */
class LensCounter {
  private readonly jobs: CountJob[] = [];
  private pumping = false;

  constructor(private readonly ctx: ServerContext) {}

  count(uri: string, scope: LensScope, token: CancellationToken): Promise<LensSum | undefined> {
    return new Promise((done) => {
      this.jobs.push({ uri, scope, next: scope.first, sum: emptySum(), token, done });
      if (!this.pumping) {
        this.pumping = true;
        setImmediate(() => this.pump());
      }
    });
  }

  private pump(): void {
    const started = Date.now();
    const filters = this.ctx.filters();
    const key = JSON.stringify(filters);
    const registry = this.ctx.registry();
    while (this.jobs.length && Date.now() - started < SLICE_MS) {
      const job = this.jobs[0];
      const o = this.ctx.open(job.uri);
      if (!o || job.token.isCancellationRequested) {
        this.jobs.shift();
        job.done(undefined);
        continue;
      }
      // On the document as it is now: an edit in the meantime is counted as it stands.
      const counted = countScope(o.conf, job.scope, job.next, job.sum, registry, filters, key, () => Date.now() - started < SLICE_MS);
      job.next = counted.next;
      if (counted.done) {
        this.jobs.shift();
        job.done(job.sum);
      }
    }
    if (this.jobs.length) setImmediate(() => this.pump());
    else this.pumping = false;
  }
}

export function registerCodeLens(ctx: ServerContext): void {
  const { connection, service } = ctx;
  const counter = new LensCounter(ctx);

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
      const sum = await counter.count(data.uri, data.scope, token);
      const o = ctx.open(data.uri);
      if (!sum || !o) return lens;
      const at = o.doc.offsetAt(lens.range.start);
      const resolved = withCount(o.conf, { span: { start: at, end: at }, scope: data.scope, role: 'count' } satisfies HelmCodeLens, sum);
      return { ...lens, command: { title: resolved.title ?? '', command: resolved.command ?? '', arguments: resolved.args ?? [] } };
    }),
  );
}
