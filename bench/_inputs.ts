// What the benchmarks run on: HELM's conf files and the bundled registry (or a line saying why not), generated files, and the median they report.
import * as fs from 'fs';
import { corpusConfFiles } from '../test/helpers/corpus';
import { snapshotRegistry } from '../test/helpers/registry';
import type { Registry } from '../server/src/registry/types';

const NO_CORPUS = 'skipped: the corpus (../shared/helm-corpus) is not beside this clone';

/** HELM's conf files, or undefined after a line saying they are not beside this clone. */
export function corpusFiles(): string[] | undefined {
  const files = corpusConfFiles();
  if (files.length === 0) console.log(NO_CORPUS);
  return files.length ? files : undefined;
}

/** Says so and gives undefined when a corpus file the benchmark needs is missing. */
export function corpusFile(found: string | undefined): string | undefined {
  if (!found) console.log(NO_CORPUS);
  return found;
}

/** Whether the bundled language server is there (`serverPath`), else a line saying how to build it. */
export function serverBuilt(serverPath: string): boolean {
  if (!fs.existsSync(serverPath)) console.log('skipped: dist/server.js is missing (node esbuild.mjs)');
  return fs.existsSync(serverPath);
}

export function corpusAndRegistry(): { files: string[]; registry: Registry } | undefined {
  const files = corpusFiles();
  if (!files) return undefined;
  const registry = snapshotRegistry();
  if (!registry) {
    console.log('skipped: the registry snapshot (server/data/registry-snapshot.json) is missing');
    return undefined;
  }
  return { files, registry };
}

/** A generated conf file of `n` valid entries, one per line (a comment every tenth), and the same data as JSON: what parse and check are measured on beside JSON.parse. */
export function generatedWithJson(n: number): { conf: string; json: string } {
  const lines = ['# generated', 'entries: ['];
  const entries: Array<{ description: string; priority: number }> = [];
  for (let i = 0; i < n; i++) {
    const description = `mmlu:subject=s${i},model=openai/gpt2,data_augmentation=canonical`;
    entries.push({ description, priority: 1 + (i % 5) });
    lines.push(`  {description: "${description}", priority: ${1 + (i % 5)}}${i % 10 === 0 ? '  # note' : ''}`);
  }
  lines.push(']', '');
  return { conf: lines.join('\n'), json: JSON.stringify({ entries }) };
}

/** The median (of an even count, the mean of the two middle values). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
