// Runs the README's Neovim 0.7 snippet, as written, headless in a workspace where `npx helm-conf-language-server`
// is the server under test (lsp_test.lua checks what the user sees); prints each check and `N passed, N failed, N skipped`.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { projectRoot, fixturePath } from '../helpers/corpus';

/** Longest a run may take before Neovim is killed and the run counts as failed. */
const TIMEOUT_MS = 90_000;
/** The README section whose first Lua block is run: Debian ships Neovim 0.7.2. */
const SNIPPET_HEADING = 'Neovim 0.7 to 0.9';

interface Outcome {
  passed: string[];
  failed: string[];
}

/** The first ```lua block after the heading line in README.md, or why there is none. */
export function readmeSnippet(readme: string): string | { missing: string } {
  const at = readme.indexOf(`\n${SNIPPET_HEADING}`);
  if (at < 0) return { missing: `README.md has no "${SNIPPET_HEADING}" section` };
  const block = /```lua\n([\s\S]*?)\n```/.exec(readme.slice(at));
  return block ? block[1] + '\n' : { missing: `README.md's "${SNIPPET_HEADING}" section has no lua block` };
}

/**
 * A workspace as a user has it after `npm install helm-run-entries`: node_modules/.bin/helm-conf-language-server
 * (here starting the server under test), the README snippet as their init file, and a conf file to open.
 */
function workspace(server: string, snippet: string): { dir: string; conf: string; init: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-nvim-'));
  const bin = path.join(dir, 'node_modules', '.bin');
  fs.mkdirSync(bin, { recursive: true });
  const launcher = path.join(bin, 'helm-conf-language-server');
  fs.writeFileSync(launcher, `#!/usr/bin/env node\nrequire(${JSON.stringify(server)});\n`);
  fs.chmodSync(launcher, 0o755);
  const conf = path.join(dir, 'run_entries_editor.conf');
  fs.copyFileSync(fixturePath('lsp', 'run_entries_editor.conf'), conf);
  const init = path.join(dir, 'helm_conf_init.lua');
  fs.writeFileSync(init, snippet);
  return { dir, conf, init };
}

function runNeovim(): Promise<Outcome> {
  const server = process.env.HELM_LS_SERVER ?? path.join(projectRoot, 'dist', 'server.js');
  const script = path.join(projectRoot, 'test', 'nvim', 'lsp_test.lua');
  const outcome: Outcome = { passed: [], failed: [] };
  if (!fs.existsSync(server)) {
    outcome.failed.push(`dist/server.js exists (run \`node esbuild.mjs\` first)`);
    return Promise.resolve(outcome);
  }
  const snippet = readmeSnippet(fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8'));
  if (typeof snippet !== 'string') {
    outcome.failed.push(snippet.missing);
    return Promise.resolve(outcome);
  }
  const ws = workspace(server, snippet);
  const results = path.join(ws.dir, 'results.txt');
  return new Promise((resolve) => {
    const child = spawn('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${script}`], {
      cwd: ws.dir,
      // npx must find the workspace's binary and never reach for the registry.
      env: { ...process.env, HELM_NVIM_SNIPPET: ws.init, HELM_NVIM_FILE: ws.conf, HELM_NVIM_RESULTS: results, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
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
      fs.rmSync(ws.dir, { recursive: true, force: true });
      resolve(outcome);
    });
  });
}

async function main(): Promise<void> {
  const { passed, failed } = await runNeovim();
  for (const p of passed) console.log(`  ✓ ${p}`);
  for (const f of failed) console.log(`  ✗ ${f}`);
  console.log(`${passed.length} passed, ${failed.length} failed, 0 skipped`);
  process.exitCode = failed.length ? 1 : 0;
}

if (require.main === module) void main();
