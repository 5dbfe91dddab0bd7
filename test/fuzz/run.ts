// `npm run fuzz`: the fuzzing of test/unit/fuzz.test.ts at length, with bigger texts, printing its numbers; with `--lsp`, that of test/lsp/lspFuzz.test.ts (the bundled server over the protocol).
//   node out/test/fuzz/run.js [--documents N] [--edits N] [--seed S] [--document D] [--lsp push|pull|both [--large]]
import * as fs from 'fs';
import * as path from 'path';
import { percentile, runFuzz } from './confFuzz';
import type { FuzzScale } from './mutations';
import { runLspFuzz, type DiagnosticsMode, type LspMismatch } from './lspFuzz';

/** Up to HELM-corpus-sized documents, and the sizes that once took seconds: 100,000 levels, 100,000 commas, a 1 MB line. */
const LONG_RUN: FuzzScale = { nesting: 100_000, flood: 100_000, line: 1_000_000, paste: 5000, window: 500 };

/** Over the protocol, every version is sent to a second server whole: a tenth of those sizes, windows of up to 200 lines (`--large`: the sizes above). */
const LSP_RUN: FuzzScale = { nesting: 10_000, flood: 10_000, line: 100_000, paste: 5000, window: 200 };

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a whole number`);
  return n;
}

function line(label: string, times: number[]): string {
  const s = [...times].sort((a, b) => a - b);
  const f = (n: number): string => `${n.toFixed(1)} ms`;
  return `${label.padEnd(26)} n=${s.length}  p50 ${f(percentile(s, 50))}  p95 ${f(percentile(s, 95))}  p99 ${f(percentile(s, 99))}  max ${f(s[s.length - 1] ?? 0)}`;
}

/** Where each mismatch's document and didChange events are written, to replay and reduce it. */
const MISMATCH_DIR = path.join(__dirname, '..', '..', 'fuzz-mismatches');

function printMismatch(seed: number, edits: number, mode: DiagnosticsMode, m: LspMismatch): void {
  fs.mkdirSync(MISMATCH_DIR, { recursive: true });
  const file = path.join(MISMATCH_DIR, `lsp-${mode}-seed${seed}-document${m.document}.json`);
  fs.writeFileSync(file, JSON.stringify({ seed, mode, ...m }, null, 1));
  console.log(`MISMATCH ${mode}, document ${m.document} (${m.kinds.join(', ')}), ${m.step}: ${m.what}\n  ${m.detail.split('\n').join('\n  ')}`);
  console.log(`  text (${m.text.length} characters): ${JSON.stringify(m.text.slice(0, 300))}${m.text.length > 300 ? '…' : ''}`);
  console.log(`  last didChange: ${JSON.stringify(m.replay.steps[m.replay.steps.length - 1] ?? 'none (the open)').slice(0, 400)}`);
  console.log(`  document and every didChange: ${path.relative(process.cwd(), file)}`);
  console.log(`  replay: node out/test/fuzz/run.js --lsp ${mode} --seed ${seed} --edits ${edits} --document ${m.document}${process.argv.includes('--large') ? ' --large' : ''}`);
}

async function lspMain(seed: number, documents: number, edits: number, only: number | undefined): Promise<void> {
  const which = process.argv[process.argv.indexOf('--lsp') + 1];
  const modes: DiagnosticsMode[] = which === 'push' || which === 'pull' ? [which] : ['push', 'pull'];
  for (const mode of modes) {
    const started = Date.now();
    const stats = await runLspFuzz({ seed, documents, edits, scale: process.argv.includes('--large') ? LONG_RUN : LSP_RUN, mode, only, onMismatch: (m) => printMismatch(seed, edits, mode, m) });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const sequences = new Set(stats.mismatches.map((m) => m.document)).size;
    console.log(`${mode}, seed ${seed}: ${stats.documents} documents, ${stats.edits} didChange events, ${stats.checked} versions compared with a fresh open, ${stats.requests} hover/symbol/folding/semantic-token requests; ${stats.mismatches.length} mismatches in ${sequences} sequences; ${seconds} s`);
    console.log(`  edits per kind: ${Object.entries(stats.kinds).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    console.log(line('  didOpen → diagnostics', stats.open));
    console.log(line('  didChange → diagnostics', stats.latency));
    if (stats.mismatches.length) process.exitCode = 1;
  }
}

function main(): void {
  const seed = flag('seed', 1);
  const documents = flag('documents', 1000);
  const edits = flag('edits', 10);
  const only = process.argv.includes('--document') ? flag('document', 0) : undefined;
  if (process.argv.includes('--lsp')) {
    lspMain(seed, documents, edits, only).catch((err: unknown) => {
      console.error(err instanceof Error ? err.stack : String(err));
      process.exitCode = 1;
    });
    return;
  }
  const started = Date.now();
  let stats;
  try {
    stats = runFuzz({ seed, documents, edits, scale: LONG_RUN, only });
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    console.error(`replay: node out/test/fuzz/run.js --seed ${seed} --documents ${documents} --edits ${edits} --document <the number above>`);
    process.exitCode = 1;
    return;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`seed ${seed}: ${stats.documents} documents, ${stats.edits} edits (${stats.spliced} kept the previous tree), every version equal to a full parse; ${seconds} s in all, checks included`);
  console.log(line('open → diagnostics', stats.open));
  console.log(line('edit → diagnostics', stats.edit));
  console.log(line('symbols + folding', stats.outline));
  console.log(`documents over 50 ms: ${stats.open.filter((t) => t > 50).length}, over 1 s: ${stats.open.filter((t) => t > 1000).length} (open → diagnostics)`);
  for (const s of stats.slowest) console.log(`  slowest: document ${s.document}, ${s.ms.toFixed(0)} ms for it all, ${s.length} characters (${s.kinds.join(', ')})`);
}

main();
