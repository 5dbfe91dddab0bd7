// What the corpus benchmarks run on: HELM's conf files and the bundled registry, or a line saying why not.
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

/**
 * A generated conf file of `n` entries, one per line. 'diagnostics': each entry has a key HELM drops
 * (`prority`, a warning) and every 50th an unknown run spec function (an error): n × 1.02 diagnostics.
 * 'wildcards': each entry names the `text` wildcard (481 RunSpecs each with the snapshot).
 */
export function generatedConf(n: number, kind: 'diagnostics' | 'wildcards'): string {
  const lines = ['# generated', 'entries: ['];
  for (let i = 0; i < n; i++) {
    if (kind === 'wildcards') lines.push(`  {description: "mmlu:subject=s${i},model=text", priority: ${1 + (i % 5)}}`);
    else lines.push(`  {description: "${i % 50 === 0 ? 'mmluu' : 'mmlu'}:subject=s${i},model=openai/gpt2", prority: ${1 + (i % 5)}}`);
  }
  lines.push(']', '');
  return lines.join('\n');
}
