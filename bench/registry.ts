// Registry timings: scanning HELM's full source tree, and loading the bundled snapshot in a fresh process (file vs inlined).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { extractRunSpecNameTemplate } from '../server/src/expansion/runSpecName';
import { scanHelmSource } from '../server/src/registry/scanHelm';
import { snapshotCandidates } from '../server/src/registry/snapshot';

const HELM_SRC = process.env.HELM_SRC ?? '/work/helm-src/src';
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

function benchScan(): void {
  if (!fs.existsSync(path.join(HELM_SRC, 'helm', 'benchmark', 'run_expander.py'))) {
    console.log(`scan: skipped (no HELM source at ${HELM_SRC}; set HELM_SRC)`);
    return;
  }
  const times: number[] = [];
  let functions = 0;
  for (let r = 0; r < 5; r++) {
    const start = process.hrtime.bigint();
    functions = scanHelmSource(HELM_SRC, { source: 'snapshot' }).functions.length;
    times.push(ms(start));
  }
  const alone: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = process.hrtime.bigint();
    scanHelmSource(HELM_SRC, { source: 'snapshot', runSpecNames: false });
    alone.push(ms(start));
  }
  // The share of the scan spent reading RunSpec name templates (expansion/runSpecName.ts).
  const scanned = scanHelmSource(HELM_SRC, { source: 'snapshot' });
  const sources = new Map<string, string>();
  const start = process.hrtime.bigint();
  for (const f of scanned.functions) {
    const file = path.join(HELM_SRC, f.origin.file);
    if (!sources.has(file)) sources.set(file, fs.readFileSync(file, 'utf8'));
    extractRunSpecNameTemplate(sources.get(file) as string, f.origin.line);
  }
  const templates = ms(start);
  console.log(`scan of ${HELM_SRC}: ${functions} run spec functions, median ${median(times).toFixed(1)} ms over 5 (target < 300 ms); ` +
    `without RunSpec name templates ${median(alone).toFixed(1)} ms; the templates alone ≈ ${templates.toFixed(1)} ms`);
}

/** Runs `code` in a fresh node process that prints one number (ms); the median of `n` runs. */
function fresh(code: string, n = 7): number {
  const times: number[] = [];
  for (let r = 0; r < n; r++) times.push(Number(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' }).trim()));
  return median(times);
}

function benchLoad(): void {
  const file = snapshotCandidates().find((f) => fs.existsSync(f));
  if (!file) {
    console.log('load: skipped (no server/data/registry-snapshot.json; run npm run snapshot)');
    return;
  }
  const size = fs.statSync(file).size;
  const loader = path.join(__dirname, '..', 'server', 'src', 'registry', 'snapshot.js');
  const viaFile = fresh(`const t=process.hrtime.bigint();const s=require(${JSON.stringify(loader)}).loadSnapshot();if(!s.functions.length)process.exit(1);console.log(Number(process.hrtime.bigint()-t)/1e6)`);
  console.log(`load from the file (tsc output, fresh process): median ${viaFile.toFixed(1)} ms for ${(size / 1024).toFixed(0)} KiB (target < 30 ms)`);
  // The alternative: esbuild inlines the JSON into the bundle as an object literal.
  let esbuild: { buildSync(o: object): unknown } | undefined;
  try {
    esbuild = require('esbuild') as { buildSync(o: object): unknown };
  } catch {
    console.log('load inlined by esbuild: skipped (no esbuild)');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-bench-'));
  try {
    const entry = path.join(dir, 'entry.js');
    fs.writeFileSync(entry, `module.exports = require(${JSON.stringify(file)});`);
    const out = path.join(dir, 'bundle.js');
    esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'silent' });
    const inlined = fresh(`const t=process.hrtime.bigint();const s=require(${JSON.stringify(out)});if(!s.functions.length)process.exit(1);console.log(Number(process.hrtime.bigint()-t)/1e6)`);
    console.log(`load inlined by esbuild (fresh process): median ${inlined.toFixed(1)} ms, bundle ${(fs.statSync(out).size / 1024).toFixed(0)} KiB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  benchScan();
  benchLoad();
}
