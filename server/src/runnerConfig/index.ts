// The runner_config.yaml service: parse, validate, complete, hover on HELM's runner configuration, without any LSP transport.
import * as path from 'node:path';
import type { HelmDiagnostic } from '../common/diagnostic';
import type { RuleSeverity } from '../common/protocol';
import type { CompletionResultShape } from '../services/completion';
import type { HoverResultShape } from '../services/hover';
import { completeRunnerConfig } from './runnerConfigCompletion';
import { parseRunnerConfig, type RunnerConfigDocument } from './runnerConfigDocument';
import { RUNNER_CONFIG_FILE_NAME } from './runnerConfigFields';
import { hoverRunnerConfig } from './runnerConfigHover';
import { validateRunnerConfig } from './runnerConfigValidation';

export type { RunnerConfigDocument } from './runnerConfigDocument';

export interface RunnerConfigService {
  parse(text: string): RunnerConfigDocument;
  validate(doc: RunnerConfigDocument, rules?: Readonly<Record<string, RuleSeverity>>): HelmDiagnostic[];
  complete(doc: RunnerConfigDocument, offset: number, options?: { snippets?: boolean }): CompletionResultShape;
  hover(doc: RunnerConfigDocument, offset: number): HoverResultShape;
}

export function getRunnerConfigService(): RunnerConfigService {
  return { parse: parseRunnerConfig, validate: validateRunnerConfig, complete: completeRunnerConfig, hover: hoverRunnerConfig };
}

/** HELM reads its runner configuration from a file of this name in the local path (`prod_env/runner_config.yaml`). */
export function isRunnerConfigPath(file: string): boolean {
  return path.basename(file.replace(/\\/g, '/')) === RUNNER_CONFIG_FILE_NAME;
}
