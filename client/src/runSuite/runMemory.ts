// The last answers of Run suite in this workspace (workspaceState): offered first next time, and the preview's filters.
import * as vscode from 'vscode';
import type { ExpansionFilters } from '../../../server/src/common/protocol';
import { defaultSuiteName } from './helmRunArgs';
import type { RunChoices } from './runPrompts';

const KEY = 'helmConf.runSuite.lastAnswers';
const DEFAULT_MAX_EVAL_INSTANCES = 10;

export class RunMemory implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** The remembered answers changed (the RunSpecs preview follows them). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly state: vscode.Memento) {}

  /** What was answered last, as far as it is valid. */
  remembered(): Partial<RunChoices> {
    const value = this.state.get<unknown>(KEY);
    if (typeof value !== 'object' || value === null) return {};
    const v = value as Record<string, unknown>;
    const out: Partial<RunChoices> = {};
    if (typeof v.suite === 'string' && v.suite.trim()) out.suite = v.suite;
    if (typeof v.maxEvalInstances === 'number' && Number.isInteger(v.maxEvalInstances) && v.maxEvalInstances > 0) out.maxEvalInstances = v.maxEvalInstances;
    if (Array.isArray(v.modelsToRun) && v.modelsToRun.every((m) => typeof m === 'string')) out.modelsToRun = v.modelsToRun as string[];
    if (typeof v.priority === 'number' && Number.isInteger(v.priority) && v.priority >= 0) out.priority = v.priority;
    return out;
  }

  /** Keeps these answers (merged into the earlier ones: Run this entry asks no priority). */
  async remember(answers: Partial<RunChoices>): Promise<void> {
    await this.state.update(KEY, { ...this.remembered(), ...answers });
    this.changeEmitter.fire();
  }

  /** What the questions offer first: the last answers, else the `helmConf.runSuite.*` settings, else HELM's defaults. */
  offered(confUri: vscode.Uri | undefined): RunChoices {
    const settings = vscode.workspace.getConfiguration('helmConf', confUri);
    const last = this.remembered();
    return {
      suite: last.suite ?? (settings.get<string>('runSuite.suite', '').trim() || defaultSuiteName()),
      maxEvalInstances: last.maxEvalInstances ?? settings.get<number>('runSuite.maxEvalInstances', DEFAULT_MAX_EVAL_INSTANCES),
      modelsToRun: last.modelsToRun ?? settings.get<string[]>('runSuite.modelsToRun', []),
      priority: last.priority ?? settings.get<number>('runSuite.priority', 0),
    };
  }

  /** The filters Run suite would apply first: its offered models and priority, and the groups setting. */
  filters(confUri: vscode.Uri | undefined): ExpansionFilters {
    const offered = this.offered(confUri);
    return { modelsToRun: offered.modelsToRun, priority: offered.priority || undefined, groupsToRun: groupsToRun(confUri) };
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}

/** `helmConf.runSuite.groupsToRun`: Run suite passes it without asking. */
export function groupsToRun(confUri: vscode.Uri | undefined): string[] {
  return vscode.workspace.getConfiguration('helmConf', confUri).get<string[]>('runSuite.groupsToRun', []).filter((g) => g.trim());
}
