// After `npm install` in a clone (pre-commit installs its hooks that way), builds dist/, which git does
// not hold. Where the package is installed from its tarball, dist/ is there and this does nothing.
import { existsSync } from 'node:fs';

if (existsSync(new URL('../esbuild.mjs', import.meta.url)) && existsSync(new URL('../node_modules/esbuild', import.meta.url))) {
  await import('../esbuild.mjs');
}
