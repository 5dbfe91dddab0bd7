// Formatting speed: the whole corpus and the largest corpus file, with the self-check (a second parse of the result) included.
import * as fs from 'fs';
import { parseConf } from '../server/src/parser/index';
import { formatConf } from '../server/src/services/formatting';
import { corpusConfFiles } from '../test/helpers/corpus';

function msPerRun(runs: number, f: () => void): number {
  f(); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) f();
  return Number(process.hrtime.bigint() - t0) / 1e6 / runs;
}

export async function run(): Promise<void> {
  const files = corpusConfFiles();
  if (!files.length) {
    console.log('format: skipped: the corpus (../shared/helm-corpus) is not beside this clone');
    return;
  }
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const confs = texts.map((t) => parseConf(t));
  const all = msPerRun(5, () => confs.forEach((c) => formatConf(c)));
  const largest = confs.reduce((a, b) => (b.text.length > a.text.length ? b : a));
  const one = msPerRun(20, () => formatConf(largest));
  console.log(`format: corpus (${files.length} files) ${all.toFixed(1)} ms; largest file (${largest.entries.length} entries) ${one.toFixed(1)} ms per Format Document, parse of the original not included`);
}
