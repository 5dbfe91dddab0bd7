// Shared steps of the extension's tests in a real VS Code: activation, polling, files, processes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HelmConfExtensionApi } from '../../../client/src/extension';

export const EXTENSION_ID = 'helm-tools.helm-run-entries';

/** Activates the HELM extension and waits for its language server. */
export async function activateExtension(): Promise<HelmConfExtensionApi> {
  const extension = vscode.extensions.getExtension<HelmConfExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  await api.ready;
  return api;
}

/** Polls until `probe` returns a value (not undefined/false) or the time is up; never a fixed sleep. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  return folder.uri.fsPath;
}

/** Writes a file into the workspace and opens it in an editor. */
export async function openFile(name: string, text?: string): Promise<vscode.TextEditor> {
  const file = path.join(workspaceDir(), name);
  if (text !== undefined) fs.writeFileSync(file, text);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return vscode.window.showTextDocument(document);
}

/** Offset-free position of the first occurrence of `needle` (plus `delta` characters). */
export function positionOf(document: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const offset = document.getText().indexOf(needle);
  if (offset < 0) throw new Error(`"${needle}" is not in ${document.uri.fsPath}`);
  return document.positionAt(offset + delta);
}

export { isAlive } from '../../helpers/process';

/** Runs a command without waiting: the test answers its dialogs and questions meanwhile. */
export function startCommand<T>(command: string, ...args: unknown[]): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));
}

/** What the stand-in helm-run recorded about its last start. */
export interface FakeHelmRunRecord {
  argv: string[];
  /** The helm-run that ran (its full path). */
  program: string;
  cwd: string;
  pid: number;
  childPid: number | null;
}

export const RECORD_FILE = 'fake-helm-run.json';

export function readRecord(): FakeHelmRunRecord | undefined {
  const file = path.join(workspaceDir(), RECORD_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as FakeHelmRunRecord) : undefined;
}

export function removeRecord(): void {
  fs.rmSync(path.join(workspaceDir(), RECORD_FILE), { force: true });
}

/** What the stand-in helm-summarize or helm-server recorded about its last start. */
export interface ProgramRecord {
  argv: string[];
  cwd: string;
  pid: number;
}

export function programRecord(program: 'summarize' | 'server'): ProgramRecord | undefined {
  const file = path.join(workspaceDir(), `fake-helm-${program}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ProgramRecord) : undefined;
}

/** Asks the test runner for a screenshot of the window and waits until it is written. */
export async function screenshot(file: string): Promise<void> {
  fs.rmSync(file, { force: true });
  console.log(`[[screenshot ${file}]]`);
  await waitFor(`screenshot ${file}`, () => fs.existsSync(file) && fs.statSync(file).size > 0, 15000);
}

/** What the browser side answers to a request (see test/e2e/uiDriver.ts). */
export interface UiAnswer {
  ok: boolean;
  error?: string;
  /** The notification's or dialog's text and buttons, the webview's or element's text. */
  text?: string;
  buttons?: string[];
  title?: string;
  titleFits?: boolean;
  placeholder?: string;
  placeholderFits?: boolean;
  prompt?: string;
  warning?: boolean;
  background?: string;
  /** webviewText: the address of the frame that shows the text. */
  url?: string;
  shown?: unknown;
  /** quickInput: the items of the quick pick on show. */
  items?: QuickPickItemShown[];
  /** viewRows: the rows of the view. */
  rows?: Array<{ label: string; description: string }>;
}

export interface QuickPickItemShown {
  label: string;
  description: string;
  detail: string;
  /** In a list of checkboxes: whether it is ticked. */
  checked?: boolean;
}

export interface UiRequest {
  action: string;
  label?: string;
  contains?: string;
  selector?: string;
  text?: string;
  view?: string;
  button?: string;
  timeoutMs?: number;
}

let uiRequests = 0;

/** Asks the browser side to act on the window as the user would (click a button, read what is shown). */
export async function ui(request: UiRequest): Promise<UiAnswer> {
  const reply = path.join(os.tmpdir(), `helm-e2e-ui-${process.pid}-${++uiRequests}.json`);
  fs.rmSync(reply, { force: true });
  console.log(`[[ui ${JSON.stringify({ ...request, reply })}]]`);
  const answer = await waitFor(
    `the answer to ${request.action} ${request.label ?? request.contains ?? ''}`,
    () => (fs.existsSync(reply) ? (JSON.parse(fs.readFileSync(reply, 'utf8')) as UiAnswer) : undefined),
    (request.timeoutMs ?? 15000) + 10000,
  );
  fs.rmSync(reply, { force: true });
  return answer;
}

/** A request the browser side must carry out: fails the test when it could not. */
export async function act(request: UiRequest): Promise<UiAnswer> {
  const answer = await ui(request);
  if (!answer.ok) throw new Error(`cannot ${request.action} ${JSON.stringify(request.label ?? request.contains ?? '')}: ${JSON.stringify(answer)}`);
  return answer;
}

/** Clicks a notification's or dialog's button by its label; fails the test when there is none. */
export async function clickButton(label: string, timeoutMs?: number): Promise<UiAnswer> {
  const answer = await ui({ action: 'click', label, timeoutMs });
  if (!answer.ok) throw new Error(`cannot click "${label}": ${answer.error ?? ''} ${JSON.stringify(answer.shown ?? '')}`);
  return answer;
}

/** Where the tests write their screenshots: a build folder, never over a committed file. */
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', '..', '..', '.e2e', 'screenshots');

/** Between tests: no notification and no dialog left from the one before. */
export async function clearMessages(): Promise<void> {
  await ui({ action: 'closeDialogs' });
  await vscode.commands.executeCommand('notifications.clearAll');
}
