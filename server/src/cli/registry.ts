// The registry the command line checks against: the bundled snapshot plus the current folder's
// `--local-path` model files and `--plugins`, as helm-run run from that folder would see them.
import { RegistryManager } from '../registry/index';
import type { Registry } from '../registry/types';

export interface CliRegistryOptions {
  cwd: string;
  localPath?: string;
  plugins: string[];
  warn(message: string): void;
}

export async function loadCliRegistry(options: CliRegistryOptions): Promise<Registry> {
  const manager = new RegistryManager({ log: options.warn });
  // The command line never starts Python: the snapshot stands in for the installed HELM.
  await manager.configure({ workspaceFolder: options.cwd, localPath: options.localPath ?? 'prod_env', plugins: options.plugins, trusted: false });
  for (const problem of manager.problems) options.warn(`${problem.file}:${problem.line + 1}:${problem.character + 1}: ${problem.message}`);
  return manager.registry;
}
