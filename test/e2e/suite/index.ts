// Runs the extension's tests inside the VS Code extension host with mocha; prints `N passed, N failed, N skipped`.
// The workspace folder's name picks the tests: workspace, workspace-untrusted, workspace-installed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

const GROUPS: Record<string, (file: string) => boolean> = {
  'workspace-untrusted': (file) => file === 'untrusted.test.js',
  'workspace-installed': (file) => file === 'installed.test.js',
  workspace: (file) => file.endsWith('.test.js') && file !== 'untrusted.test.js' && file !== 'installed.test.js',
};

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const group = folder ? path.basename(folder.uri.fsPath) : 'workspace';
  const select = GROUPS[group] ?? GROUPS.workspace;
  // HELM_E2E_GREP (run.js --grep=TEXT): only the tests whose title holds the text.
  const grep = process.env.HELM_E2E_GREP;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  const files = fs.readdirSync(__dirname).filter(select).sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  console.log(`e2e group ${group}: ${files.join(', ')}`);
  const failures = await new Promise<{ passed: number; failed: number; skipped: number }>((resolve) => {
    const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0, skipped: runner.stats?.pending ?? 0 }));
  });
  console.log(`${failures.passed} passed, ${failures.failed} failed, ${failures.skipped} skipped`);
  if (failures.failed > 0) throw new Error(`${failures.failed} tests failed`);
}
