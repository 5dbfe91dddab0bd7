// The runner_config.yaml service: parse, validate, complete, hover on HELM's runner configuration, without any LSP transport.
import type { HelmDiagnostic } from '../common/diagnostic';
import type { RuleSeverity } from '../common/protocol';
import type { CompletionResultShape } from '../services/completion';
import type { HoverResultShape } from '../services/hover';
import { completeRunnerConfig } from './runnerConfigCompletion';
import { parseRunnerConfig, type RunnerConfigDocument } from './runnerConfigDocument';
import { hoverRunnerConfig } from './runnerConfigHover';
import { validateRunnerConfig } from './runnerConfigValidation';

export { isRunnerConfigPath } from './runnerConfigPath';

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

