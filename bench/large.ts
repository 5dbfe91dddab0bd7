// Large files: a generated 100,000-entry file in the language server (edit → diagnostics, pushed and pulled, and a hover
// asked meanwhile) and `helm-conf expand` on entries naming a wildcard (time and peak memory).
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DidChangeTextDocumentNotification, HoverRequest, type TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { projectRoot } from '../test/helpers/corpus';
import { residentBytes } from '../test/helpers/process';
import { TestClient, fileUri, serverPath } from '../test/lsp/lspClient';
import { generatedConf } from '../test/helpers/generatedConf';

const ENTRIES = 100_000;
const WARMUP = 5;
const ROUNDS = 20;
/** Entries of the expand run; HELM_BENCH_EXPAND_ENTRIES=100000 for the full size (about 48 million RunSpecs, minutes). */
const EXPAND_ENTRIES = Number(process.env.HELM_BENCH_EXPAND_ENTRIES ?? 10_000);

const now = (): number => Number(process.hrtime.bigint()) / 1e6;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function percentiles(times: number[]): string {
  const s = [...times].sort((a, b) => a - b);
  const at = (p: number): number => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
  return `p50 ${at(50).toFixed(0)} ms  p95 ${at(95).toFixed(0)} ms`;
}

/** The peak resident memory of a process, sampled until it ends (VmHWM when /proc has it). */
function peakOf(pid: number): () => number {
  let peak = 0;
  const poll = setInterval(() => (peak = Math.max(peak, residentBytes(pid) ?? 0)), 50);
  return () => {
    clearInterval(poll);
    return peak;
  };
}

async function lsp(mode: 'push' | 'pull', file: string, text: string): Promise<void> {
  const uri = fileUri(file);
  const client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, retainDiagnostics: 2, pullDiagnostics: mode === 'pull' });
  const peak = peakOf(client.proc.pid!);
  try {
    let t0 = now();
    await client.open(uri, text, 1);
    let resultId: string | undefined;
    let count: number;
    if (mode === 'pull') {
      const r = await client.pull(uri);
      resultId = r.resultId;
      count = r.kind === 'full' ? r.items.length : 0;
    } else count = (await client.waitForDiagnostics(uri, (d) => d.version === 1, 300000)).diagnostics.length;
    console.log(`${mode}: open → ${count} diagnostics ${(now() - t0).toFixed(0)} ms`);
    // `x` typed into the 5,000th entry's run spec function name, then deleted; a hover on the 10th entry right after each edit.
    const at = { line: 5002, character: 19 };
    const edits: TextDocumentContentChangeEvent[] = [
      { range: { start: at, end: at }, text: 'x' },
      { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' },
    ];
    const editTimes: number[] = [];
    const hoverTimes: number[] = [];
    let version = 1;
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      const v = ++version;
      t0 = now();
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [edits[i % 2]] });
      const done =
        mode === 'pull'
          ? client.pull(uri, resultId).then((r) => void (resultId = r.resultId))
          : client.waitForDiagnostics(uri, (d) => d.version === v, 300000).then(() => undefined);
      const h0 = now();
      const hover = client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 11, character: 19 } }).then(() => now() - h0);
      await done;
      const editMs = now() - t0;
      const hoverMs = await hover;
      if (i >= WARMUP) {
        editTimes.push(editMs);
        hoverTimes.push(hoverMs);
      }
    }
    console.log(`${mode}: edit → diagnostics  ${percentiles(editTimes)}   hover asked meanwhile  ${percentiles(hoverTimes)}`);
    if (mode === 'pull') {
      // A digit typed after the value of the 5,000th entry's `prority` and deleted: nothing shown changes.
      const times: number[] = [];
      const line = text.split('\n')[at.line];
      const c = { line: at.line, character: line.indexOf('prority: ') + 'prority: '.length + 1 };
      for (let i = 0; i < WARMUP + ROUNDS; i++) {
        const v = ++version;
        t0 = now();
        const change = i % 2 === 0 ? { range: { start: c, end: c }, text: '2' } : { range: { start: c, end: { line: c.line, character: c.character + 1 } }, text: '' };
        await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [change] });
        const r = await client.pull(uri, resultId);
        if (r.kind !== 'unchanged') console.log(`note: the pull after that edit was ${r.kind}`);
        resultId = r.resultId;
        if (i >= WARMUP) times.push(now() - t0);
      }
      console.log(`pull: edit that changes no diagnostic → unchanged report  ${percentiles(times)}`);
    }
    await client.stop();
  } finally {
    console.log(`${mode}: server peak memory ${mib(peak())}`);
    client.kill();
  }
}

async function expand(file: string, format: 'text' | 'json'): Promise<void> {
  const t0 = now();
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist', 'cli.js'), 'expand', file, '--format', format], { stdio: ['ignore', 'pipe', 'pipe'] });
  const peak = peakOf(child.pid!);
  let bytes = 0;
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (bytes += d.length));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const status = code === 0 ? 'exit 0' : `exit ${code}: ${stderr.trim().split('\n').slice(-1)[0]}`;
  console.log(`expand --format ${format}: ${EXPAND_ENTRIES} entries, ${(bytes / 2 ** 20).toFixed(0)} MiB of output in ${((now() - t0) / 1000).toFixed(1)} s, peak memory ${mib(peak())} (${status})`);
}

export async function run(): Promise<void> {
  if (!fs.existsSync(serverPath)) {
    console.log('skipped: dist/server.js is missing (node esbuild.mjs)');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-bench-large-'));
  try {
    const file = path.join(dir, 'run_entries_large.conf');
    const text = generatedConf(ENTRIES, 'diagnostics');
    fs.writeFileSync(file, text);
    console.log(`${ENTRIES} entries, ${(text.length / 2 ** 20).toFixed(1)} MiB`);
    await lsp('push', file, text);
    await lsp('pull', file, text);
    const wild = path.join(dir, 'run_entries_wildcards.conf');
    fs.writeFileSync(wild, generatedConf(EXPAND_ENTRIES, 'wildcards'));
    await expand(wild, 'text');
    await expand(wild, 'json');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
