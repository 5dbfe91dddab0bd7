// "Show expanded RunSpecs" on the largest corpus file (run_entries.conf): the time to its first results (the first
// chunk of lines, expanded and formatted) against the time to the whole list, statically and with HELM's answers.
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { EXACT_STATUS_REQUEST, EXPAND_FILE_REQUEST, type ExactCheckStatus, type ExpandedEntry, type ExpandFileParams, type ExpandFileResult, type ExpansionFilters } from '../server/src/common/protocol';
import { chunkRanges, formatExpansion, pendingNote } from '../client/src/runSpecsText';
import { corpusConfFiles, fixturePath } from '../test/helpers/corpus';
import { TestClient, fileUri, serverPath } from '../test/lsp/lspClient';
import { corpusFile, serverBuilt } from './_inputs';

const TARGET_MS = 300;
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

interface Setup {
  label: string;
  trusted: boolean;
  settings?: Record<string, unknown>;
  rootPath?: string;
}

async function opened(setup: Setup, file: string, text: string): Promise<TestClient> {
  const client = await TestClient.start({ initializationOptions: { trusted: setup.trusted, diagnosticsDelay: 0 }, settings: setup.settings, rootPath: setup.rootPath, retainDiagnostics: 2 });
  await client.open(fileUri(file), text, 1);
  await client.waitForDiagnostics(fileUri(file));
  if (setup.trusted) await helmReady(client);
  return client;
}

/** Waits until HELM is loaded (the server answers static-only while it loads), so both ways get HELM's answers. */
async function helmReady(client: TestClient): Promise<void> {
  const until = now() + 120_000;
  while (now() < until) {
    const status = await client.connection.sendRequest<ExactCheckStatus>(EXACT_STATUS_REQUEST);
    if (status.exact) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('HELM did not load within 120 s');
}

/** One preview, as the extension fills it: static chunks, then HELM's chunks. Returns ms to the first text and to the last. */
async function chunked(client: TestClient, file: string, lineCount: number, filters: ExpansionFilters, exactToCome: boolean): Promise<{ first: number; whole: number; runSpecs: number }> {
  const start = now();
  let first = 0;
  const chunks: ExpandedEntry[][] = [];
  const ranges = chunkRanges(lineCount);
  for (const exact of exactToCome ? [false, true] : [false]) {
    for (const [i, [fromLine, toLine]] of ranges.entries()) {
      const params: ExpandFileParams = { uri: fileUri(file), filters, fromLine, toLine, exact };
      chunks[i] = (await client.connection.sendRequest<ExpandFileResult>(EXPAND_FILE_REQUEST, params)).entries;
      formatExpansion(path.basename(file), chunks.flat(), filters, pendingNote(ranges, i, exact, exactToCome));
      if (!exact && i === 0) first = now() - start;
    }
  }
  return { first, whole: now() - start, runSpecs: chunks.flat().reduce((n, e) => n + e.runSpecs.length, 0) };
}

/** The former way: one request for the whole file, shown when it is all there. */
async function single(client: TestClient, file: string, filters: ExpansionFilters): Promise<number> {
  const start = now();
  const result = await client.connection.sendRequest<ExpandFileResult>(EXPAND_FILE_REQUEST, { uri: fileUri(file), filters });
  formatExpansion(path.basename(file), result.entries, filters);
  return now() - start;
}

export async function run(): Promise<void> {
  const file = corpusFile(corpusConfFiles().find((f) => path.basename(f) === 'run_entries.conf'));
  if (!file || !serverBuilt(serverPath)) return;
  const text = fs.readFileSync(file, 'utf8');
  const lineCount = text.split('\n').length;
  const setups: Setup[] = [{ label: 'static', trusted: false }];
  const standin = fixturePath('standin-helm');
  if (spawnSync('python3', ['-c', 'import sys'], { stdio: 'ignore' }).status === 0) {
    setups.push({ label: 'stand-in HELM', trusted: true, rootPath: standin, settings: { pythonPath: 'python3', helmSourcePath: standin, exactExpansion: true, localPath: 'prod_env', plugins: [] } });
  }
  const python = process.env.HELM_BRIDGE_PYTHON;
  if (python) {
    // The server's Python helper inherits this environment: HELM's dependencies on its path.
    if (process.env.HELM_BRIDGE_PYTHONPATH) process.env.PYTHONPATH = process.env.HELM_BRIDGE_PYTHONPATH;
    setups.push({ label: 'real HELM', trusted: true, settings: { pythonPath: python, helmSourcePath: process.env.HELM_BRIDGE_HELM_SOURCE ?? '', exactExpansion: true, localPath: 'prod_env', plugins: [] } });
  } else console.log('real HELM: skipped (set HELM_BRIDGE_PYTHON, and HELM_BRIDGE_HELM_SOURCE / HELM_BRIDGE_PYTHONPATH if needed)');
  const filterSets: Array<[string, ExpansionFilters]> = [['--models-to-run openai/gpt2', { modelsToRun: ['openai/gpt2'] }], ['no filter', {}]];
  console.log(`${path.basename(file)}: ${lineCount} lines, chunks of ${chunkRanges(lineCount).map(([a, b]) => b - a).join(', ')} lines`);
  for (const setup of setups) {
    for (const [filterLabel, filters] of filterSets) {
      // Each on a server of its own, so that HELM's answers are never already cached (HELM loaded first in both).
      const a = await opened(setup, file, text);
      const c = await chunked(a, file, lineCount, filters, setup.trusted);
      a.kill();
      const b = await opened(setup, file, text);
      const s = await single(b, file, filters);
      b.kill();
      const verdict = c.first < TARGET_MS ? `target < ${TARGET_MS} ms: met` : `target < ${TARGET_MS} ms: NOT met`;
      console.log(
        `${`${setup.label}, ${filterLabel}`.padEnd(42)} first results ${c.first.toFixed(0)} ms (${verdict}); whole list chunked ${c.whole.toFixed(0)} ms, ` +
          `in one request ${s.toFixed(0)} ms; ${c.runSpecs} RunSpecs`,
      );
    }
  }
}
