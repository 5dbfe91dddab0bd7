// Conf parser speed: the whole corpus and a generated 100,000-entry file, each beside JSON.parse of the same data; the bytes a parse allocates and keeps per entry.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseConf } from '../server/src/parser/index';
import { corpusConfFiles } from '../test/helpers/corpus';
import { generatedWithJson } from './_inputs';

/** Mean of `runs` calls of f after `warmUp` (at least one) untimed ones. */
function time<T>(runs: number, f: () => T, warmUp = 1): { ms: number; result: T } {
  let result = f();
  for (let i = 1; i < warmUp; i++) result = f();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) result = f();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6 / runs, result };
}

/** The same entries as JSON: what JSON.parse would read. */
function asJson(entries: Array<{ description: string; priority: number }>): string {
  return JSON.stringify({ entries });
}

function report(label: string, confMs: number, jsonMs: number, entries: number): void {
  console.log(
    `${label}: parseConf ${confMs.toFixed(1)} ms, JSON.parse ${jsonMs.toFixed(2)} ms, ratio ${(confMs / jsonMs).toFixed(0)}x, ${entries} entries`,
  );
}

/**
 * Bytes allocated and kept per entry by parseConf of 10,000 generated entries, in a process whose young
 * generation holds the whole parse (no collection in between: the heap's growth is what was allocated).
 */
function allocation(): string {
  const parser = path.join(__dirname, '..', 'server', 'src', 'parser', 'index.js');
  const script = `
    const { parseConf } = require(${JSON.stringify(parser)});
    const text = ${JSON.stringify(generatedWithJson(10_000).conf)};
    parseConf(${JSON.stringify(generatedWithJson(100).conf)});
    gc();
    const h0 = process.memoryUsage().heapUsed;
    const conf = parseConf(text);
    const h1 = process.memoryUsage().heapUsed;
    gc();
    const h2 = process.memoryUsage().heapUsed;
    console.log(JSON.stringify({ allocated: (h1 - h0) / 1e4, kept: (h2 - h0) / 1e4, entries: conf.entries.length }));`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--min-semi-space-size=256', '--max-semi-space-size=256', '-'], { input: script, encoding: 'utf8' });
  const m = /\{.*\}/.exec(r.stdout ?? '');
  if (r.status !== 0 || !m) return `not measured (${String(r.error ?? r.stderr).trim().split('\n')[0]})`;
  const { allocated, kept } = JSON.parse(m[0]) as { allocated: number; kept: number };
  return `${allocated.toFixed(0)} bytes allocated, ${kept.toFixed(0)} bytes kept per entry (10,000 generated entries)`;
}

export async function run(): Promise<void> {
  const files = corpusConfFiles();
  if (files.length) {
    const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
    const jsons = texts.map((t) => {
      const conf = parseConf(t);
      return asJson(conf.entries.map((e) => ({ description: e.description?.parsed?.text ?? '', priority: Number(e.priority?.value ?? 0) })));
    });
    // Both warm (as in the targets' line): V8 compiles parseConf as it runs, JSON.parse is native.
    const conf = time(20, () => texts.reduce((n, t) => n + parseConf(t).entries.length, 0), 20);
    const json = time(20, () => jsons.reduce((n, j) => n + (JSON.parse(j) as { entries: unknown[] }).entries.length, 0), 20);
    report(`corpus (${files.length} files, ${texts.reduce((n, t) => n + t.length, 0)} chars)`, conf.ms, json.ms, conf.result);
  } else {
    console.log('corpus: absent, skipped');
  }
  const big = generatedWithJson(100_000);
  const conf = time(2, () => parseConf(big.conf).entries.length);
  const json = time(5, () => (JSON.parse(big.json) as { entries: unknown[] }).entries.length);
  report(`generated (${(big.conf.length / 1e6).toFixed(1)} MB)`, conf.ms, json.ms, conf.result);
  console.log(`allocation: ${allocation()}`);
}
