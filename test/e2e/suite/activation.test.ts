// The extension activates on a run entries file in a real VS Code, with its commands and grammar.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadTokenizer, textmateAvailable } from '../textmate';
import { activateExtension, openFile } from './helpers';

describe('activation', () => {
  it('opens run_entries*.conf as helm-conf and activates the extension', async () => {
    const editor = await openFile('run_entries_e2e.conf');
    assert.equal(editor.document.languageId, 'helm-conf');
    const api = await activateExtension();
    assert.equal(api.client()?.isRunning(), true);
  });

  it('registers the HELM commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['helmConf.runSuite', 'helmConf.runEntry', 'helmConf.showExpandedRunSpecs', 'helmConf.showLog', 'helmConf.restartServer']) {
      assert.ok(commands.includes(id), `${id} is not registered`);
    }
  });

  it('colours a description part by part with the TextMate grammar, in VS Code\'s own engine', async () => {
    const editor = await openFile('run_entries_e2e.conf');
    // The vscode-textmate and Oniguruma of the running VS Code: the engine that colours the editor.
    const nodeModules = path.join(vscode.env.appRoot, 'node_modules');
    assert.ok(textmateAvailable(nodeModules), `no vscode-textmate in ${nodeModules}`);
    const tokenize = await loadTokenizer(nodeModules);
    const tokens = tokenize(editor.document.getText()).flat();
    const scopeOf = (text: string): string => tokens.find((t) => t.text === text)?.scopes.join(' ') ?? `(no token "${text}")`;
    const expected: Array<[string, string]> = [
      ['#', 'comment.line.number-sign.helm-conf'],
      ['entries', 'support.type.property-name.helm-conf'],
      ['description', 'support.type.property-name.description.helm-conf'],
      ['mmlu', 'entity.name.function.run-spec.helm-conf'],
      ['subject', 'variable.parameter.argument-name.helm-conf'],
      ['anatomy', 'constant.other.argument-value.helm-conf'],
      ['openai/gpt2', 'constant.other.argument-value.helm-conf'],
      ['priority', 'support.type.property-name.helm-conf'],
      ['1', 'constant.numeric.helm-conf'],
    ];
    for (const [text, scope] of expected) assert.ok(scopeOf(text).includes(scope), `"${text}" has scopes ${scopeOf(text)}, expected ${scope}`);
  });
});
