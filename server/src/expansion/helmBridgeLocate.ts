// Finds the Python helper script from compiled tests (out/…), the bundle (dist/) and an installed .vsix.
import * as fs from 'fs';
import * as path from 'path';

const HELPER_RELATIVE = path.join('server', 'python', 'helm_bridge.py');

/**
 * The helper sits at `<root>/server/python/helm_bridge.py`, where root is the project (tests run from
 * out/server/src/expansion/), or the extension folder (the bundle runs from dist/, the .vsix ships
 * server/python/). Walk up from the running file until it is found.
 */
export function locateHelperScript(startDir: string = __dirname): string | undefined {
  let dir = path.resolve(startDir);
  for (let depth = 0; depth < 8; depth++) {
    const candidate = path.join(dir, HELPER_RELATIVE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
