// Run spec functions read one by one when first asked for (the bundled snapshot's), and the registry's table that holds them.
import type { RegistryData, RunSpecFunction } from './types';

/** A source's run spec functions by name, each read only when asked for. */
export interface LazyFunctions {
  readonly names: readonly string[];
  get(name: string): RunSpecFunction | undefined;
}

const lazySources = new WeakMap<RegistryData, LazyFunctions>();

/** Marks `data` as holding `lazy`: a registry built from it reads its functions by name instead of all of `data.functions`. */
export function setLazyFunctions(data: RegistryData, lazy: LazyFunctions): void {
  lazySources.set(data, lazy);
}

/** The names of `data`'s run spec functions, without reading the functions when they are lazy. */
export function functionNamesOf(data: RegistryData): readonly string[] {
  return lazySources.get(data)?.names ?? data.functions.map((f) => f.name);
}

/** The registry's run spec functions by name: a Map whose lazy entries are read on the first `get` (or at once when iterated). */
export class FunctionTable implements ReadonlyMap<string, RunSpecFunction> {
  private readonly byName = new Map<string, RunSpecFunction | LazyFunctions>();

  /** `data`'s functions, replacing those of the same name (a later source wins, keeping the name's place as a Map does). */
  add(data: RegistryData): void {
    const lazy = lazySources.get(data);
    if (lazy) for (const name of lazy.names) this.byName.set(name, lazy);
    else for (const f of data.functions ?? []) this.byName.set(f.name, f);
  }

  get size(): number {
    return this.byName.size;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): RunSpecFunction | undefined {
    const v = this.byName.get(name);
    if (v === undefined || !isLazy(v)) return v;
    const fn = v.get(name);
    if (fn) this.byName.set(name, fn);
    else this.byName.delete(name);
    return fn;
  }

  keys(): MapIterator<string> {
    return this.byName.keys();
  }

  values(): MapIterator<RunSpecFunction> {
    return this.resolved().values();
  }

  entries(): MapIterator<[string, RunSpecFunction]> {
    return this.resolved().entries();
  }

  forEach(callback: (value: RunSpecFunction, key: string, map: ReadonlyMap<string, RunSpecFunction>) => void, thisArg?: unknown): void {
    this.resolved().forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  [Symbol.iterator](): MapIterator<[string, RunSpecFunction]> {
    return this.entries();
  }

  /** The map with every lazy entry read. */
  private resolved(): Map<string, RunSpecFunction> {
    for (const name of [...this.byName.keys()]) this.get(name);
    return this.byName as Map<string, RunSpecFunction>;
  }
}

function isLazy(v: RunSpecFunction | LazyFunctions): v is LazyFunctions {
  return typeof (v as LazyFunctions).get === 'function';
}
