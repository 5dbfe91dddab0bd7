// Diagnostics, completion and hover come from the language server in a real VS Code.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, openFile, positionOf, screenshot, SCREENSHOT_DIR, waitFor } from './helpers';

const BROKEN = `# A run entry with a misspelt run spec function.
entries: [
  {description: "mmlux:subject=anatomy,model=openai/gpt2", priority: 1}
]
`;

describe('language features', () => {
  before(async () => {
    await activateExtension();
  });

  it('shows a diagnostic on an unknown run spec function and clears it when fixed', async () => {
    const editor = await openFile('run_entries_broken.conf', BROKEN);
    const uri = editor.document.uri;
    const nameStart = positionOf(editor.document, 'mmlux');
    const diagnostics = await waitFor('a diagnostic on mmlux', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => d.range.contains(nameStart.translate(0, 1)));
      return found.length > 0 ? found : undefined;
    });
    assert.match(diagnostics[0].message, /mmlux/);
    assert.equal(diagnostics[0].range.start.line, nameStart.line);

    const fix = new vscode.WorkspaceEdit();
    fix.replace(uri, new vscode.Range(nameStart, nameStart.translate(0, 'mmlux'.length)), 'mmlu');
    assert.ok(await vscode.workspace.applyEdit(fix));
    await waitFor('the diagnostic on mmlux to go', () =>
      vscode.languages.getDiagnostics(uri).every((d) => !d.message.includes('mmlux')) ? true : undefined,
    );
    await editor.document.save();
  });

  it('completes run spec function names in a description', async () => {
    const editor = await openFile('run_entries_complete.conf', 'entries: [\n  {description: "mm"}\n]\n');
    const position = positionOf(editor.document, '"mm"', 3);
    const list = await waitFor('completion items from the server', async () => {
      const result = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position);
      return result && result.items.some((item) => item.kind !== vscode.CompletionItemKind.Text) ? result : undefined;
    });
    // VS Code's word-based suggestions (kind Text) would offer `mmlu` from other files: not those.
    const labels = list.items
      .filter((item) => item.kind !== vscode.CompletionItemKind.Text)
      .map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(labels.includes('mmlu'), `mmlu is not offered: ${labels.slice(0, 20).join(', ')}`);
  });

  it('completes model= values from what is typed, replacing the whole value, and asks again as it changes', async () => {
    const editor = await openFile('run_entries_complete_model.conf', 'entries: [\n  {description: "mmlu:subject=anatomy,model=gpt"}\n]\n');
    const position = positionOf(editor.document, 'model=gp', 'model=gp'.length);
    const list = await waitFor('model completion items from the server', async () => {
      const result = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position);
      return result && result.items.some((item) => item.kind === vscode.CompletionItemKind.Value) ? result : undefined;
    });
    assert.strictEqual(list.isIncomplete, true);
    const label = (item: vscode.CompletionItem): string => (typeof item.label === 'string' ? item.label : item.label.label);
    const gpt2 = list.items.find((item) => label(item) === 'openai/gpt2');
    assert.ok(gpt2, `openai/gpt2 is not offered: ${list.items.slice(0, 20).map(label).join(', ')}`);
    // The whole value `gpt`, cursor in its middle, is what the item replaces.
    const range = gpt2.range instanceof vscode.Range ? gpt2.range : gpt2.range?.replacing;
    assert.strictEqual(range && editor.document.getText(range), 'gpt');
    assert.ok(list.items.every((item) => item.kind === vscode.CompletionItemKind.Text || /g/i.test(label(item))), 'only choices `gp` could match');
  });

  it('answers hover on a run spec function', async () => {
    const editor = await openFile('run_entries_e2e.conf');
    const position = positionOf(editor.document, 'mmlu', 1);
    const hovers = await waitFor('a hover', async () => {
      const result = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
      return result && result.length > 0 ? result : undefined;
    });
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /mmlu/);
  });

  it('shows a squiggle and a hover with RunSpecs (.e2e/screenshots/hover.png, the README picture)', async () => {
    // The hovered entry sits low enough for the hover to open above it, the squiggle right below.
    const filler = ['boolq', 'imdb', 'civil_comments:demographic=all', 'narrative_qa', 'truthful_qa:task=mc_single']
      .map((d, i) => `  {description: "${d}${d.includes(':') ? ',' : ':'}model=openai/gpt2", priority: ${(i % 3) + 1}}`);
    const editor = await openFile('run_entries_screenshot.conf', [
      '# HELM run entries, checked as you type',
      '',
      'entries: [',
      '  ##### Core scenarios #####',
      ...filler,
      '',
      '  ##### Knowledge #####',
      ...filler.slice(0, 2).map((line) => line.replace('openai/gpt2', 'openai/gpt-4o-mini-2024-07-18')),
      '  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}',
      '  {description: "boolq:model=openai/gpt2,data_augmentation=canonicl", priority: 2}',
      ']',
      '',
    ].join('\n'));
    const uri = editor.document.uri;
    const typo = positionOf(editor.document, 'canonicl', 1);
    const squiggles = await waitFor('the squiggle on canonicl', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => d.range.contains(typo));
      return found.length ? found : undefined;
    });
    assert.deepStrictEqual(squiggles.map((d) => [d.code, d.severity, editor.document.getText(d.range)]), [['unknown-expander-value', vscode.DiagnosticSeverity.Error, 'canonicl']]);
    assert.match(squiggles[0].message, /canonicl/);
    assert.match(squiggles[0].message, /canonical/, 'the did-you-mean');
    const target = positionOf(editor.document, 'mmlu:subject', 2);
    // The hover the picture shows: the function, and the RunSpec the entry expands to.
    const hovers = await waitFor('the hover on mmlu', async () => {
      const result = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, target);
      return result && result.length > 0 ? result : undefined;
    });
    const hoverText = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.ok(hoverText.includes('mmlu(subject: str'), hoverText);
    assert.ok(hoverText.includes('**1 RunSpec**'), hoverText);
    assert.ok(hoverText.includes('- `mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2`'), hoverText);
    editor.selection = new vscode.Selection(target, target);
    editor.revealRange(new vscode.Range(target, target), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('editor.action.showHover');
    // Into the build folder; `npm run screenshot:readme` copies it over docs/screenshot.png on purpose.
    await screenshot(path.join(SCREENSHOT_DIR, 'hover.png'));
  });
});
