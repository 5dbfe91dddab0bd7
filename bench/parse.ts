// Conf parser speed: the whole corpus and a generated 100,000-entry file, each beside JSON.parse of the same data.
import * as fs from 'fs';
import { parseConf } from '../server/src/parser/index';
import { corpusConfFiles } from '../test/helpers/corpus';

function time<T>(runs: number, f: () => T): { ms: number; result: T } {
  let result = f(); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) result = f();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6 / runs, result };
}

/** The same entries as JSON: what JSON.parse would read. */
function asJson(entries: Array<{ description: string; priority: number }>): string {
  return JSON.stringify({ entries });
}

function generated(n: number): { conf: string; json: string } {
  const entries: Array<{ description: string; priority: number }> = [];
  const lines = ['# generated', 'entries: ['];
  for (let i = 0; i < n; i++) {
    const description = `mmlu:subject=s${i},model=openai/gpt2,data_augmentation=canonical`;
    const priority = 1 + (i % 5);
    entries.push({ description, priority });
    lines.push(`  {description: "${description}", priority: ${priority}}${i % 10 === 0 ? '  # note' : ''}`);
  }
  lines.push(']', '');
  return { conf: lines.join('\n'), json: asJson(entries) };
}

function report(label: string, confMs: number, jsonMs: number, entries: number): void {
  console.log(
    `${label}: parseConf ${confMs.toFixed(1)} ms, JSON.parse ${jsonMs.toFixed(2)} ms, ratio ${(confMs / jsonMs).toFixed(0)}x, ${entries} entries`,
  );
}

export async function run(): Promise<void> {
  const files = corpusConfFiles();
  if (files.length) {
    const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
    const jsons = texts.map((t) => {
      const conf = parseConf(t);
      return asJson(conf.entries.map((e) => ({ description: e.description?.parsed?.text ?? '', priority: Number(e.priority?.value ?? 0) })));
    });
    const conf = time(10, () => texts.reduce((n, t) => n + parseConf(t).entries.length, 0));
    const json = time(10, () => jsons.reduce((n, j) => n + (JSON.parse(j) as { entries: unknown[] }).entries.length, 0));
    report(`corpus (${files.length} files, ${texts.reduce((n, t) => n + t.length, 0)} chars)`, conf.ms, json.ms, conf.result);
  } else {
    console.log('corpus: absent, skipped');
  }
  const big = generated(100_000);
  const conf = time(2, () => parseConf(big.conf).entries.length);
  const json = time(5, () => (JSON.parse(big.json) as { entries: unknown[] }).entries.length);
  report(`generated (${(big.conf.length / 1e6).toFixed(1)} MB)`, conf.ms, json.ms, conf.result);
}
