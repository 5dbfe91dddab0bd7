// Bundles the extension client, the language server and the command line to CommonJS in dist/, and writes the command line's code cache.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, promises as fs, rmSync } from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

/**
 * Libraries the command line loads only when it needs them (the YAML readers for a model YAML or a
 * runner configuration, Chevrotain at a file's first syntax error): each in a bundle of its own beside
 * dist/cli.js, so that a check never compiles them at start.
 */
const CLI_LAZY_LIBRARIES = { yaml: 'cli-yaml.js', 'js-yaml': 'cli-js-yaml.js', chevrotain: 'cli-chevrotain.js' };
const lazyLibraries = {
  name: 'cli-lazy-libraries',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${Object.keys(CLI_LAZY_LIBRARIES).join('|')})$`) }, (args) => ({ path: `./${CLI_LAZY_LIBRARIES[args.path]}`, external: true }));
  },
};
/**
 * `import * as fs from 'fs'` becomes, in a CommonJS bundle, a copy of the module's every export (a
 * getter each) at every importing file; the command line takes Node's own modules as they are instead.
 */
const NAMESPACE_IMPORT_OF_BUILTIN = /^import \* as (\w+) from '((?:node:)?(?:fs|path|os))';$/gm;
const builtinsAsRequires = {
  name: 'cli-builtins-as-requires',
  setup(build) {
    build.onLoad({ filter: /[\\/]server[\\/]src[\\/].*\.ts$/ }, async (args) => ({
      contents: (await fs.readFile(args.path, 'utf8')).replace(NAMESPACE_IMPORT_OF_BUILTIN, "import $1 = require('$2');"),
      loader: 'ts',
    }));
  },
};
/**
 * The command line's own modules that it requires only when needed (the runner configuration's service,
 * for a runner_config.yaml), each in a bundle of its own beside dist/cli.js, so that a check of conf
 * files does not compile them. Such a module must be reached by require() alone: an import would
 * bundle a second copy of it.
 */
const CLI_LAZY_MODULES = { 'server/src/runnerConfig/index.ts': 'cli-runner-config.js' };
const lazyModules = {
  name: 'cli-lazy-modules',
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      const file = CLI_LAZY_MODULES[path.relative(process.cwd(), path.resolve(args.resolveDir, `${args.path}.ts`)).split(path.sep).join('/')];
      if (!file) return undefined;
      if (args.kind !== 'require-call') return { errors: [{ text: `${args.path} is bundled on its own (${file}): require it where it is needed, do not import it` }] };
      return { path: `./${file}`, external: true };
    });
  },
};
// The command line starts at every CI step: minified, it has less to compile. Names are not kept:
// esbuild's keepNames names every closure as it is made, which made a check of 100,000 entries 1.6×
// as slow (an internal error's stack has the minified names; dist/cli-main.js.map maps them back).
const cli = { ...common, minify: true };

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...cli, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli-main.js', plugins: [lazyLibraries, lazyModules, builtinsAsRequires] }),
  esbuild.build({ ...cli, entryPoints: ['server/src/cliStart.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [builtinsAsRequires] }),
  ...Object.entries(CLI_LAZY_MODULES).map(([entry, file]) =>
    esbuild.build({ ...cli, entryPoints: [entry], outfile: `dist/${file}`, plugins: [lazyLibraries, lazyModules, builtinsAsRequires] }),
  ),
  ...Object.entries(CLI_LAZY_LIBRARIES).map(([library, file]) =>
    esbuild.build({ ...cli, stdin: { contents: `module.exports = require(${JSON.stringify(library)});`, resolveDir: '.', loader: 'js' }, outfile: `dist/${file}` }),
  ),
]);

// The package's two programs (its `bin`): a fresh clone builds them after `npm ci`, which could not
// mark them executable then, and `npx helm-conf` runs the file itself.
for (const program of ['dist/cli.js', 'dist/server.js']) chmodSync(program, 0o755);

/**
 * V8's code cache of the command line (see server/src/cliStart.ts), made by a check of the example: the
 * bytecode of what a check compiles, for this Node. Without it the command line runs as well, slower
 * to start.
 */
const codeCache = 'dist/cli-main.js.cache';
rmSync(codeCache, { force: true });
const made = spawnSync(process.execPath, ['dist/cli.js', 'check', 'examples/run_entries.conf'], {
  env: { ...process.env, HELM_CONF_WRITE_CODE_CACHE: path.resolve(codeCache) },
  stdio: 'ignore',
});
if (!existsSync(codeCache)) console.warn(`esbuild.mjs: no code cache for the command line (${made.error?.message ?? `exit ${made.status}`}); it starts without one`);
