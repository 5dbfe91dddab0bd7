// Runs the extension's tests inside a real VS Code (code-server + Chromium): trusted workspace,
// restricted workspace, and the packaged .vsix installed. Prints `N passed, N failed, N skipped` last.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium, Page } from 'playwright-core';
import { codeServerInstalled, E2E_DIR, installTestExtension, installVsix, ROOT, startCodeServer } from './codeServer';
import { localSlurmMissing, startLocalSlurm, type LocalSlurm } from '../helpers/localSlurm';
import { clearDriverEnvironment, followDriver, prepareDriver } from './testDriver';
import { answerUiRequest, UI_MARKER } from './uiDriver';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUN_DIR = path.join(E2E_DIR, 'run');
const TESTS_INDEX = path.join(ROOT, 'out', 'test', 'e2e', 'suite', 'index.js');
const FAKE_PYTHON = path.join(ROOT, 'test', 'fixtures', 'fake-helm-run', 'python');
const PYTHON_EXTENSION = path.join(ROOT, 'test', 'e2e', 'python-extension');
/** A whole group of suites (the trusted one runs a Slurm suite that may wait minutes on a loaded machine). */
const RUN_TIMEOUT_MS = 600000;

/** The picture of the language features test (a build file), and the README's copy of it. */
const SCREENSHOT = path.join(E2E_DIR, 'screenshots', 'hover.png');
const README_PICTURE = path.join(ROOT, 'docs', 'screenshot.png');

/** Marker the suites log to ask for a screenshot of the window: `[[screenshot /abs/file.png]]`. */
const SCREENSHOT_MARKER = /\[\[screenshot (.+?)\]\]/;

interface E2eRun {
  name: string;
  /** Folder under test/e2e/ copied fresh for the run; its copy's name tells the suite which tests to run. */
  workspace: string;
  copyName: string;
  workspaceTrust: boolean;
  /** Load the project as the extension under development (else the installed .vsix is used). */
  development: boolean;
  /**
   * Run the suites from the driver extension, not as extension tests: VS Code refuses modal dialogs to
   * extension tests, and the Run suite tests click their buttons.
   */
  dialogs?: boolean;
}

const RUNS: E2eRun[] = [
  { name: 'trusted', workspace: 'workspace', copyName: 'workspace', workspaceTrust: false, development: true, dialogs: true },
  { name: 'untrusted', workspace: 'workspace-untrusted', copyName: 'workspace-untrusted', workspaceTrust: true, development: true },
  { name: 'installed', workspace: 'workspace', copyName: 'workspace-installed', workspaceTrust: false, development: false },
];

interface RunCounts {
  passed: number;
  failed: number;
  skipped: number;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** A fresh copy of a test workspace whose settings point at the stand-in helm-run. */
function prepareWorkspace(run: E2eRun): string {
  const target = path.join(RUN_DIR, run.copyName);
  rmSync(target, { recursive: true, force: true });
  cpSync(path.join(ROOT, 'test', 'e2e', run.workspace), target, { recursive: true });
  const settingsDir = path.join(target, '.vscode');
  mkdirSync(settingsDir, { recursive: true });
  writeFileSync(
    path.join(settingsDir, 'settings.json'),
    JSON.stringify({ 'helmConf.pythonPath': FAKE_PYTHON, 'helmConf.exactExpansion': false, 'files.autoSave': 'off' }, null, 2),
  );
  return target;
}

/** Builds the .vsix (as `npm run package` does) into the run folder. */
function packageVsix(): string | undefined {
  const vsix = path.join(RUN_DIR, 'helm-run-entries.vsix');
  rmSync(vsix, { force: true });
  const result = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '-o', vsix], { cwd: ROOT, encoding: 'utf8', timeout: 180000 });
  if (result.status !== 0 || !existsSync(vsix)) {
    log(`vsce package failed:\n${result.stdout}\n${result.stderr}`);
    return undefined;
  }
  return vsix;
}

/** A screenshot once a hover (if one is coming) is on screen. */
async function takeScreenshot(page: Page, file: string): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await page.locator('.monaco-hover').first().waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
  await page.screenshot({ path: file }).catch((e: Error) => log(`screenshot failed: ${e.message}`));
}

