// The server's hold on the registry: the RegistryManager configured from settings and trust, and its change events.
import type { HelmConfSettings } from '../common/protocol';
import type { Registry, RegistryProblem } from '../registry/types';
import { RegistryManager } from '../registry/index';

export interface RegistryConfiguration {
  settings: HelmConfSettings;
  folders: string[];
  /** Untrusted: never spawn Python (no installed-HELM discovery). */
  trusted: boolean;
}

export class RegistryHost {
  private readonly manager: RegistryManager;
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly log: (message: string) => void) {
    this.manager = new RegistryManager({ log });
    this.manager.onDidChange(() => {
      for (const l of this.listeners) l();
    });
  }

  registry(): Registry {
    return this.manager.registry;
  }

  configure(c: RegistryConfiguration): void {
    const result = this.manager.configure({
      workspaceFolder: c.folders[0],
      localPath: c.settings.localPath,
      plugins: c.settings.plugins,
      pythonPath: c.settings.pythonPath,
      helmSourcePath: c.settings.helmSourcePath,
      allowPython: c.trusted,
    });
    // The registry changes (and onDidChange fires) once the sources are read; until then the current one serves.
    result.catch((err: unknown) => this.log(`registry: ${err instanceof Error ? err.message : String(err)}`));
  }

  fileChanged(file: string): void {
    this.manager.fileChanged(file).catch((err: unknown) => this.log(`registry: ${err instanceof Error ? err.message : String(err)}`));
  }

  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  problems(): readonly RegistryProblem[] {
    return this.manager.problems;
  }

  /** The `src/` folder of the installed HELM the registry read, if any. */
  helmSrcRoot(): string | undefined {
    return this.manager.helmSrcRoot;
  }

  dispose(): void {
    this.listeners.length = 0;
  }
}
