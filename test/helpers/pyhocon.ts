// pyhocon itself, where Python has it (PYHOCON_PYTHONPATH, or an installed pyhocon): the tree it reads from each text as HELM hands it over (line ends made `\n`), for tests that compare.
import { spawnSync } from 'child_process';

/** Reads JSON `[text, …]` on stdin, writes `[{tree} | {error}, …]`: floats stay floats (`1.0`), so ints and floats differ. */
const SCRIPT = `
import json, re, sys
from pyhocon import ConfigFactory, ConfigTree
def plain(v):
    if isinstance(v, str):
        # A null joined with text is written as the object's repr: its address left out.
        return re.sub(r'<pyhocon.config_tree.NoneValue object at 0x[0-9a-f]+>', '<NoneValue>', v)
    if isinstance(v, ConfigTree):
        return {'object': [[k, plain(x)] for k, x in v.items()]}
    if isinstance(v, list):
        return {'list': [plain(x) for x in v]}
    if isinstance(v, float):
        return {'float': repr(v)}
    return v
out = []
for text in json.load(sys.stdin):
    try:
        # As HELM reads a conf file: open(path) in text mode makes a \\n of every \\r\\n and lone \\r.
        text = text.replace('\\r\\n', '\\n').replace('\\r', '\\n')
        out.append({'tree': plain(ConfigFactory.parse_string(text))})
    except Exception as e:
        out.append({'error': type(e).__name__})
json.dump(out, sys.stdout)
`;

export interface Pyhocon {
  /** How it was found, for the test's title. */
  found: string;
  /** pyhocon's tree of each text (JSON, keys in order), or its error's class name. */
  read(texts: readonly string[]): Array<{ tree: unknown } | { error: string }>;
}

function tryPython(python: string, pythonPath: string | undefined): boolean {
  const env = pythonPath ? { ...process.env, PYTHONPATH: pythonPath } : process.env;
  const r = spawnSync(python, ['-c', 'import pyhocon'], { env, encoding: 'utf8' });
  return r.status === 0;
}

/** pyhocon through `$PYHOCON_PYTHON` (default python3) with `$PYHOCON_PYTHONPATH`, else an installed one; undefined when neither imports. */
export function findPyhocon(): Pyhocon | undefined {
  const python = process.env.PYHOCON_PYTHON || 'python3';
  const candidates: Array<string | undefined> = process.env.PYHOCON_PYTHONPATH ? [process.env.PYHOCON_PYTHONPATH, undefined] : [undefined];
  for (const pythonPath of candidates) {
    if (!tryPython(python, pythonPath)) continue;
    const env = pythonPath ? { ...process.env, PYTHONPATH: pythonPath } : process.env;
    return {
      found: pythonPath ? `${python} with PYTHONPATH=${pythonPath}` : `${python} (installed pyhocon)`,
      read(texts) {
        const r = spawnSync(python, ['-c', SCRIPT], { env, input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 1 << 28 });
        if (r.status !== 0) throw new Error(`pyhocon failed: ${r.stderr}`);
        return JSON.parse(r.stdout) as Array<{ tree: unknown } | { error: string }>;
      },
    };
  }
  return undefined;
}

/**
 * pyhocon's tree (from `read`) as plain data, as its own `as_plain_ordered_dict()` gives it: objects
 * with their keys in order (a quoted key without its quotes), floats as numbers.
 */
export function pyhoconData(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pyhoconData);
  if (v !== null && typeof v === 'object') {
    const o = v as { object?: Array<[string, unknown]>; list?: unknown[]; float?: string };
    if (o.object) return Object.fromEntries(o.object.map(([k, x]) => [/^".*"$/s.test(k) ? k.slice(1, -1) : k, pyhoconData(x)]));
    if (o.list) return o.list.map(pyhoconData);
    if (o.float !== undefined) return Number(o.float);
  }
  return v;
}
