// The registry's run spec function names, sorted, each with its lower case: what completion filters, and what did-you-mean compares an unknown name with.
import { NameList } from '../common/didYouMean';
import type { Registry } from '../registry/types';

/** Per registry (each is built once and never changes). */
const lists = new WeakMap<Registry, NameList>();

export function functionNames(registry: Registry): NameList {
  let list = lists.get(registry);
  if (!list) {
    list = new NameList([...registry.functions.keys()].sort());
    lists.set(registry, list);
  }
  return list;
}
