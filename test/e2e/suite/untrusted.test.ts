// In a restricted (untrusted) workspace the editor features work and nothing is spawned.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSuiteResult } from '../../../client/src/runSuite/runSuiteCommand';
import { activateExtension, openFile, positionOf, readRecord, removeRecord, waitFor, workspaceDir } from './helpers';

describe('restricted workspace', () => {
  it('is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still checks run entries', async () => {
    await activateExtension();
    const editor = await openFile('run_entries_broken.conf', 'entries: [\n  {description: "mmlux:subject=anatomy"}\n]\n');
    const name = positionOf(editor.document, 'mmlux', 1);
    await waitFor('a diagnostic on mmlux', () =>
      vscode.languages.getDiagnostics(editor.document.uri).some((d) => d.range.contains(name)) ? true : undefined,
    );
  });

  it('refuses Run suite and Run this entry without starting helm-run', async () => {
    removeRecord();
    const editor = await openFile('run_entries_e2e.conf');
    const answers = { suite: 'never', maxEvalInstances: 1, modelsToRun: [], priority: 0, confirm: true };
    const suite = await vscode.commands.executeCommand<RunSuiteResult>('helmConf.runSuite', editor.document.uri, answers);
    const entry = await vscode.commands.executeCommand<RunSuiteResult>('helmConf.runEntry', editor.document.uri, 2, answers);
    assert.equal(suite.refused, 'untrusted');
    assert.equal(entry.refused, 'untrusted');
    assert.equal(readRecord(), undefined);
  });

  it('ignores the workspace\'s own value of each setting that names code to run or read', async () => {
    // The workspace's settings.json sets helmConf.pythonPath already (test/e2e/run.ts); it sets the others
    // here, and a setting a restricted workspace keeps (localPath): once that one reads back, the file is read.
    const file = path.join(workspaceDir(), '.vscode', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.ok(settings['helmConf.pythonPath']);
    const written = { ...settings, 'helmConf.helmSourcePath': 'helm-src', 'helmConf.plugins': ['plugin.py'], 'helmConf.localPath': 'restricted_env' };
    fs.writeFileSync(file, JSON.stringify(written, null, 2));
    try {
      await waitFor('the workspace\'s settings read', () => vscode.workspace.getConfiguration('helmConf').get('localPath') === 'restricted_env');
      const config = vscode.workspace.getConfiguration('helmConf');
      assert.deepEqual(['pythonPath', 'helmSourcePath', 'plugins'].map((key) => [key, config.get(key)]), [['pythonPath', ''], ['helmSourcePath', ''], ['plugins', []]]);
    } finally {
      fs.writeFileSync(file, JSON.stringify(settings, null, 2));
    }
  });
});
