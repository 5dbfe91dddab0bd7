// Run suite's runner questions: local, several GPUs (only when GPUs are visible) or Slurm, then the options; the answer is remembered per workspace.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readUserFileAsync } from '../../../server/src/common/userFiles';
import { parseRunnerConfig } from '../../../server/src/runnerConfig/runnerConfigDocument';
import { resolveInterpreter } from '../python';
import { environmentFor, findOnPath } from '../runSuite/helmProcess';
import { workingFolder } from '../runSuite/helmRunTask';
import { listGpus, type GpuInventory } from './gpus';
import {
  buildRunnerArgs,
  describeRunnerOptions,
  HELM_DEFAULT_NUM_THREADS,
  HELM_DEFAULT_OUTPUT_PATH,
  parseCount,
  readRunnerOptions,
  RUNNER_LABELS,
  type RunnerKind,
  type RunnerOptions,
} from './runnerOptions';

/** Where the last answer is kept (the workspace's state, not its settings). */
export const RUNNER_STATE_KEY = 'helmConf.runner';

/** What the runner questions need from around them. */
export interface RunnerPromptContext {
  state: vscode.Memento;
  /** helm-run's environment (PATH with the interpreter's folder, CUDA_VISIBLE_DEVICES). */
  env: NodeJS.ProcessEnv;
  /** `--local-path` from the settings, offered for editing. */
  localPath: string;
  /** runner_config.yaml's helm_max_concurrent_workers, when it sets one (> 0). */
  configuredWorkers?: number;
}

interface RunnerItem extends vscode.QuickPickItem {
  runner: RunnerKind;
}

interface FlagItem extends vscode.QuickPickItem {
  flag: 'skipCompletedRuns' | 'exitOnError' | 'dryRun';
}

interface ValueItem extends vscode.QuickPickItem {
  value?: 'numThreads' | 'outputPath' | 'localPath' | 'maxConcurrentWorkers';
}

/** What the questions need for a conf file: helm-run's environment, the local path, runner_config.yaml's worker count. */
export async function runnerPromptContext(state: vscode.Memento, confUri: vscode.Uri): Promise<RunnerPromptContext> {
  const interpreter = await resolveInterpreter(confUri);
  const env = environmentFor(path.isAbsolute(interpreter.path) ? interpreter.path : undefined);
  const localPath = vscode.workspace.getConfiguration('helmConf', confUri).get<string>('localPath', 'prod_env') || 'prod_env';
  const folder = rememberedRunnerOptions(state).localPath ?? localPath;
  const workers = await configuredWorkers(path.resolve(workingFolder(confUri), folder, 'runner_config.yaml'));
  return { state, env, localPath, ...(workers ? { configuredWorkers: workers } : {}) };
}

/** The remembered choice, or HELM's default runner. */
export function rememberedRunnerOptions(state: vscode.Memento): RunnerOptions {
  return readRunnerOptions(state.get(RUNNER_STATE_KEY)) ?? { runner: 'local' };
}

/** Asks the runner and its options, offering the remembered answer, and remembers the new one; undefined when dismissed. */
export async function askRunnerOptions(context: RunnerPromptContext): Promise<RunnerOptions | undefined> {
  const remembered = rememberedRunnerOptions(context.state);
  const [gpus, sbatch] = await Promise.all([listGpus(context.env), findOnPath('sbatch', context.env)]);
  const runner = await pickRunner(remembered.runner, gpus, sbatch !== undefined);
  if (!runner) return undefined;
  let options: RunnerOptions = { ...remembered, runner };
  if (runner === 'multi-gpu' && options.maxConcurrentWorkers === undefined) options.maxConcurrentWorkers = context.configuredWorkers ?? gpus.visible;
  const flags = await pickFlags(options);
  if (!flags) return undefined;
  options = { ...options, skipCompletedRuns: flags.has('skipCompletedRuns'), exitOnError: flags.has('exitOnError'), dryRun: flags.has('dryRun') };
  const edited = await editValues(options, context, gpus);
  if (!edited) return undefined;
  const chosen = readRunnerOptions(edited) ?? { runner };
  // The setting's local path is no choice of the run: a later change of the setting still counts.
  if (chosen.localPath === context.localPath) delete chosen.localPath;
  await context.state.update(RUNNER_STATE_KEY, chosen);
  return chosen;
}

async function pickRunner(current: RunnerKind, gpus: GpuInventory, sbatch: boolean): Promise<RunnerKind | undefined> {
  const items: RunnerItem[] = [{ runner: 'local', label: `$(vm) ${RUNNER_LABELS.local}`, detail: 'RunSpecs one after the other in this machine\'s helm-run.' }];
  if (gpus.visible > 0) {
    const names = [...new Set(gpus.gpus.map((g) => g.name))].join(', ');
    items.push({ runner: 'multi-gpu', label: `$(circuit-board) ${RUNNER_LABELS['multi-gpu']}`, detail: `One worker per GPU: ${gpus.visible} visible (${names}).` });
  }
  if (sbatch) items.push({ runner: 'slurm', label: `$(server-environment) ${RUNNER_LABELS.slurm}`, detail: 'One sbatch job per RunSpec; helm-run watches them. Needs prod_env/runner_config.yaml for your cluster.' });
  const unavailable = [gpus.visible > 0 ? undefined : `several GPUs: ${gpus.problem ?? 'no GPU visible'}`, sbatch ? undefined : 'Slurm: sbatch is not on PATH'].filter(Boolean);
  if (items.length === 1 && current === 'local') return 'local';
  const pick = await vscode.window.showQuickPick(
    items.map((item) => ({ ...item, description: item.runner === current ? '(last used)' : undefined })).sort((a, b) => Number(b.runner === current) - Number(a.runner === current)),
    { title: 'HELM: runner', placeHolder: `Where the RunSpecs run (--runner-class-name)${unavailable.length ? `; not offered: ${unavailable.join('; ')}` : ''}`, ignoreFocusOut: true },
  );
  return pick?.runner;
}

