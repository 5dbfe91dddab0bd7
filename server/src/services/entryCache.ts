// What a service computed for one run entry, kept while the entry is the same object.
import type { RunEntry } from '../parser/types';
import type { Registry } from '../registry/types';

/**
 * Results kept per run entry. An entry the incremental parse did not re-read is the same object in the
 * next version, at most moved: what was computed for it holds for the same registry and settings
 * (`key`), and follows the entry through `move` when its start changed.
 */
export class EntryCache<T> {
  private readonly cache = new WeakMap<RunEntry, { registry: Registry; key: string; at: number; value: T }>();

  constructor(private readonly move?: (value: T, by: number) => T) {}

  get(entry: RunEntry, registry: Registry, key: string, compute: () => T): T {
    const at = entry.node.span.start;
    const hit = this.cache.get(entry);
    if (!hit || hit.registry !== registry || hit.key !== key) {
      const value = compute();
      this.cache.set(entry, { registry, key, at, value });
      return value;
    }
    if (hit.at !== at) {
      if (this.move) hit.value = this.move(hit.value, at - hit.at);
      hit.at = at;
    }
    return hit.value;
  }
}
