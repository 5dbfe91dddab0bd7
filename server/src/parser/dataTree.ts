// The data a conf file hands Python, read off the typed model: pyhocon's tree with objects merged, lists joined, strings concatenated.
import { gapAfter } from './confConcatenation';
import type { ConfFile, HoconObject, HoconValue } from './types';

/** What pyhocon's `as_plain_ordered_dict()` gives; a substitution stays `{ $substitution: path }` (it resolves only when helm-run runs). */
export type ConfData = string | number | boolean | null | ConfData[] | { [key: string]: ConfData };

type DataObject = { [key: string]: ConfData };

function isObject(v: ConfData | undefined): v is DataObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** pyhocon merges an object into an earlier object of the same key, field by field; anything else replaces. */
function merge(into: DataObject, from: DataObject): DataObject {
  const out: DataObject = { ...into };
  for (const [k, v] of Object.entries(from)) {
    const prev = out[k];
    out[k] = isObject(prev) && isObject(v) ? merge(prev, v) : v;
  }
  return out;
}

function assign(obj: DataObject, path: string[], value: ConfData, append: boolean): void {
  let cur = obj;
  for (const k of path.slice(0, -1)) {
    const next = cur[k];
    if (!isObject(next)) cur[k] = {};
    cur = cur[k] as DataObject;
  }
  const last = path[path.length - 1] ?? '';
  const prev = cur[last];
  if (append) {
    const added = Array.isArray(value) ? value : [value];
    cur[last] = Array.isArray(prev) ? [...prev, ...added] : added;
  } else {
    cur[last] = isObject(prev) && isObject(value) ? merge(prev, value) : value;
  }
}

function objectData(o: HoconObject, text: string): DataObject {
  const out: DataObject = {};
  for (const f of o.fields) assign(out, f.key.path, f.value ? valueData(f.value, text) : '', f.separator?.kind === '+=');
  return out;
}

/** The value's data; `text` is the document's (for the blanks between the parts of a concatenation the model makes no string of). */
export function valueData(v: HoconValue, text: string): ConfData {
  switch (v.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return v.value;
    case 'null':
      return null;
    case 'substitution':
      return { $substitution: `${v.optional ? '?' : ''}${v.path}` };
    case 'array':
      return v.items.map((x) => valueData(x, text));
    case 'object':
      return objectData(v, text);
    case 'concatenation': {
      if (v.parts.every((p) => p.kind === 'array')) return v.parts.flatMap((p) => valueData(p, text) as ConfData[]);
      if (v.parts.every((p) => p.kind === 'object')) return v.parts.map((p) => objectData(p as HoconObject, text)).reduce(merge, {});
      if (v.value !== undefined) return v.value;
      // Parts the model makes no string of (`null` among them): each, with the blanks after it (tabs widened), which pyhocon keeps.
      const parts: ConfData[] = [];
      v.parts.forEach((p, i) => {
        parts.push(valueData(p, text));
        if (i < v.parts.length - 1) parts.push(gapAfter(p.span.end, text));
      });
      return { $concatenation: parts };
    }
  }
}

/** The whole file's data: the root object (empty for a file that is one list: see ConfFile.root). */
export function confData(conf: ConfFile): DataObject {
  return objectData(conf.root, conf.text);
}
