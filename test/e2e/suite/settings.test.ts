// The Settings editor, as the user opens it: each HELM setting a user sets shows on the User tab (not only on Remote).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, clearMessages, ui } from './helpers';

/**
 * The settings a restricted workspace ignores (restrictedConfigurations). A setting of scope `machine` or
 * `machine-overridable` shows only on the Remote tab of code-server's (or Remote-SSH's) Settings editor: the
 * User tab says "No Settings Found". Each row: the key, its title.
 */
const USER_SETTINGS: Array<[string, string]> = [
  ['helmConf.pythonPath', 'Helm Conf: Python Path'],
  ['helmConf.helmSourcePath', 'Helm Conf: Helm Source Path'],
  ['helmConf.plugins', 'Helm Conf: Plugins'],
];

describe('Settings editor', () => {
  before(async () => {
    await activateExtension();
    await clearMessages();
  });
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeActiveEditor'));

  for (const [key, title] of USER_SETTINGS) {
    it(`shows ${key} on the User tab`, async () => {
      await vscode.commands.executeCommand('workbench.action.openSettings', key);
      const tab = await ui({ action: 'text', selector: '.settings-editor .settings-tabs-widget .action-label.checked', contains: 'User' });
      assert.ok(tab.ok, 'the Settings editor is not on its User tab');
      const shown = await ui({ action: 'text', selector: '.settings-editor', contains: title });
      assert.ok(shown.ok, `the User tab does not show ${key}`);
    });
  }
});
