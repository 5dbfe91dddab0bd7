// Run suite's pre-flight, clicked as the user would: HELM missing, errors in the file, wildcards, 0 RunSpecs, unsafe values.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSuiteResult } from '../../../client/src/runSuite/runSuiteCommand';
import { REGISTRY_STATUS_REQUEST, type RegistryStatus } from '../../../server/src/common/protocol';
import { act, activateExtension, clearMessages, clickButton, openFile, readRecord, removeRecord, startCommand, ui, waitFor, workspaceDir } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

const WITH_ERRORS = [
  'entries: [',
  '  {description: "mmlu:model=openai/gpt2", priority: 1}',
  '  {description: "boolq:model=openai/gpt2", priority: "1"}',
  ']',
  '',
].join('\n');

/** The Python extension's id: the client offers its interpreter picker when it is installed. */
const PYTHON_EXTENSION_ID = 'ms-python.python';

/** What the Python extension's stand-in (test/e2e/python-extension) exports besides its `environments` API. */
interface PythonStandIn {
  setInterpreterCalls: number;
  resetInterpreter(): void;
}

/**
 * A Python environment as pip makes one, with HELM in it: `bin/python` (python3 with HELM's source
 * folder, the test checkout, on its path) and `bin/helm-run` (a copy of the stand-in helm-run).
 */
function environmentWithHelm(): { python: string; helmRun: string; helmDir: string } {
  const bin = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'venv-with-helm-')), 'bin');
  fs.mkdirSync(bin);
  const src = path.join(ROOT, 'test', 'fixtures', 'helm-checkout', 'src');
  const python = path.join(bin, 'python');
  fs.writeFileSync(python, `#!/bin/sh\nPYTHONPATH=${JSON.stringify(src)} exec python3 "$@"\n`, { mode: 0o755 });
  for (const file of ['helm-run', 'standin_hlog.py']) fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'fake-helm-run', file), path.join(bin, file));
  return { python, helmRun: path.join(bin, 'helm-run'), helmDir: path.join(src, 'helm') };
}

const start = (command: string, ...args: unknown[]): Promise<RunSuiteResult> => startCommand<RunSuiteResult>(command, ...args);

