// The registry the command line checks against: the bundled snapshot plus the current folder's
// `--local-path` model files and `--plugins`, as helm-run run from that folder would see them.
import * as fs from 'fs';
import * as path from 'path';
import { RegistryManager, resolvePlugin } from '../registry/index';
import type { Registry } from '../registry/types';

export interface CliRegistryOptions {
  cwd: string;
  /** Given on the command line; absent: `prod_env`, silently skipped when missing (as helm-run does). */
  localPath?: string;
  plugins: string[];
  warn(message: string): void;
}

export async function loadCliRegistry(options: CliRegistryOptions): Promise<Registry> {
  if (options.localPath !== undefined && !isDirectory(path.resolve(options.cwd, options.localPath))) {
    options.warn(`--local-path ${options.localPath}: no such folder; only the bundled registry's models are known`);
  }
  for (const plugin of options.plugins) {
    const found = resolvePlugin(options.cwd, plugin);
    if (!found || !fs.existsSync(found.path)) options.warn(`--plugins ${plugin}: no such file, folder or module; its run spec functions are unknown here`);
  }
  const manager = new RegistryManager({ log: options.warn });
  // The command line never starts Python: the snapshot stands in for the installed HELM.
  await manager.configure({ workspaceFolder: options.cwd, localPath: options.localPath ?? 'prod_env', plugins: options.plugins, trusted: false });
  for (const problem of manager.problems) options.warn(`${problem.file}:${problem.line + 1}:${problem.character + 1}: ${problem.message}`);
  return manager.registry;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
