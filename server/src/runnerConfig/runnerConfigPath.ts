// Which file is HELM's runner configuration, apart from its fields: the command line asks it of every file it checks.
import * as path from 'node:path';

export const RUNNER_CONFIG_FILE_NAME = 'runner_config.yaml';

/** HELM reads its runner configuration from a file of this name in the local path (`prod_env/runner_config.yaml`). */
export function isRunnerConfigPath(file: string): boolean {
  return path.basename(file.replace(/\\/g, '/')) === RUNNER_CONFIG_FILE_NAME;
}
