// Code lenses of a 100,000-entry file: the codeLens request, the resolve of those on screen and of the largest section, and how long hovers wait meanwhile.
import * as fs from 'fs';
import { CodeLensRequest, CodeLensResolveRequest, HoverRequest, type CodeLens } from 'vscode-languageserver-protocol';
import { corpusConfFiles } from '../test/helpers/corpus';
import { TestClient, fileUri, serverPath } from '../test/lsp/lspClient';
import { corpusFile, serverBuilt } from './_inputs';

const ENTRIES = 100_000;
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** HELM's run_entries.conf's entries, repeated to ENTRIES, under its own section headings. */
function hugeFile(): string | undefined {
  const main = corpusConfFiles().find((f) => f.endsWith('/run_entries.conf'));
  if (!main) return undefined;
  const lines = fs.readFileSync(main, 'utf8').split('\n');
  const body = lines.filter((l) => /^\s*(\{description|#####)/.test(l));
  const entries = body.filter((l) => l.includes('{description')).length;
  const out: string[] = ['entries: ['];
  let n = 0;
  while (n < ENTRIES) {
    for (const l of body) {
      if (l.includes('{description')) {
        if (n >= ENTRIES) break;
        n++;
      }
      out.push(l);
    }
  }
  out.push(']', '');
  console.log(`${ENTRIES} entries (run_entries.conf's ${entries}, repeated), ${(out.join('\n').length / 1024 / 1024).toFixed(1)} MiB`);
  return out.join('\n');
}

export async function run(): Promise<void> {
  const text = corpusFile(hugeFile());
  if (text === undefined || !serverBuilt(serverPath)) return;
  const uri = fileUri('/tmp/run_entries_huge.conf');
  const hoverAt = { line: 1, character: 20 };
  for (const mode of ['sections', 'entries'] as const) {
    const client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0, settings: { codeLens: mode } }, retainDiagnostics: 2 });
    try {
      await client.open(uri, text, 1);
      await client.waitForDiagnostics(uri, (p) => p.version === 1, 600000);
      // The settings and the registry come in after the first diagnostics, and the file is checked again: wait for quiet.
      for (let n = -1; n !== client.published(uri).length; ) {
        n = client.published(uri).length;
        await new Promise((r) => setTimeout(r, 3000));
      }
      const h0 = now();
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: hoverAt });
      console.log(`hover alone: ${(now() - h0).toFixed(1)} ms`);
      let t0 = now();
      const lenses = ((await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? []) as CodeLens[];
      const listed = now() - t0;
      const pending = lenses.filter((l) => !l.command);
      // What an editor resolves: those on screen, here the first 20, and the largest section of the file.
      const size = (l: CodeLens): number => {
        const scope = (l.data as { scope?: { first: number; end: number } } | undefined)?.scope;
        return scope ? scope.end - scope.first : 0;
      };
      const largest = [...pending].sort((a, b) => size(b) - size(a))[0];
      const toResolve = [...new Set([...pending.slice(0, 20), largest])];
      const waits: number[] = [];
      let resolving = true;
      t0 = now();
      const resolved = Promise.all(toResolve.map((l) => client.connection.sendRequest(CodeLensResolveRequest.type, l))).finally(() => (resolving = false));
      // A hover every 20 ms while the counts are computed: how long does each wait?
      while (resolving) {
        const h0 = now();
        await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: hoverAt });
        waits.push(now() - h0);
        await new Promise((r) => setTimeout(r, 20));
      }
      const all = await resolved;
      const resolveMs = now() - t0;
      waits.sort((a, b) => a - b);
      const p95 = waits[Math.min(waits.length - 1, Math.floor(0.95 * waits.length))] ?? 0;
      const biggest = all[toResolve.indexOf(largest)]?.command?.title;
      console.log(
        `codeLens (${mode}): ${lenses.length} lenses listed in ${listed.toFixed(0)} ms; ${toResolve.length} counts resolved in ${resolveMs.toFixed(0)} ms ` +
          `(the largest section: ${biggest}); hover meanwhile: n=${waits.length} p95 ${p95.toFixed(1)} ms, max ${(waits[waits.length - 1] ?? 0).toFixed(1)} ms`,
      );
      await client.stop();
    } finally {
      client.kill();
    }
  }
}
