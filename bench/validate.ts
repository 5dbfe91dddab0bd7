// Validation of the whole corpus in one process (parse + every registry-aware check): median and p95 per file.
import * as fs from 'fs';
import * as path from 'path';
import { parseConf } from '../server/src/parser/index';
import { validate } from '../server/src/services/validation';
import { corpusAndRegistry } from './_inputs';

const ROUNDS = 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

export async function run(): Promise<void> {
  const inputs = corpusAndRegistry();
  if (!inputs) return;
  const { files, registry } = inputs;
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  // Per file: the median of ROUNDS runs of parse + validate (the first round warms the JIT).
  const perFile: number[][] = texts.map(() => []);
  let diagnostics = 0;
  let errors = 0;
  const totals: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const roundStart = process.hrtime.bigint();
    texts.forEach((text, i) => {
      const start = process.hrtime.bigint();
      const found = validate(parseConf(text), registry, { rules: {}, modelsToRun: [] });
      perFile[i].push(Number(process.hrtime.bigint() - start) / 1e6);
      if (r === 0) {
        diagnostics += found.length;
        errors += found.filter((d) => d.severity === 'error').length;
      }
    });
    totals.push(Number(process.hrtime.bigint() - roundStart) / 1e6);
  }
  const medians = perFile.map((t) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)]).sort((a, b) => a - b);
  const slowest = perFile
    .map((t, i) => ({ file: path.basename(files[i]), ms: [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)] }))
    .sort((a, b) => b.ms - a.ms)[0];
  totals.sort((a, b) => a - b);
  console.log(`${files.length} files (${registry.describeSource}): ${diagnostics} diagnostics, ${errors} errors`);
  console.log(
    `per file (parse + validate, median of ${ROUNDS}): median ${percentile(medians, 0.5).toFixed(2)} ms, p95 ${percentile(medians, 0.95).toFixed(2)} ms, ` +
      `max ${slowest.ms.toFixed(2)} ms (${slowest.file}); whole corpus: median ${totals[Math.floor(ROUNDS / 2)].toFixed(0)} ms`,
  );
}
