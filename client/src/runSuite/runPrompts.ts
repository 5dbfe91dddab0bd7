// The questions Run suite asks, as a list of steps (suite, max eval instances, models, priority); tests pass the answers.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { MODEL_CHOICES_REQUEST, ModelChoicesParams, ModelChoicesResult } from '../../../server/src/common/protocol';
import { parseMaxEvalInstances, parsePriority, validateSuiteName } from './helmRunArgs';
import type { RunnerOptions } from '../runners/runnerOptions';

/** The answers a run needs. A new question adds a field here and a step to the lists below. */
export interface RunChoices {
  suite: string;
  maxEvalInstances: number;
  modelsToRun: string[];
  priority: number;
}

/** Answers given in advance (a test hook, or a keybinding's args): a given answer is not asked. */
export interface RunSuiteAnswers extends Partial<RunChoices> {
  /** The runner and its options (not asked, and remembered as the workspace's choice). */
  runner?: RunnerOptions;
  /** true: do not ask for confirmation. */
  confirm?: boolean;
  /** Open the results view at the end (default: only when the user picks it). */
  showResults?: boolean;
}

export interface StepContext {
  client: LanguageClient | undefined;
  confUri: vscode.Uri;
  /** What each question offers first: the last answers in this workspace, else the settings. */
  offered: RunChoices;
  /** Why the models step may not be left empty (helm-run refuses the entries without --models-to-run). */
  modelsRequired?: { reason: string; short: string };
}

/** One question: the answer it fills, and how it asks (undefined: the user dismissed it). */
export interface RunStep {
  key: keyof RunChoices;
  ask(context: StepContext, title: string): Promise<RunChoices[keyof RunChoices] | undefined>;
}

const suiteStep: RunStep = {
  key: 'suite',
  ask: async (context, title) =>
    (
      await vscode.window.showInputBox({
        title,
        prompt: 'Suite name (--suite): results go to benchmark_output/runs/<suite>/',
        value: context.offered.suite,
        validateInput: validateSuiteName,
        ignoreFocusOut: true,
      })
    )?.trim(),
};

const maxEvalInstancesStep: RunStep = {
  key: 'maxEvalInstances',
  ask: async (context, title) => {
    const text = await vscode.window.showInputBox({
      title,
      prompt: 'Evaluation instances per RunSpec, at most (--max-eval-instances)',
      value: String(context.offered.maxEvalInstances),
      validateInput: (v) => (parseMaxEvalInstances(v) === undefined ? 'A positive whole number.' : undefined),
      ignoreFocusOut: true,
    });
    return text === undefined ? undefined : parseMaxEvalInstances(text) ?? context.offered.maxEvalInstances;
  },
};

const modelsStep: RunStep = {
  key: 'modelsToRun',
  ask: (context, title) => pickModels(context, title),
};

const priorityStep: RunStep = {
  key: 'priority',
  ask: async (context, title) => {
    const text = await vscode.window.showInputBox({
      title,
      prompt: 'Run entries with priority up to (--priority); empty: all entries',
      value: context.offered.priority > 0 ? String(context.offered.priority) : '',
      validateInput: (v) => (parsePriority(v) === undefined ? 'Empty, or a whole number.' : undefined),
      ignoreFocusOut: true,
    });
    return text === undefined ? undefined : parsePriority(text) ?? 0;
  },
};

/** Run suite's questions, in order. */
export const RUN_SUITE_STEPS: readonly RunStep[] = [suiteStep, maxEvalInstancesStep, modelsStep, priorityStep];
/** Run this entry's questions: an entry given on the command line has no priority to filter on. */
export const RUN_ENTRY_STEPS: readonly RunStep[] = [suiteStep, maxEvalInstancesStep, modelsStep];

/** Asks each step whose answer is not given, titled `HELM: <command> (i/n)`; undefined when one is dismissed. */
export async function askRunChoices(
  command: string,
  steps: readonly RunStep[],
  context: StepContext,
  answers: RunSuiteAnswers,
): Promise<RunChoices | undefined> {
  // Questions not in the list keep what is offered (Run this entry: no priority filter).
  const choices: RunChoices = { ...context.offered, priority: 0 };
  for (const [index, step] of steps.entries()) {
    const given = answers[step.key];
    const value = given !== undefined ? given : await step.ask(context, `HELM: ${command} (${index + 1}/${steps.length})`);
    if (value === undefined) return undefined;
    (choices as unknown as Record<string, unknown>)[step.key] = value;
  }
  return choices;
}

interface ModelItem extends vscode.QuickPickItem {
  model: string;
}

/** Multi-select of the file's wildcards' members and the registry's models; none picked: no filter (unless required). */
async function pickModels(context: StepContext, title: string): Promise<string[] | undefined> {
  const items = await modelItems(context.client, context.confUri, context.offered.modelsToRun);
  const required = context.modelsRequired;
  const quickPick = vscode.window.createQuickPick<ModelItem | vscode.QuickPickItem>();
  quickPick.title = required ? `${title} · ${required.short}` : title;
  quickPick.placeholder = required ? 'Pick one or more models to run' : "Models to run; none: each entry's own";
  quickPick.canSelectMany = true;
  quickPick.matchOnDescription = true;
  quickPick.ignoreFocusOut = true;
  quickPick.items = items;
  quickPick.selectedItems = items.filter((item) => item.picked);
  try {
    return await new Promise<string[] | undefined>((resolve) => {
      quickPick.onDidAccept(() => {
        const models = quickPick.selectedItems.filter((item): item is ModelItem => 'model' in item).map((item) => item.model);
        if (required && models.length === 0) {
          // helm-run would refuse the run: say why, and keep asking.
          quickPick.placeholder = 'At least one: Space picks the model under the cursor';
          return;
        }
        resolve(models);
        quickPick.hide();
      });
      quickPick.onDidHide(() => resolve(undefined));
      quickPick.show();
    });
  } finally {
    quickPick.dispose();
  }
}

async function modelItems(client: LanguageClient | undefined, confUri: vscode.Uri, preselected: readonly string[]): Promise<Array<ModelItem | vscode.QuickPickItem>> {
  let choices: ModelChoicesResult = { wildcards: [], models: [] };
  if (client?.isRunning()) {
    try {
      const params: ModelChoicesParams = { uri: confUri.toString() };
      choices = await client.sendRequest<ModelChoicesResult>(MODEL_CHOICES_REQUEST, params);
    } catch {
      // offer what was picked before
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
  return items;
}
