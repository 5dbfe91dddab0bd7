// The same suites in VS Code desktop through @vscode/test-electron, where VS Code can be downloaded
// (it cannot on machines without internet access: use run.ts with code-server there).
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const RUN_DIR = path.join(ROOT, '.e2e', 'electron');

function prepareWorkspace(source: string, copyName: string): string {
  const target = path.join(RUN_DIR, copyName);
  rmSync(target, { recursive: true, force: true });
  cpSync(path.join(ROOT, 'test', 'e2e', source), target, { recursive: true });
  mkdirSync(path.join(target, '.vscode'), { recursive: true });
  writeFileSync(
    path.join(target, '.vscode', 'settings.json'),
    JSON.stringify({ 'helmConf.pythonPath': path.join(ROOT, 'test', 'fixtures', 'fake-helm-run', 'python'), 'helmConf.exactExpansion': false }),
  );
  return target;
}

async function main(): Promise<void> {
  const extensionTestsPath = path.join(ROOT, 'out', 'test', 'e2e', 'suite', 'index.js');
  let failed = 0;
  for (const [source, copyName, trust] of [['workspace', 'workspace', false], ['workspace-untrusted', 'workspace-untrusted', true]] as const) {
    const workspace = prepareWorkspace(source, copyName);
    const launchArgs = [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes'];
    if (!trust) launchArgs.push('--disable-workspace-trust');
    try {
      await runTests({ extensionDevelopmentPath: ROOT, extensionTestsPath, launchArgs });
    } catch (error) {
      console.error(`${copyName}: ${error instanceof Error ? error.message : String(error)}`);
      failed++;
    }
  }
  process.exit(failed ? 1 : 0);
}

void main();
