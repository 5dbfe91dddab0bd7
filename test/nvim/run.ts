// Runs the Neovim LSP test (lsp_test.lua) headless against dist/server.js; prints each check and `N passed, N failed`.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { projectRoot, fixturePath } from '../helpers/corpus';

/** Longest a run may take before Neovim is killed and the run counts as failed. */
const TIMEOUT_MS = 60_000;

interface Outcome {
  passed: string[];
  failed: string[];
}

function runNeovim(): Promise<Outcome> {
  const server = process.env.HELM_LS_SERVER ?? path.join(projectRoot, 'dist', 'server.js');
  const script = path.join(projectRoot, 'test', 'nvim', 'lsp_test.lua');
  const fixture = fixturePath('lsp', 'run_entries_editor.conf');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-nvim-'));
  const results = path.join(tmp, 'results.txt');
  const outcome: Outcome = { passed: [], failed: [] };
  if (!fs.existsSync(server)) {
    outcome.failed.push(`dist/server.js exists (run \`node esbuild.mjs\` first)`);
    return Promise.resolve(outcome);
  }
  return new Promise((resolve) => {
    const child = spawn('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${script}`, fixture], {
      cwd: path.dirname(fixture),
      env: { ...process.env, HELM_LS_SERVER: server, HELM_NVIM_RESULTS: results },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', () => undefined);
    const timer = setTimeout(() => {
      outcome.failed.push(`Neovim finishes within ${TIMEOUT_MS / 1000} s`);
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      outcome.failed.push(`Neovim starts (${err.message}; install it with apt-get install -y neovim)`);
      resolve(outcome);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      let text = '';
      try {
        text = fs.readFileSync(results, 'utf8');
      } catch {
        outcome.failed.push(`the Lua script writes its results (exit code ${code}; ${stderr.trim().split('\n').slice(-3).join(' | ')})`);
      }
      for (const line of text.split('\n')) {
        if (line.startsWith('PASS ')) outcome.passed.push(line.slice(5));
        else if (line.startsWith('FAIL ')) outcome.failed.push(line.slice(5));
      }
      if (text && code !== 0 && outcome.failed.length === 0) outcome.failed.push(`Neovim exits 0 (exit code ${code})`);
      fs.rmSync(tmp, { recursive: true, force: true });
      resolve(outcome);
    });
  });
}

async function main(): Promise<void> {
  const { passed, failed } = await runNeovim();
  for (const p of passed) console.log(`  ✓ ${p}`);
  for (const f of failed) console.log(`  ✗ ${f}`);
  console.log(`${passed.length} passed, ${failed.length} failed`);
  process.exitCode = failed.length ? 1 : 0;
}

void main();
