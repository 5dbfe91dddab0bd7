// The editor as a HELM user meets it: values to pick, snippets with the list open, fix-all, links that open, closed files checked.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { REGISTRY_STATUS_REQUEST, type RegistryStatus } from '../../../server/src/common/protocol';
import type { HelmConfExtensionApi } from '../../../client/src/extension';
import { activateExtension, openFile, positionOf, screenshot, waitFor, workspaceDir } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const SHOTS = path.join(ROOT, '.e2e', 'run', 'screenshots');

const entries = (...descriptions: string[]): string => `entries: [\n${descriptions.map((d) => `  {description: "${d}", priority: 1}`).join('\n')}\n]\n`;

/** Accepts the suggestion the widget has selected, as Enter or Tab does, once the widget shows; the document's text after. */
/**
 * Accepts the suggestion the list has selected, as Enter does. With `reopen`, a list that is not (or no longer)
 * open is asked for again every 2 s, as the user presses Ctrl+Space again; without it, the list must be open already.
 */
async function acceptSuggestion(editor: vscode.TextEditor, what: string, reopen?: () => Promise<void>): Promise<string> {
  const before = editor.document.getText();
  let asked = Date.now();
  return waitFor(what, async () => {
    await vscode.commands.executeCommand('acceptSelectedSuggestion');
    const after = editor.document.getText();
    if (after !== before) return after;
    if (reopen && Date.now() - asked > 2000) {
      asked = Date.now();
      await reopen();
    }
    return undefined;
  });
}

/** Ctrl+Space at `at` in `editor`, with the editor focused. */
async function triggerSuggestAt(editor: vscode.TextEditor, at: vscode.Position): Promise<void> {
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  placeCursor(editor, at);
  await vscode.commands.executeCommand('editor.action.triggerSuggest');
}

function placeCursor(editor: vscode.TextEditor, position: vscode.Position): void {
  editor.selection = new vscode.Selection(position, position);
}

