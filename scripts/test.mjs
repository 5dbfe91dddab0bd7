// Runs every test stage (type check, bundle, unit + protocol tests, Neovim, real VS Code) and
// closes with one line that sums them: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const inCI = process.env.CI === 'true';
let passed = 0;
let failed = 0;

function run(label, cmd, cmdArgs, { counts = false } = {}) {
  console.log(`\n=== ${label}: ${[cmd, ...cmdArgs].join(' ')}`);
  const result = spawnSync(cmd, cmdArgs, { stdio: counts ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' });
  let stagePassed = 0;
  let stageFailed = 0;
  if (counts) {
    process.stdout.write(result.stdout ?? '');
    const lines = (result.stdout ?? '').trim().split('\n');
    const summary = [...lines].reverse().map((l) => /^(?:\w+: )?(\d+) passed, (\d+) failed/.exec(l.trim())).find(Boolean);
    if (summary) {
      stagePassed = Number(summary[1]);
      stageFailed = Number(summary[2]);
    }
  }
  if (result.status !== 0 && stageFailed === 0) stageFailed = 1; // a stage that died counts as a failure
  if (!counts && result.status === 0) stagePassed = 1;
  passed += stagePassed;
  failed += stageFailed;
  return result.status === 0;
}

const want = (name) => !only || only.split(',').includes(name);

if (want('build')) {
  // A test file deleted from the sources must not linger in out/ and run anyway.
  rmSync('out', { recursive: true, force: true });
  run('type check', 'npx', ['tsc', '-p', '.']);
  run('bundle', 'node', ['esbuild.mjs']);
}
if (want('unit')) run('unit and protocol tests', 'npx', ['mocha'], { counts: true });
if (want('nvim')) {
  const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (nvim.status === 0) run('Neovim client', 'node', ['out/test/nvim/run.js'], { counts: true });
  else if (inCI) { console.log('\n=== Neovim client: nvim is not installed'); failed++; }
  else console.log('\n=== Neovim client: skipped (nvim is not installed; `apt-get install neovim`)');
}
if (want('e2e')) {
  if (existsSync('out/test/e2e/run.js')) run('real VS Code (code-server)', 'node', ['out/test/e2e/run.js'], { counts: true });
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
