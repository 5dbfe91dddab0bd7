// The registry the expansion tests and bench use: HELM's bundled snapshot, loaded through server/src/registry.
import { createRegistry, loadSnapshot } from '../../server/src/registry/index';
import type { Registry } from '../../server/src/registry/types';

let cached: Registry | undefined;

/** The snapshot registry, or undefined when the snapshot file is missing (then the tests skip, saying so). */
export function snapshotRegistry(): Registry | undefined {
  if (cached) return cached;
  const snapshot = loadSnapshot();
  if (snapshot.functions.length === 0) return undefined;
  cached = createRegistry([snapshot]);
  return cached;
}

/** `describe` when the snapshot is there, else one skipped test saying why. */
export function describeWithRegistry(title: string, body: (registry: Registry) => void): void {
  const registry = snapshotRegistry();
  if (registry) describe(title, () => body(registry));
  else describe(title, () => it.skip('(skipped: server/data/registry-snapshot.json is missing)'));
}
