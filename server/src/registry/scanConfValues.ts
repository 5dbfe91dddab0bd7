// Reads HELM's own conf files (helm/benchmark/presentation/*.conf): how often each value follows each `key=`.
import * as fs from 'fs';
import * as path from 'path';
import { parseConf } from '../parser/index';
import type { ConfValueCounts } from './types';
import { readUserFile } from '../common/userFiles';

/** Keys whose values the registry lists itself (models, deployments): not counted. */
const REGISTRY_KEYS: ReadonlySet<string> = new Set(['model', 'model_deployment']);

function bump(table: Record<string, number>, value: string): void {
  table[value] = (table[value] ?? 0) + 1;
}

/** Adds the values of one conf file's live entries to `out`; `expanders` tells run expander keys apart. */
export function countConfValues(text: string, expanders: ReadonlySet<string>, out: ConfValueCounts): void {
  for (const entry of parseConf(text).entries) {
    const parsed = entry.description?.parsed;
    // A description HELM refuses teaches nothing about the values it accepts.
    if (!parsed?.helmReads) continue;
    const fn = parsed.name.text;
    // As written (`05` stays `05`), the last of duplicate keys as HELM keeps it.
    const written = new Map<string, string>();
    for (const a of parsed.args) if (a.value) written.set(a.key.text, a.value.text);
    for (const [key, value] of written) {
      if (REGISTRY_KEYS.has(key) || key === '') continue;
      if (expanders.has(key)) bump((out.expanders[key] ??= {}), value);
      else bump(((out.arguments[fn] ??= {})[key] ??= {}), value);
    }
  }
}

/** The value counts of every `*.conf` under `presentationDir`, or undefined when there is none. */
export function scanConfValues(presentationDir: string, expanders: ReadonlySet<string>): ConfValueCounts | undefined {
  let files: string[];
  try {
    files = fs.readdirSync(presentationDir).filter((f) => f.endsWith('.conf')).sort();
  } catch {
    return undefined;
  }
  if (files.length === 0) return undefined;
  const out: ConfValueCounts = { arguments: {}, expanders: {} };
  for (const f of files) {
    // Only regular files of a bounded size (a FIFO or a link to /dev/zero named *.conf is passed over).
    const read = readUserFile(path.join(presentationDir, f));
    if (read.ok) countConfValues(read.text, expanders, out);
  }
  return out;
}