async function runOne(run: E2eRun): Promise<RunCounts> {
  log(`\n--- e2e run: ${run.name}`);
  const stateDir = path.join(RUN_DIR, `state-${run.name}`);
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
  const workspace = prepareWorkspace(run);
  const extensionsDir = path.join(stateDir, 'extensions');
  let developmentPath = ROOT;
  if (!run.development) {
    // HELM_E2E_VSIX: test an already built .vsix instead of packaging one now.
    const vsix = process.env.HELM_E2E_VSIX ?? packageVsix();
    if (!vsix) return { passed: 0, failed: 1, skipped: 0 };
    const installed = installVsix(vsix, stateDir, extensionsDir);
    log(installed.output.trim());
    if (!installed.ok) return { passed: 0, failed: 1, skipped: 0 };
    // An empty extension under development, so that the installed HELM extension is the one loaded.
    developmentPath = path.join(ROOT, 'test', 'e2e', 'probe-extension');
  }

  clearDriverEnvironment();
  let driverDir: string | undefined;
  if (run.dialogs) {
    const prepared = prepareDriver(stateDir, extensionsDir, TESTS_INDEX);
    if ('error' in prepared) {
      log(prepared.error);
      return { passed: 0, failed: 1, skipped: 0 };
    }
    driverDir = prepared.dir;
    // The Python extension's stand-in: HELM's setup message offers its interpreter picker, and the tests click it.
    const error = installTestExtension(PYTHON_EXTENSION, stateDir, extensionsDir);
    if (error) {
      log(error);
      return { passed: 0, failed: 1, skipped: 0 };
    }
  }
  const server = await startCodeServer({ stateDir, workspaceTrust: run.workspaceTrust, extensionsDir, log: () => undefined });
  clearDriverEnvironment();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const lines: string[] = [];
  let driver: ReturnType<typeof followDriver> | undefined;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
    const page = await context.newPage();
    // A read of what has gone meanwhile must not wait Playwright's 30 s: the tests wait 25 s for an answer.
    page.setDefaultTimeout(5000);
    page.setDefaultNavigationTimeout(30000);
    const handleText = (text: string): void => {
      for (const line of text.split('\n')) {
        lines.push(line);
        log(`  ${line}`);
      }
      const marker = SCREENSHOT_MARKER.exec(text);
      if (marker) void takeScreenshot(page, marker[1]);
      const request = UI_MARKER.exec(text);
      if (request) void answerUiRequest(page, request[1]);
    };
    let resolveExit: (code: number) => void = () => undefined;
    const exit = new Promise<number>((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      // console.log's format string (mocha's `%s) %s:`) arrives unformatted: apply it here.
      const list = Array.isArray(args) ? args : [args];
      handleText(format(...list.map((a) => (typeof a === 'string' || typeof a === 'number' ? a : JSON.stringify(a)))));
    });
    const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(developmentPath)], ...(driverDir ? [] : [['extensionTestsPath', remote(TESTS_INDEX)]])];
    if (driverDir) {
      driver = followDriver(driverDir, handleText);
      void driver.exit.then(resolveExit);
    }
    const url = `http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), RUN_TIMEOUT_MS));
    const code = await Promise.race([exit, timeout]);
    const summary = [...lines].reverse().map((l) => /(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/.exec(l)).find(Boolean);
    const counts: RunCounts = summary ? { passed: Number(summary[1]), failed: Number(summary[2]), skipped: Number(summary[3] ?? 0) } : { passed: 0, failed: 0, skipped: 0 };
    if (code === 'timeout') log(`the ${run.name} tests did not finish within ${RUN_TIMEOUT_MS / 1000} s`);
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    if (counts.failed > 0) {
      const shot = path.join(RUN_DIR, `failure-${run.name}.png`);
      await page.screenshot({ path: shot }).catch(() => undefined);
      log(`screenshot of the failure: ${shot}`);
    }
    log(`${run.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    return counts;
  } finally {
    driver?.stop();
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

async function main(): Promise<void> {
  if (!codeServerInstalled()) {
    log('code-server is not installed, so the extension cannot be tested in a real VS Code here.');
    log('Install it (Debian packages and code-server 4.100.3 into .e2e/): scripts/install-e2e.sh');
    log('0 passed, 1 failed, 0 skipped');
    process.exit(1);
  }
  if (!existsSync(TESTS_INDEX) || !existsSync(path.join(ROOT, 'dist', 'client.js'))) {
    log('Build first: npx tsc -p . && node esbuild.mjs');
    log('0 passed, 1 failed, 0 skipped');
    process.exit(1);
  }
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  // --grep=TEXT: only the tests whose title holds TEXT (code-server's extension host inherits the variable).
  const grep = process.argv.find((a) => a.startsWith('--grep='))?.slice('--grep='.length);
  if (grep) process.env.HELM_E2E_GREP = grep;
  mkdirSync(RUN_DIR, { recursive: true });
  const total: RunCounts = { passed: 0, failed: 0, skipped: 0 };
  const slurm = await startSlurmForTests();
  try {
    await runAll(only, total);
  } finally {
    await slurm?.stop();
  }
  // `npm run screenshot:readme`: the README's picture is replaced on purpose only, from a passing run.
  if (process.argv.includes('--readme-screenshot')) {
    if (total.failed === 0 && existsSync(SCREENSHOT)) {
      copyFileSync(SCREENSHOT, README_PICTURE);
      log(`${path.relative(ROOT, README_PICTURE)} updated from ${path.relative(ROOT, SCREENSHOT)}`);
    } else {
      log(`${path.relative(ROOT, README_PICTURE)} left as it was: ${total.failed ? 'the run failed' : `${SCREENSHOT} is missing`}`);
      total.failed += total.failed ? 0 : 1;
    }
  }
  log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(total.failed > 0 ? 1 : 0);
}

/**
 * A one-node Slurm on localhost for the Slurm suite (test/e2e/suite/slurm.test.ts): code-server and its
 * extension host inherit SLURM_CONF. Where Slurm is not installed the suite skips, saying why (not in CI).
 */
async function startSlurmForTests(): Promise<LocalSlurm | undefined> {
  const missing = localSlurmMissing();
  if (missing) {
    process.env.HELM_E2E_SLURM_SKIP = process.env.CI === 'true' ? '' : missing;
    return undefined;
  }
  try {
    const slurm = await startLocalSlurm();
    process.env.SLURM_CONF = slurm.env.SLURM_CONF;
    process.env.HELM_E2E_SLURM_PARTITION = slurm.partition;
    process.env.HELM_E2E_SLURM_CPUS = String(slurm.cpus);
    return slurm;
  } catch (error) {
    log(`the local Slurm did not start: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function runAll(only: string[] | undefined, total: RunCounts): Promise<void> {
  for (const run of RUNS.filter((r) => !only || only.includes(r.name))) {
    let counts: RunCounts;
    try {
      counts = await runOne(run);
    } catch (error) {
      log(`the ${run.name} run broke: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      counts = { passed: 0, failed: 1, skipped: 0 };
    }
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
}

void main();
