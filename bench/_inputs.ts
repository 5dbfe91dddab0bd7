// What the corpus benchmarks run on: HELM's conf files and the bundled registry, or a line saying why not.
import { corpusConfFiles } from '../test/helpers/corpus';
import { snapshotRegistry } from '../test/helpers/registry';
import type { Registry } from '../server/src/registry/types';

export function corpusAndRegistry(): { files: string[]; registry: Registry } | undefined {
  const files = corpusConfFiles();
  if (files.length === 0) {
    console.log('skipped: the corpus (../shared/helm-corpus) is not beside this clone');
    return undefined;
  }
  const registry = snapshotRegistry();
  if (!registry) {
    console.log('skipped: the registry snapshot (server/data/registry-snapshot.json) is missing');
    return undefined;
  }
  return { files, registry };
}
