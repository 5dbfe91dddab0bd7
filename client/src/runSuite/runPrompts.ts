// The questions Run suite asks (suite, max eval instances, models, priority); tests pass the answers.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { MODEL_CHOICES_REQUEST, ModelChoicesParams, ModelChoicesResult } from '../../../server/src/common/protocol';
import { defaultSuiteName, parseMaxEvalInstances, parsePriority, validateSuiteName } from './helmRunArgs';
import type { RunnerOptions } from '../runners/runnerOptions';

/** Answers given in advance (a test hook, or a keybinding's args): a given answer is not asked. */
export interface RunSuiteAnswers {
  suite?: string;
  maxEvalInstances?: number;
  modelsToRun?: string[];
  priority?: number;
  /** The runner and its options (not asked, and remembered as the workspace's choice). */
  runner?: RunnerOptions;
  /** true: do not ask for confirmation. */
  confirm?: boolean;
  /** Open the results view at the end (default: only when the user picks it). */
  showResults?: boolean;
}

export interface RunChoices {
  suite: string;
  maxEvalInstances: number;
  modelsToRun: string[];
  priority: number;
}

/** Asks what is not answered yet; undefined when the user dismisses a question. */
export async function askRunChoices(
  client: LanguageClient | undefined,
  confUri: vscode.Uri,
  answers: RunSuiteAnswers,
  askPriority: boolean,
): Promise<RunChoices | undefined> {
  const settings = vscode.workspace.getConfiguration('helmConf', confUri);
  const suite =
    answers.suite ??
    (await vscode.window.showInputBox({
      title: 'HELM: Run suite (1/4)',
      prompt: 'Suite name (--suite): results go to benchmark_output/runs/<suite>/',
      value: settings.get<string>('runSuite.suite', '') || defaultSuiteName(),
      validateInput: validateSuiteName,
      ignoreFocusOut: true,
    }));
  if (suite === undefined) return undefined;

  let maxEvalInstances = answers.maxEvalInstances;
  if (maxEvalInstances === undefined) {
    const text = await vscode.window.showInputBox({
      title: 'HELM: Run suite (2/4)',
      prompt: 'Maximum number of evaluation instances per RunSpec (--max-eval-instances)',
      value: String(settings.get<number>('runSuite.maxEvalInstances', 10)),
      validateInput: (v) => (parseMaxEvalInstances(v) === undefined ? 'A positive whole number.' : undefined),
      ignoreFocusOut: true,
    });
    if (text === undefined) return undefined;
    maxEvalInstances = parseMaxEvalInstances(text) ?? 10;
  }

  const modelsToRun = answers.modelsToRun ?? (await pickModels(client, confUri, settings.get<string[]>('runSuite.modelsToRun', [])));
  if (modelsToRun === undefined) return undefined;

  let priority = answers.priority ?? (askPriority ? undefined : 0);
  if (priority === undefined) {
    const current = settings.get<number>('runSuite.priority', 0);
    const text = await vscode.window.showInputBox({
      title: 'HELM: Run suite (4/4)',
      prompt: 'Run entries with priority up to (--priority); empty: all entries',
      value: current > 0 ? String(current) : '',
      validateInput: (v) => (parsePriority(v) === undefined ? 'Empty, or a whole number.' : undefined),
      ignoreFocusOut: true,
    });
    if (text === undefined) return undefined;
    priority = parsePriority(text) ?? 0;
  }
  return { suite: suite.trim(), maxEvalInstances, modelsToRun, priority };
}

interface ModelItem extends vscode.QuickPickItem {
  model: string;
}

/** Multi-select of the file's wildcards' members and the registry's models; none picked: no filter. */
async function pickModels(client: LanguageClient | undefined, confUri: vscode.Uri, preselected: string[]): Promise<string[] | undefined> {
  let choices: ModelChoicesResult = { wildcards: [], models: [] };
  if (client?.isRunning()) {
    try {
      const params: ModelChoicesParams = { uri: confUri.toString() };
      choices = await client.sendRequest<ModelChoicesResult>(MODEL_CHOICES_REQUEST, params);
    } catch {
      // offer what the setting holds
    }
  }
  const items: Array<ModelItem | vscode.QuickPickItem> = [];
  const seen = new Set<string>();
  const add = (model: string, description?: string): void => {
    if (seen.has(model)) return;
    seen.add(model);
    items.push({ label: model, model, description, picked: preselected.includes(model) } as ModelItem);
  };
  for (const wildcard of choices.wildcards) {
    items.push({ label: `model=${wildcard.name} (${wildcard.members.length} models)`, kind: vscode.QuickPickItemKind.Separator });
    for (const member of wildcard.members) add(member, `in ${wildcard.name}`);
  }
  items.push({ label: 'All models', kind: vscode.QuickPickItemKind.Separator });
  for (const model of preselected) add(model);
  for (const model of choices.models) add(model);
  const picked = await vscode.window.showQuickPick(items, {
    title: 'HELM: Run suite (3/4)',
    placeHolder: 'Models to run (--models-to-run); pick none to run every model the entries name',
    canPickMany: true,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (picked === undefined) return undefined;
  return picked.filter((item): item is ModelItem => 'model' in item).map((item) => item.model);
}
