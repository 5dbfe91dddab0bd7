// HELM's web UI: helm-server on a free local port as a background task, shown in the editor's browser, stopped on demand.
import * as http from 'node:http';
import * as vscode from 'vscode';
import { freePort } from './freePort';
import { HelmTerminal, logFilePath } from './helmTerminal';
import { startInTask } from './helmTask';
import { HELM_SERVER_TASK_TYPE, HelmServerTaskDefinition, prepareServer } from './helmWorkflowTasks';
import { lastTracebackOf } from './helmWorkflowLog';

/** How long helm-server may take to answer its first request (it imports HELM first). */
const READY_TIMEOUT_MS = 60000;

export interface WebUiServer {
  suite: string;
  cwd: string;
  outputPath?: string;
  port: number;
  /** The local address helm-server answers on (the editor's browser opens it through code-server's proxy when remote). */
  localUrl: string;
  pid?: number;
  terminal: HelmTerminal;
}

export type WebUiResult = { server: WebUiServer; openedIn: 'simple-browser' | 'external' } | { error: string; logFile?: string; logLine?: number };

/** true once something answers HTTP on the port. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', timeout: 1000 }, (response) => {
      response.resume();
      resolve(true);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => {
      request.destroy();
      resolve(false);
    });
  });
}

export class HelmWebUi implements vscode.Disposable {
  /** The helm-server started from here, while it runs. */
  current: WebUiServer | undefined;

  constructor(private readonly logDir: () => string | undefined) {}

  /** Serves the suite with helm-server (restarted for another suite) and opens it in the editor. */
  async open(suite: string, cwd: string, resource?: vscode.Uri, outputPath?: string): Promise<WebUiResult> {
    const current = this.current;
    if (current && (current.suite !== suite || current.cwd !== cwd || current.outputPath !== outputPath)) await this.stop();
    const server = this.current ?? (await this.start(suite, cwd, resource, outputPath));
    if ('error' in server) return server;
    return { server, openedIn: await openInEditor(vscode.Uri.parse(server.localUrl)) };
  }

  /** Stops helm-server; false when none runs. */
  async stop(): Promise<boolean> {
    const server = this.current;
    this.current = undefined;
    if (!server) return false;
    await server.terminal.cancel();
    await server.terminal.ended;
    return true;
  }

  private async start(suite: string, cwd: string, resource?: vscode.Uri, outputPath?: string): Promise<WebUiServer | { error: string; logFile?: string; logLine?: number }> {
    const port = await freePort();
    const definition: HelmServerTaskDefinition = { type: HELM_SERVER_TASK_TYPE, suite, port, ...(outputPath ? { outputPath } : {}) };
    const launch = await prepareServer(definition, cwd, resource);
    if ('error' in launch) return { error: launch.error };
    const terminal = new HelmTerminal(launch, logFilePath(this.logDir(), 'helm-server', suite));
    const notStarted = await startInTask(definition, resource, `web UI ${suite}`, terminal, true);
    if (notStarted) return { error: `the helm-server task did not start: ${notStarted}` };
    let ended = false;
    void terminal.ended.then(() => (ended = true));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!ended && Date.now() < deadline && !(await answers(port))) await new Promise((r) => setTimeout(r, 200));
    if (ended || Date.now() >= deadline) {
      await terminal.cancel();
      const end = await terminal.ended;
      const traceback = end.logFile ? await lastTracebackOf(end.logFile) : undefined;
      const why = traceback?.text ?? (ended ? `it exited with code ${end.exitCode}` : `it did not answer on port ${port} within ${READY_TIMEOUT_MS / 1000} s`);
      return { error: `helm-server did not start: ${why}`, logFile: end.logFile, logLine: traceback?.line };
    }
    const localUrl = `http://127.0.0.1:${port}/`;
    const server: WebUiServer = { suite, cwd, outputPath, port, localUrl, pid: await terminal.pid(), terminal };
    this.current = server;
    void terminal.ended.then(() => {
      if (this.current === server) this.current = undefined;
    });
    return server;
  }

  dispose(): void {
    void this.stop();
  }
}

/** Opens a local address in the editor's Simple Browser (through code-server's proxy when remote), else outside. */
async function openInEditor(local: vscode.Uri): Promise<'simple-browser' | 'external'> {
  const external = await vscode.env.asExternalUri(local);
  if (vscode.extensions.getExtension('vscode.simple-browser')) {
    try {
      await vscode.commands.executeCommand('simpleBrowser.api.open', external, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false });
      return 'simple-browser';
    } catch {
      // fall through to the system's browser
    }
  }
  await vscode.env.openExternal(external);
  return 'external';
}
