// Starts and stops code-server (VS Code 1.100.3 for the browser) for the real-VS Code tests.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { freePort } from '../../client/src/runSuite/freePort';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const E2E_DIR = path.join(ROOT, '.e2e');
export const CODE_SERVER_ENTRY = path.join(E2E_DIR, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export interface CodeServerOptions {
  /** A folder of its own for user data, extensions, home. */
  stateDir: string;
  /** Leave workspace trust on (the restricted-mode test). */
  workspaceTrust: boolean;
  /** Extensions folder (installed .vsix); default: stateDir/extensions. */
  extensionsDir?: string;
  log: (line: string) => void;
}

export interface RunningCodeServer {
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The environment that keeps code-server's files inside stateDir. */
export function isolatedEnv(stateDir: string): NodeJS.ProcessEnv {
  const home = path.join(stateDir, 'home');
  mkdirSync(home, { recursive: true });
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    // No extension gallery: code-server 4.100.3 reads its product's gallery from this variable, and
    // an empty one switches the gallery off (else open-vsx.org is asked, and fails offline).
    EXTENSIONS_GALLERY: '{}',
  };
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const port = await freePort();
  const userDataDir = path.join(options.stateDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(options.stateDir, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  // No welcome page, no editor restored from before: the tests decide what is open.
  writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.untrustedFiles': 'open',
      'window.restoreWindows': 'none',
      'git.openRepositoryInParentFolders': 'never',
      'git.enabled': false,
    }),
  );
  const args = [
    CODE_SERVER_ENTRY,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userDataDir,
  ];
  if (!options.workspaceTrust) args.push('--disable-workspace-trust');
  const child = spawn(process.execPath, args, { env: isolatedEnv(options.stateDir), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.setEncoding('utf8').on('data', (t: string) => t.split('\n').filter(Boolean).forEach((l) => options.log(`[code-server] ${l}`)));
  child.stderr?.setEncoding('utf8').on('data', (t: string) => t.split('\n').filter(Boolean).forEach((l) => options.log(`[code-server] ${l}`)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000));
    if ((await Promise.race([exited, timeout])) === 'timeout') child.kill('SIGKILL');
  };
  try {
    await waitForHealth(port, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, process: child, stop };
}

async function waitForHealth(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode}`);
    if (await healthy(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('code-server did not answer /healthz within 30 s');
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => {
      request.destroy();
      resolve(false);
    });
  });
}

/** Installs a .vsix into an extensions folder with code-server's own installer. */
export function installVsix(vsix: string, stateDir: string, extensionsDir: string): { ok: boolean; output: string } {
  const result = spawnSync(
    process.execPath,
    [CODE_SERVER_ENTRY, '--install-extension', vsix, '--force', '--extensions-dir', extensionsDir, '--user-data-dir', path.join(stateDir, 'user-data')],
    { env: isolatedEnv(stateDir), encoding: 'utf8', timeout: 120000 },
  );
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Packages an extension folder of the tests (vsce) and installs it; an error message, or undefined when installed. */
export function installTestExtension(extensionDir: string, stateDir: string, extensionsDir: string): string | undefined {
  const vsix = path.join(stateDir, `${path.basename(extensionDir)}.vsix`);
  const packaged = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], {
    cwd: extensionDir,
    encoding: 'utf8',
    timeout: 120000,
  });
  if (packaged.status !== 0) return `packaging ${extensionDir} failed:\n${packaged.stdout}\n${packaged.stderr}`;
  const installed = installVsix(vsix, stateDir, extensionsDir);
  return installed.ok ? undefined : `installing ${extensionDir} failed:\n${installed.output}`;
}

export function codeServerInstalled(): boolean {
  return existsSync(CODE_SERVER_ENTRY);
}
