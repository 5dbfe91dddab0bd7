// Runs every test stage (type check and bundle first, then unit + protocol tests, Neovim, real VS Code) and
// closes with one line that sums the tests of all stages: `N passed, N failed, N skipped`. The build steps
// are not tests: they count in no sum, but a failing one fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const inCI = process.env.CI === 'true';
const totals = { passed: 0, failed: 0, skipped: 0 };
const brokenSteps = [];

/** A build step: its output as it comes; its failure remembered, not counted as a test. */
function build(label, cmd, cmdArgs) {
  console.log(`\n=== ${label}: ${[cmd, ...cmdArgs].join(' ')}`);
  const result = spawnSync(cmd, cmdArgs, { stdio: 'inherit' });
  if (result.status !== 0) brokenSteps.push(label);
}

/** A test stage: its last `N passed, N failed[, N skipped]` line is added to the totals; a stage that dies without one counts one failure. */
function tests(label, cmd, cmdArgs) {
  console.log(`\n=== ${label}: ${[cmd, ...cmdArgs].join(' ')}`);
  const result = spawnSync(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(result.stdout ?? '');
  const summary = (result.stdout ?? '')
    .trim()
    .split('\n')
    .reverse()
    .map((l) => /^(?:\w+: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/.exec(l.trim()))
    .find(Boolean);
  const stage = summary ? { passed: Number(summary[1]), failed: Number(summary[2]), skipped: Number(summary[3] ?? 0) } : { passed: 0, failed: 0, skipped: 0 };
  if (result.status !== 0 && stage.failed === 0) stage.failed = 1; // a stage that died counts as a failure
  totals.passed += stage.passed;
  totals.failed += stage.failed;
  totals.skipped += stage.skipped;
}

/** A stage that cannot run here: one skipped test, with the reason. */
function skip(label, reason) {
  console.log(`\n=== ${label}: skipped (${reason})`);
  totals.skipped += 1;
}

const want = (name) => !only || only.split(',').includes(name);

if (want('build')) {
  // A test file deleted from the sources must not linger in out/ and run anyway.
  rmSync('out', { recursive: true, force: true });
  build('type check', 'npx', ['tsc', '-p', '.']);
  build('bundle', 'node', ['esbuild.mjs']);
}
if (want('unit')) tests('unit and protocol tests', 'npx', ['mocha']);
if (want('nvim')) {
  const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (nvim.status === 0) tests('Neovim client', 'node', ['out/test/nvim/run.js']);
  else if (inCI) {
    console.log('\n=== Neovim client: nvim is not installed');
    totals.failed += 1;
  } else skip('Neovim client', 'nvim is not installed; `apt-get install neovim`, or `bash scripts/setup.sh`');
}
if (want('e2e')) {
  if (existsSync('out/test/e2e/run.js')) tests('real VS Code (code-server)', 'node', ['out/test/e2e/run.js']);
  else skip('real VS Code (code-server)', 'out/test/e2e/run.js is missing: build first');
}

if (brokenSteps.length) console.log(`\nthe build failed: ${brokenSteps.join(', ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed || brokenSteps.length ? 1 : 0);
