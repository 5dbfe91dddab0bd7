// Static expansion of the whole corpus with no filter (every model of each wildcard): time and RunSpecs per second.
import * as fs from 'fs';
import { expandConf } from '../server/src/expansion/staticExpansion';
import { parseConf } from '../server/src/parser/index';
import { corpusAndRegistry } from './_inputs';

export async function run(): Promise<void> {
  const inputs = corpusAndRegistry();
  if (!inputs) return;
  const { files, registry } = inputs;
  const confs = files.map((f) => parseConf(fs.readFileSync(f, 'utf8')));
  const entries = confs.reduce((n, c) => n + c.entries.length, 0);
  const rounds = 5;
  let runSpecs = 0;
  let approximate = 0;
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    runSpecs = 0;
    approximate = 0;
    for (const conf of confs) {
      for (const e of expandConf(conf, registry, {})) {
        runSpecs += e.runSpecs.length;
        approximate += e.runSpecs.filter((x) => x.approximate).length;
      }
    }
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(rounds / 2)];
  console.log(`${files.length} files, ${entries} entries → ${runSpecs} RunSpecs (${approximate} approximate), no filter`);
  console.log(`median of ${rounds}: ${median.toFixed(0)} ms, ${Math.round(runSpecs / (median / 1000)).toLocaleString('en-US')} RunSpecs/s (slowest run ${times[rounds - 1].toFixed(0)} ms)`);
}
