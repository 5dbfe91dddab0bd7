// Registry timings: scanning HELM's full source tree, and loading the bundled snapshot in a fresh process.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { scanHelmSource } from '../server/src/registry/scanHelm';
import { snapshotCandidates } from '../server/src/registry/snapshot';
import { median } from './_inputs';

const HELM_SRC = process.env.HELM_SRC ?? '/work/helm-src/src';
const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

function benchScan(): void {
  if (!fs.existsSync(path.join(HELM_SRC, 'helm', 'benchmark', 'run_expander.py'))) {
    console.log(`scan: skipped (no HELM source at ${HELM_SRC}; set HELM_SRC)`);
    return;
  }
  // What the language server pays at start: one scan of an installed HELM (docstrings, descriptions) in a fresh process.
  const scanner = path.join(__dirname, '..', 'server', 'src', 'registry', 'scanHelm.js');
  const coldScan = fresh(
    `const m=require(${JSON.stringify(scanner)});const t=process.hrtime.bigint();` +
      `const s=m.scanHelmSource(${JSON.stringify(HELM_SRC)},{source:'installed'});if(s.functions.length<300)process.exit(1);` +
      `console.log(Number(process.hrtime.bigint()-t)/1e6)`,
    5,
  );
  // Every RunSpec name template read at once (they are read on first use), in a fresh process after the scan.
  const coldTemplates = fresh(
    `const m=require(${JSON.stringify(scanner)});const s=m.scanHelmSource(${JSON.stringify(HELM_SRC)},{source:'installed'});` +
      `const t=process.hrtime.bigint();let n=0;for(const f of s.functions)if(f.runSpecName)n++;if(n<300)process.exit(1);` +
      `console.log(Number(process.hrtime.bigint()-t)/1e6)`,
    5,
  );
  const warm: number[] = [];
  let functions = 0;
  for (let r = 0; r < 7; r++) {
    const start = process.hrtime.bigint();
    functions = scanHelmSource(HELM_SRC, { source: 'installed' }).functions.length;
    warm.push(ms(start));
  }
  console.log(
    `scan of ${HELM_SRC} (${functions} run spec functions): fresh process median ${coldScan.toFixed(1)} ms over 5 (target < 300 ms); ` +
      `warm median ${median(warm).toFixed(1)} ms over 7; all RunSpec name templates, read on first use, ${coldTemplates.toFixed(1)} ms in a fresh process`,
  );
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
}

export async function run(): Promise<void> {
  benchScan();
  benchLoad();
}
