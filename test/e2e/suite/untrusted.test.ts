// In a restricted (untrusted) workspace the editor features work and nothing is spawned.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunSuiteResult } from '../../../client/src/runSuite/runSuiteCommand';
import { activateExtension, openFile, positionOf, readRecord, removeRecord, waitFor } from './helpers';

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
});