describe('the editor, finished', () => {
  let api: HelmConfExtensionApi;
  before(async () => {
    api = await activateExtension();
  });
  // The next suites (and docs/screenshot.png) start from a window without these editors and panels.
  after(async () => {
    // Saved first: closing an edited file would ask whether to save it.
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('offers HELM’s values after subject=, and none of the words of other files; picking one writes it', async () => {
    const editor = await openFile('run_entries_values.conf', entries('mmlu:subject=,model=openai/gpt2'));
    const at = positionOf(editor.document, 'subject=', 'subject='.length);
    const list = await waitFor('the subjects from the server', async () => {
      const r = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, at);
      return r && r.items.some((i) => i.kind === vscode.CompletionItemKind.EnumMember) ? r : undefined;
    });
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('anatomy') && labels.includes('abstract_algebra'), labels.slice(0, 20).join(', '));
    assert.deepEqual(list.items.filter((i) => i.kind === vscode.CompletionItemKind.Text).map((i) => i.label), [], 'no word-based suggestions');

    await triggerSuggestAt(editor, at);
    await screenshot(path.join(SHOTS, 'values-after-subject.png'));
    // A list that closed before Enter reached it (it happened once in CI) is asked for again, as the user would.
    const text = await acceptSuggestion(editor, 'a subject to be picked', () => triggerSuggestAt(editor, at));
    assert.equal(text, entries('mmlu:subject=abstract_algebra,model=openai/gpt2'));
  });

  it('accepting a function writes mmlu:subject= with the value list open at the cursor', async () => {
    const editor = await openFile('run_entries_snippet.conf', entries('mml'));
    const at = positionOf(editor.document, 'mml', 3);
    await triggerSuggestAt(editor, at);
    const written = await acceptSuggestion(editor, 'mmlu to be accepted', () => triggerSuggestAt(editor, at));
    assert.equal(written, entries('mmlu:subject='));
    assert.deepEqual(editor.selection.active, positionOf(editor.document, 'subject=', 'subject='.length), 'the cursor waits at the value');
    // The value list opened by itself: accepting again picks a subject.
    const picked = await acceptSuggestion(editor, 'the value list to be open');
    assert.equal(picked, entries('mmlu:subject=abstract_algebra'));
  });

  it('the "Add subject=" quick fix puts the cursor at the value with the list open', async () => {
    const editor = await openFile('run_entries_add_subject.conf', entries('mmlu:model=openai/gpt2'));
    const name = positionOf(editor.document, 'mmlu', 1);
    await waitFor('missing-argument', () => vscode.languages.getDiagnostics(editor.document.uri).some((d) => d.code === 'missing-argument'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, new vscode.Range(name, name));
    const add = actions.find((a) => a.title === 'Add `subject=`');
    assert.ok(add?.command, `Add subject= runs a command: ${actions.map((a) => a.title).join(', ')}`);
    // What the light bulb does with the action: its command.
    await vscode.commands.executeCommand(add.command.command, ...(add.command.arguments ?? []));
    assert.equal(editor.document.getText(), entries('mmlu:model=openai/gpt2,subject='));
    const picked = await acceptSuggestion(editor, 'the value list to be open');
    assert.equal(picked, entries('mmlu:model=openai/gpt2,subject=abstract_algebra'));
  });

  it('fix-all fixes the 5 problems that cannot change what HELM runs (a leading comma, `,,`, three ignored duplicates), and leaves the typo', async () => {
    const before = [
      'entries: [,',
      '  {description: "mmlu:subject=anatomy,subject=philosophy,model=openai/gpt2", priority: 1},,',
      '  {description: "boolq:model=openai/gpt2,stop=none,stop=hash", priority: 1}',
      '  {description: "mmlux:subject=anatomy,model=openai/gpt2,max_train_instances=1,max_train_instances=1", priority: 1}',
      ']',
      '',
    ].join('\n');
    const after = [
      'entries: [',
      '  {description: "mmlu:subject=philosophy,model=openai/gpt2", priority: 1},',
      '  {description: "boolq:model=openai/gpt2,stop=hash", priority: 1}',
      '  {description: "mmlux:subject=anatomy,model=openai/gpt2,max_train_instances=1", priority: 1}',
      ']',
      '',
    ].join('\n');
    const editor = await openFile('run_entries_fix_all.conf', before);
    await waitFor('the problems', () => vscode.languages.getDiagnostics(editor.document.uri).length === 6);
    await vscode.commands.executeCommand('editor.action.fixAll');
    await waitFor('fix-all to apply', () => editor.document.getText() === after || undefined, 10000).catch(() => undefined);
    assert.equal(editor.document.getText(), after);
    await waitFor('only the typo left', () => {
      const codes = vscode.languages.getDiagnostics(editor.document.uri).map((d) => d.code);
      return codes.length === 1 && codes[0] === 'unknown-run-spec-function';
    });
  });

  it('fix-all on save, as the README sets it up', async () => {
    const config = vscode.workspace.getConfiguration('editor', { languageId: 'helm-conf' });
    await config.update('codeActionsOnSave', { 'source.fixAll.helm-conf': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
    try {
      const editor = await openFile('run_entries_on_save.conf', entries('boolq:model=openai/gpt2,stop=none,stop=hash'));
      await waitFor('duplicate-key', () => vscode.languages.getDiagnostics(editor.document.uri).some((d) => d.code === 'duplicate-key'));
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# saved\n'));
      assert.ok(await editor.document.save());
      assert.equal(editor.document.getText(), `# saved\n${entries('boolq:model=openai/gpt2,stop=hash')}`);
    } finally {
      await config.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
    }
  });

  it('go to definition without HELM hands HELM’s source on GitHub to the browser', async () => {
    const editor = await openFile('run_entries_e2e.conf');
    const openedBefore = api.sourceLinks.opened.length;
    placeCursor(editor, positionOf(editor.document, 'mmlu', 1));
    await vscode.commands.executeCommand('editor.action.revealDefinition');
    // VS Code's own opener gets the page (in a test host its "open the external website?" dialog is refused).
    const page = await waitFor('HELM’s source to be opened', () => api.sourceLinks.opened.slice(openedBefore)[0]);
    assert.match(page, /^https:\/\/github\.com\/stanford-crfm\/helm\/blob\/[0-9a-f]{40}\/src\/helm\/benchmark\/run_specs\/lite_run_specs\.py#L\d+$/);
    // The note that stood for the page is closed again: the conf file is where the user was.
    await waitFor('the note to close', () => vscode.window.tabGroups.all.every((g) => g.tabs.every((t) => !(t.input instanceof vscode.TabInputText) || t.input.uri.scheme !== 'helm-link')));
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString());
  });

  it('a diagnostic’s related information without HELM: HELM’s source on GitHub, never a missing file', async () => {
    const editor = await openFile('run_entries_related.conf', entries('summarization_xsum:temperature=0.5,model=openai/gpt2'));
    const shadow = await waitFor('expander-shadows-argument', () => vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.code === 'expander-shadows-argument'));
    const targets = (shadow.relatedInformation ?? []).map((r) => r.location.uri);
    assert.deepEqual(targets.map((u) => [u.scheme, path.posix.basename(u.path)]), [['helm-link', 'run_expander.py'], ['helm-link', 'classic_run_specs.py']]);
    // Opening one (as a click in the Problems panel does) hands the page to the browser.
    const openedBefore = api.sourceLinks.opened.length;
    await vscode.window.showTextDocument(targets[0]);
    const page = await waitFor('the page', () => api.sourceLinks.opened.slice(openedBefore)[0]);
    assert.match(page, /^https:\/\/github\.com\/stanford-crfm\/helm\/blob\/[0-9a-f]{40}\/src\/helm\/benchmark\/run_expander\.py#L\d+$/);
  });

  it('go to definition with a HELM checkout (helmSourcePath) opens the local file at the function', async () => {
    const checkout = path.join(workspaceDir(), 'helm-checkout');
    fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'helm-checkout'), checkout, { recursive: true });
    const config = vscode.workspace.getConfiguration('helmConf');
    await config.update('helmSourcePath', checkout, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('the registry to read the checkout', async () => {
        const status = await api.client()?.sendRequest<RegistryStatus>(REGISTRY_STATUS_REQUEST, {});
        return status?.describeSource.includes('HELM source at');
      });
      const editor = await openFile('run_entries_e2e.conf');
      placeCursor(editor, positionOf(editor.document, 'mmlu', 1));
      await vscode.commands.executeCommand('editor.action.revealDefinition');
      const target = path.join(checkout, 'src', 'helm', 'benchmark', 'run_specs', 'lite_run_specs.py');
      const opened = await waitFor('the local file', () => (vscode.window.activeTextEditor?.document.uri.fsPath === target ? vscode.window.activeTextEditor : undefined));
      assert.match(opened.document.lineAt(opened.selection.active.line).text, /def get_mmlu_spec\(/);
    } finally {
      await config.update('helmSourcePath', undefined, vscode.ConfigurationTarget.Workspace);
      await waitFor('the bundled snapshot again', async () => (await api.client()?.sendRequest<RegistryStatus>(REGISTRY_STATUS_REQUEST, {}))?.describeSource.includes('bundled snapshot'));
      await api.registryStatus.refresh();
    }
  });

  it('a closed file’s problem is in the Problems panel', async () => {
    const file = path.join(workspaceDir(), 'run_entries_closed_e2e.conf');
    fs.writeFileSync(file, entries('mmlux:subject=anatomy,model=openai/gpt2'));
    const uri = vscode.Uri.file(file);
    const found = await waitFor('the closed file’s diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'unknown-run-spec-function'), 30000);
    assert.match(found.message, /mmlux/);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === file), 'the file was never opened');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot(path.join(SHOTS, 'problems-closed-file.png'));
  });
});