async function pickFlags(options: RunnerOptions): Promise<Set<FlagItem['flag']> | undefined> {
  const items: FlagItem[] = [
    { flag: 'skipCompletedRuns', label: '--skip-completed-runs', description: 'skip RunSpecs whose results are already written', picked: !!options.skipCompletedRuns },
    { flag: 'exitOnError', label: '--exit-on-error', description: 'stop at the first failed RunSpec (Slurm: cancel the other jobs)', picked: !!options.exitOnError },
    { flag: 'dryRun', label: '--dry-run', description: 'build the requests without sending them to the models', picked: !!options.dryRun },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'HELM: helm-run options', placeHolder: 'Pick the flags (none: HELM\'s defaults)', canPickMany: true, ignoreFocusOut: true });
  return picked ? new Set(picked.map((p) => p.flag)) : undefined;
}

/** A list of the values, each editable; "Run" (first) accepts them. */
async function editValues(initial: RunnerOptions, context: RunnerPromptContext, gpus: GpuInventory): Promise<RunnerOptions | undefined> {
  let options = { ...initial };
  for (;;) {
    const args = buildRunnerArgs(options).join(' ');
    const items: ValueItem[] = [
      { label: '$(play) Run with these values', description: args },
      { value: 'numThreads', label: `--num-threads ${options.numThreads ?? HELM_DEFAULT_NUM_THREADS}`, description: 'threads making requests' },
      { value: 'outputPath', label: `--output-path ${options.outputPath ?? HELM_DEFAULT_OUTPUT_PATH}`, description: 'where results go' },
      { value: 'localPath', label: `--local-path ${options.localPath ?? context.localPath}`, description: 'HELM\'s configuration folder (runner_config.yaml, model YAMLs)' },
    ];
    if (options.runner === 'multi-gpu') {
      items.push({ value: 'maxConcurrentWorkers', label: `workers: ${options.maxConcurrentWorkers ?? gpus.visible}`, description: `HELM_MAX_CONCURRENT_WORKERS; ${gpus.visible} GPU${gpus.visible === 1 ? '' : 's'} visible` });
    }
    const pick = await vscode.window.showQuickPick(items, { title: 'HELM: run with', placeHolder: 'Enter runs; pick a value to change it', ignoreFocusOut: true });
    if (!pick) return undefined;
    if (!pick.value) return options;
    const changed = await editValue(pick.value, options, context, gpus);
    if (changed) options = changed;
  }
}

async function editValue(value: NonNullable<ValueItem['value']>, options: RunnerOptions, context: RunnerPromptContext, gpus: GpuInventory): Promise<RunnerOptions | undefined> {
  const count = value === 'numThreads' || value === 'maxConcurrentWorkers';
  const current = value === 'numThreads' ? options.numThreads ?? HELM_DEFAULT_NUM_THREADS
    : value === 'maxConcurrentWorkers' ? options.maxConcurrentWorkers ?? gpus.visible
      : value === 'outputPath' ? options.outputPath ?? HELM_DEFAULT_OUTPUT_PATH
        : options.localPath ?? context.localPath;
  const prompts: Record<typeof value, string> = {
    numThreads: 'Threads making requests (--num-threads)',
    maxConcurrentWorkers: `MultiGPURunner's workers, one GPU each (HELM_MAX_CONCURRENT_WORKERS; ${gpus.visible} visible)`,
    outputPath: 'Where helm-run writes results (--output-path), relative to the workspace folder',
    localPath: 'HELM\'s configuration folder (--local-path), relative to the workspace folder',
  };
  const text = await vscode.window.showInputBox({
    title: 'HELM: run with',
    prompt: prompts[value],
    value: String(current),
    validateInput: (v) => (count ? (parseCount(v) === undefined ? 'A positive whole number.' : undefined) : v.trim() ? undefined : 'A folder.'),
    ignoreFocusOut: true,
  });
  if (text === undefined) return undefined;
  return { ...options, [value]: count ? parseCount(text) : text.trim() };
}

/** helm_max_concurrent_workers of a runner_config.yaml when it sets a positive int (MultiGPURunner's worker count then). */
export async function configuredWorkers(runnerConfigFile: string): Promise<number | undefined> {
  const read = await readUserFileAsync(runnerConfigFile);
  if (!read.ok) return undefined;
  const root = parseRunnerConfig(read.text).root;
  if (root?.kind !== 'mapping') return undefined;
  const entry = root.entries.find((e) => e.key.kind === 'scalar' && e.key.py.type === 'str' && e.key.py.value === 'helm_max_concurrent_workers');
  const value = entry?.value;
  return value?.kind === 'scalar' && value.py.type === 'int' && value.py.value > 0 ? value.py.value : undefined;
}

/** `helmConf.chooseRunner`: the runner questions outside a run; the answer is what the next runs use. */
export async function chooseRunner(state: vscode.Memento): Promise<RunnerOptions | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('HELM: choosing a runner looks for GPUs and Slurm (nvidia-smi, sbatch), which a restricted workspace does not allow.');
    return undefined;
  }
  const resource = vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!resource) return undefined;
  const chosen = await askRunnerOptions(await runnerPromptContext(state, resource));
  if (chosen) void vscode.window.showInformationMessage(`HELM: runs in this workspace use ${describeRunnerOptions(chosen)}.`);
  return chosen;
}
