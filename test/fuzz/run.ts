// `npm run fuzz`: the fuzzing of test/unit/fuzz.test.ts at length, with bigger texts, printing its numbers.
//   node out/test/fuzz/run.js [--documents N] [--edits N] [--seed S] [--document D]
import { percentile, runFuzz, type FuzzScale } from './confFuzz';

/** Up to HELM-corpus-sized documents, and the sizes that once took seconds: 100,000 levels, 100,000 commas, a 1 MB line. */
const LONG_RUN: FuzzScale = { nesting: 100_000, flood: 100_000, line: 1_000_000, paste: 5000, window: 500 };

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
  return `${label.padEnd(22)} n=${s.length}  p50 ${f(percentile(s, 50))}  p95 ${f(percentile(s, 95))}  p99 ${f(percentile(s, 99))}  max ${f(s[s.length - 1] ?? 0)}`;
}

function main(): void {
  const seed = flag('seed', 1);
  const documents = flag('documents', 1000);
  const edits = flag('edits', 10);
  const only = process.argv.includes('--document') ? flag('document', 0) : undefined;
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