describe('Run suite: pre-flight', () => {
  before(() => activateExtension());
  beforeEach(async () => {
    removeRecord();
    await clearMessages();
  });

  it('finds a missing HELM before any question, offers the buttons that fix it, and the status bar item warns', async () => {
    const api = await activateExtension();
    const uri = (await openFile('run_entries_e2e.conf')).document.uri;
    const config = vscode.workspace.getConfiguration('helmConf', uri);
    const missing = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'no-helm-')), 'python3');
    const pythonPath = config.get<string>('pythonPath');
    await config.update('pythonPath', missing, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('the status bar item to warn', () => api.registryStatus.helmMissing);
      const item = await ui({ action: 'statusItem', selector: 'helmConf.registry' });
      assert.equal(item.warning, true, JSON.stringify(item));

      // No answers given: were a question asked first, the command would not return.
      const result = await start('helmConf.runSuite', uri);
      assert.equal(result.refused, 'no-helm');
      const shown = await ui({ action: 'read', contains: 'HELM is not found' });
      assert.match(shown.text ?? '', new RegExp(`no helm-run beside ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(helmConf.pythonPath\\) nor on PATH`));
      // The setting names the interpreter: the Python extension's picker (there, test/e2e/python-extension) would change nothing.
      assert.deepEqual(shown.buttons, ['Set helmConf.pythonPath', 'How to install HELM']);
      await clickButton('Set helmConf.pythonPath');
      // The Settings editor, on its User tab, shows the setting (it is not a machine setting).
      const settings = await ui({ action: 'text', selector: '.settings-editor', contains: 'Python Path' });
      assert.ok(settings.ok, 'the Settings editor does not show helmConf.pythonPath');
      assert.match(settings.text ?? '', /User/);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

      await start('helmConf.runSuite', uri);
      await clickButton('How to install HELM');
      // The editor asks before it opens a website: the button asked it to open HELM's installation page.
      const asked = await ui({ action: 'read', contains: 'crfm-helm.readthedocs.io/en/latest/installation' });
      assert.ok(asked.ok, JSON.stringify(asked.shown));
      await clickButton('Open');
    } finally {
      await config.update('pythonPath', pythonPath || undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the status bar item to stop warning', () => !api.registryStatus.helmMissing);
    assert.equal(readRecord(), undefined);
  });

  it('without helmConf.pythonPath takes the Python extension\'s interpreter: one picked in its picker serves Run suite and the language server', async () => {
    const api = await activateExtension();
    const uri = (await openFile('run_entries_e2e.conf')).document.uri;
    const config = vscode.workspace.getConfiguration('helmConf', uri);
    const pythonPath = config.get<string>('pythonPath');
    const pythonExtension = vscode.extensions.getExtension<PythonStandIn>(PYTHON_EXTENSION_ID);
    const environment = environmentWithHelm();
    const registrySource = async (): Promise<string | undefined> => (await api.client()?.sendRequest<RegistryStatus>(REGISTRY_STATUS_REQUEST, {}))?.describeSource;
    await config.update('pythonPath', undefined, vscode.ConfigurationTarget.Workspace);
    try {
      // No interpreter picked yet: the Python extension answers its bare default `python`, which is no
      // choice, so python3 it is; no helm-run beside it.
      await waitFor('the status bar item to warn', () => api.registryStatus.helmMissing);
      const result = await start('helmConf.runSuite', uri);
      assert.equal(result.refused, 'no-helm');
      const shown = await ui({ action: 'read', contains: 'HELM is not found' });
      assert.match(shown.text ?? '', /no helm-run beside python3 \(the default interpreter\) nor on PATH/);
      assert.deepEqual(shown.buttons, ['Select Python interpreter', 'Set helmConf.pythonPath', 'How to install HELM']);

      await clickButton('Select Python interpreter');
      await act({ action: 'quickPick', contains: 'Select Interpreter', label: 'Enter interpreter path...' });
      await act({ action: 'quickInputType', contains: 'Enter path to a Python interpreter', text: environment.python });
      assert.equal(pythonExtension?.exports.setInterpreterCalls, 1);

      // No reload: the status bar finds helm-run beside it, and the server reads the registry of its HELM.
      await waitFor('the status bar item to stop warning', () => !api.registryStatus.helmMissing);
      assert.equal(api.registryStatus.helm?.programs['helm-run'], path.join(path.dirname(environment.python), 'helm-run'));
      assert.match((await waitFor('the registry of its HELM', async () => {
        const source = await registrySource();
        return source?.includes(environment.helmDir) ? source : undefined;
      })) ?? '', /^HELM .* at /);

      // That HELM's registry has `mmlu` alone: the file's other two entries are errors now, and Run suite says so.
      await waitFor('the errors of its registry', () => vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length === 2);
      const running = start('helmConf.runSuite', uri, { suite: 'e2e-interpreter', maxEvalInstances: 1, modelsToRun: ['openai/gpt2'], priority: 1, confirm: true });
      const dialog = await clickButton('Run anyway');
      assert.match(dialog.text ?? '', /line 4: No run spec function is named `boolq`/);
      assert.equal((await running).refused, undefined);
      const record = readRecord();
      assert.equal(record?.program, environment.helmRun);
      assert.deepEqual(record?.argv, ['--conf-paths', 'run_entries_e2e.conf', '--suite', 'e2e-interpreter', '--max-eval-instances', '1', '--models-to-run', 'openai/gpt2', '--priority', '1']);
    } finally {
      pythonExtension?.exports.resetInterpreter();
      await config.update('pythonPath', pythonPath || undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the bundled snapshot again', async () => (await registrySource())?.includes('bundled snapshot'));
    await waitFor('the status bar item to find the stand-in helm-run again', () => api.registryStatus.helm?.interpreter.source === 'setting' && !api.registryStatus.helmMissing);
  });

  it('names the errors of the file in a modal; Show problems shows them and runs nothing', async () => {
    const editor = await openFile('run_entries_errors.conf', WITH_ERRORS);
    await waitFor('the server\'s errors', () => vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length === 2);
    const running = start('helmConf.runSuite', editor.document.uri, { suite: 'e2e-errors', maxEvalInstances: 1, modelsToRun: [], priority: 0, confirm: true });
    const dialog = await clickButton('Show problems');
    assert.match(dialog.text ?? '', /This file has 2 errors: helm-run is likely to stop on them\./);
    assert.match(dialog.text ?? '', /line 2: `mmlu` needs `subject`/);
    assert.match(dialog.text ?? '', /line 3: `priority` is the string "1", not an int/);
    assert.deepEqual(dialog.buttons?.filter((b) => b !== 'Cancel').sort(), ['Run anyway', 'Show problems']);
    assert.equal((await running).refused, 'has-errors');
    assert.equal(readRecord(), undefined);
    // The cursor is on the first error, and the Problems view lists them.
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString());
    assert.equal(vscode.window.activeTextEditor?.selection.start.line, 1);
    const problems = await ui({ action: 'text', selector: '.markers-panel', contains: 'needs `subject`' });
    assert.ok(problems.ok, 'the Problems view does not list the errors');
  });

  it('runs the file anyway when asked to', async () => {
    const editor = await openFile('run_entries_errors.conf', WITH_ERRORS);
    const running = start('helmConf.runSuite', editor.document.uri, { suite: 'e2e-errors', maxEvalInstances: 1, modelsToRun: [], priority: 0, confirm: true });
    await clickButton('Run anyway');
    const result = await running;
    assert.equal(result.refused, undefined);
    assert.deepEqual(readRecord()?.argv, ['--conf-paths', 'run_entries_errors.conf', '--suite', 'e2e-errors', '--max-eval-instances', '1']);
  });

  it('asks for the models first in line when helm-run would refuse a wildcard without them, and says why', async () => {
    const editor = await openFile('run_entries_wildcard.conf', 'entries: [\n  {description: "narrative_qa:model=text", priority: 1}\n]\n');
    const answers = { suite: 'e2e-wildcard', maxEvalInstances: 1, priority: 0, confirm: true };
    const running = start('helmConf.runSuite', editor.document.uri, answers);
    const question = await ui({ action: 'quickInput' });
    assert.equal(question.title, 'HELM: Run suite (3/4) · model=text needs --models-to-run');
    assert.equal(question.placeholder, 'Pick one or more models to run');
    assert.ok(question.titleFits && question.placeholderFits, JSON.stringify(question));
    // Enter with no model picked: the question stays, and says what to do.
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const again = await waitFor('the question to ask again', async () => {
      const q = await ui({ action: 'quickInput' });
      return q.placeholder !== question.placeholder ? q : undefined;
    });
    assert.equal(again.placeholder, 'At least one: Space picks the model under the cursor');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal((await running).refused, 'dismissed');

    // An answer given in advance is checked the same way.
    const refused = await start('helmConf.runSuite', editor.document.uri, { ...answers, modelsToRun: [] });
    assert.equal(refused.refused, 'models-required');
    const shown = await ui({ action: 'read', contains: 'without --models-to-run' });
    assert.match(shown.text ?? '', /helm-run refuses `model=text` without --models-to-run: pick the models to run\./);
    const ran = await start('helmConf.runSuite', editor.document.uri, { ...answers, modelsToRun: ['openai/gpt2'] });
    assert.deepEqual(ran.args, ['--conf-paths', 'run_entries_wildcard.conf', '--suite', 'e2e-wildcard', '--max-eval-instances', '1', '--models-to-run', 'openai/gpt2']);
    assert.deepEqual(ran.summary?.outcomes.map((o) => [o.runSpec, o.status]), [['narrative_qa:model=openai_gpt2', 'done']]);
  });

  it('refuses a selection that makes 0 RunSpecs, with the reason per entry', async () => {
    const editor = await openFile('run_entries_e2e.conf');
    const running = start('helmConf.runSuite', editor.document.uri, { suite: 'e2e-none', maxEvalInstances: 1, modelsToRun: ['together/llama-3-8b'], priority: 2, confirm: true });
    const dialog = await clickButton('OK');
    assert.match(dialog.text ?? '', /This selection makes 0 RunSpecs: helm-run would run nothing\./);
    assert.match(dialog.text ?? '', /line 3 \(mmlu:subject=anatomy,model=openai\/gpt2\): none of its models is in --models-to-run together\/llama-3-8b\./);
    assert.match(dialog.text ?? '', /line 5 \(narrative_qa:model=openai\/gpt2\): its priority is above --priority 2\./);
    assert.equal((await running).refused, 'no-runspecs');
    assert.equal(readRecord(), undefined);
  });

  it('asks Run this entry\'s three questions as (1/3) to (3/3), each readable, and checks the entry\'s own errors', async () => {
    const editor = await openFile('run_entries_entry.conf', 'entries: [\n  {description: "boolq:model=openai/gpt2", priority: 1}\n  {description: "mmlux:model=openai/gpt2", priority: 1}\n]\n');
    await waitFor('the server\'s error on mmlux', () => vscode.languages.getDiagnostics(editor.document.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error));
    const running = start('helmConf.runEntry', editor.document.uri, 1, { confirm: true });
    const titles: string[] = [];
    for (const step of [1, 2, 3]) {
      const question = await waitFor(`question ${step}`, async () => {
        const q = await ui({ action: 'quickInput' });
        return q.title?.startsWith(`HELM: Run this entry (${step}/3)`) ? q : undefined;
      });
      assert.ok(question.titleFits && question.placeholderFits, JSON.stringify(question));
      titles.push(question.title ?? '');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    assert.deepEqual(titles, ['HELM: Run this entry (1/3)', 'HELM: Run this entry (2/3)', 'HELM: Run this entry (3/3)']);
    const ran = await running;
    assert.equal(ran.summary?.outcomes[0]?.runSpec, 'boolq:model=openai_gpt2', `refused: ${ran.refused}`);

    // The entry with an error: the same modal, for the entry alone.
    const broken = start('helmConf.runEntry', editor.document.uri, 2, { confirm: true });
    const dialog = await clickButton('Show problems');
    assert.match(dialog.text ?? '', /This run entry has 1 error/);
    assert.equal((await broken).refused, 'has-errors');
  });

  it('refuses a model, group or plugin that helm-run would read as an option (--output-path)', async () => {
    const editor = await openFile('run_entries_e2e.conf');
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-injected-'));
    const result = await start('helmConf.runSuite', editor.document.uri, {
      suite: 'e2e-injection',
      maxEvalInstances: 1,
      modelsToRun: ['openai/gpt2', `--output-path=${outside}`],
      priority: 0,
      confirm: true,
    });
    assert.equal(result.refused, 'option-like-value');
    const shown = await ui({ action: 'read', contains: 'as an option of its own' });
    assert.match(shown.text ?? '', /--models-to-run "--output-path=.*": helm-run would read a value that starts with "-" as an option of its own/);
    assert.equal(readRecord(), undefined);
    assert.deepEqual(fs.readdirSync(outside), []);
    assert.ok(!fs.existsSync(path.join(workspaceDir(), 'benchmark_output', 'runs', 'e2e-injection')));
  });
});
