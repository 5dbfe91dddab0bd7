// Holds settings, trust and workspace folders; builds the merged Registry and reloads only what changed.
import * as fs from 'fs';
import * as path from 'path';
import type { HelmConfSettings } from '../common/protocol';
import { badByte, pythonDecodeError, readUserFile, type NotUtf8 } from '../common/userFiles';
import { LineIndex } from '../common/span';
import { createRegistry } from './registry';
import { describeSnapshot, loadSnapshot } from './snapshot';
import { functionNamesOf } from './lazyFunctions';
import { scanHelmSource, scanPluginFile } from './scanHelm';
import { probeInstalledHelm } from './installed';
import { readModelDeploymentsYaml, readModelMetadataYaml } from './yamlConfigs';
import type { Registry, RegistryData, RegistryProblem } from './types';

export interface RegistryManagerConfig {
  /** The first workspace folder (or use `workspaceFolders`). */
  workspaceFolder?: string;
  workspaceFolders?: string[];
  /** Settings, as `helmConf.*`; the flat fields below win over them. */
  settings?: Partial<HelmConfSettings>;
  localPath?: string;
  plugins?: string[];
  pythonPath?: string;
  helmSourcePath?: string;
  /** A trusted workspace: the installed HELM may be found through Python and read. */
  allowPython?: boolean;
  trusted?: boolean;
}

type FileData = { data: RegistryData; problems: RegistryProblem[] };

const emptyData = (): RegistryData => ({ functions: [], expanders: [], wildcards: [], models: [], deployments: [], deploymentGeneratorPrefixes: [] });

export class RegistryManager {
  /** Built at the first question: a command line's configure() builds it again at once. */
  private current: Registry | undefined;
  private versionCounter = 1;
  private listeners: Array<() => void> = [];
  private base: { data: RegistryData; problems: RegistryProblem[]; describe: string; srcRoot?: string } | undefined;
  private baseKey = '';
  private files = new Map<string, FileData>();
  /** Workspace files in registration order: per folder, model_metadata.yaml, model_deployments.yaml, then plugins. */
  private order: string[] = [];
  private pluginDirs: string[] = [];
  private readonly log: (message: string) => void;

  constructor(options: { log?: (message: string) => void } = {}) {
    this.log = options.log ?? (() => undefined);
    const snapshot = loadSnapshot();
    this.base = { data: snapshot, problems: [], describe: describeSnapshot(snapshot) };
  }

  get registry(): Registry { return (this.current ??= this.build()); }
  get version(): number { return this.registry.version; }
  get describeSource(): string { return this.registry.describeSource; }
  get problems(): readonly RegistryProblem[] { return this.registry.problems; }
  /** The `src/` folder (parent of `helm/`) of the HELM that was read, when it is not the snapshot. */
  get helmSrcRoot(): string | undefined { return this.base?.srcRoot; }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.push(listener);
    return { dispose: () => { this.listeners = this.listeners.filter((l) => l !== listener); } };
  }

  /** Files whose change reloads the registry (absolute paths; plugin folders stand for the .py files in them). */
  watchedFiles(): string[] {
    return [...this.order, ...this.pluginDirs];
  }

  isWatched(file: string): boolean {
    const f = path.resolve(file);
    return this.order.includes(f) || (f.endsWith('.py') && this.pluginDirs.some((d) => f.startsWith(d + path.sep)));
  }

  /** Applies new settings, trust and folders; re-reads the sources whose inputs changed. */
  async configure(config: RegistryManagerConfig): Promise<void> {
    const s = config.settings ?? {};
    const folders = config.workspaceFolders ?? (config.workspaceFolder ? [config.workspaceFolder] : []);
    const trusted = config.allowPython ?? config.trusted ?? false;
    const pythonPath = config.pythonPath ?? s.pythonPath ?? '';
    const helmSourcePath = config.helmSourcePath ?? s.helmSourcePath ?? '';
    const localPath = config.localPath ?? s.localPath ?? 'prod_env';
    const plugins = config.plugins ?? s.plugins ?? [];
    const baseKey = JSON.stringify([trusted, pythonPath, helmSourcePath, folders[0] ?? '']);
    if (baseKey !== this.baseKey) {
      this.baseKey = baseKey;
      this.base = await this.loadBase(trusted, pythonPath, helmSourcePath, folders[0]);
    }
    const order: string[] = [];
    const pluginDirs: string[] = [];
    for (const folder of folders) {
      const local = path.resolve(folder, localPath || 'prod_env');
      order.push(path.join(local, 'model_metadata.yaml'), path.join(local, 'model_deployments.yaml'));
      for (const plugin of plugins) {
        const p = resolvePlugin(folder, plugin);
        if (!p) continue;
        if (p.dir) {
          pluginDirs.push(p.path);
          order.push(...listPy(p.path));
        } else order.push(p.path);
      }
    }
    this.order = [...new Set(order)];
    this.pluginDirs = pluginDirs;
    const fresh = new Map<string, FileData>();
    for (const f of this.order) fresh.set(f, this.files.get(f) ?? readWorkspaceFile(f));
    this.files = fresh;
    this.rebuild();
  }

  /** A watched file changed (or was created or deleted): re-reads it alone. */
  async fileChanged(file: string): Promise<void> {
    const f = path.resolve(file);
    if (!this.isWatched(f)) return;
    if (!this.order.includes(f)) this.order.push(f);
    this.files.set(f, readWorkspaceFile(f));
    this.rebuild();
  }

  private rebuild(): void {
    this.versionCounter++;
    this.current = this.build();
    for (const l of this.listeners) {
      try { l(); } catch (err) { this.log(`registry listener: ${err instanceof Error ? err.message : String(err)}`); }
    }
  }

  private build(): Registry {
    const sources: RegistryData[] = [];
    const problems: RegistryProblem[] = [];
    if (this.base) { sources.push(this.base.data); problems.push(...this.base.problems); }
    let workspaceItems = 0;
    const functionNames = new Set(this.base ? functionNamesOf(this.base.data) : []);
    for (const f of this.order) {
      const d = this.files.get(f);
      if (!d) continue;
      sources.push(d.data);
      problems.push(...d.problems);
      // helm-run refuses a plugin that registers a name twice (ValueError in run_spec_function).
      for (const fn of d.data.functions) {
        if (functionNames.has(fn.name)) {
          problems.push({ file: fn.origin.file, line: fn.origin.line, character: 0, message: `A run spec function with name ${fn.name} already exists: helm-run stops with ValueError when it imports this plugin` });
        }
        functionNames.add(fn.name);
      }
      workspaceItems += d.data.models.length + d.data.deployments.length + d.data.functions.length;
    }
    const describe = (this.base?.describe ?? 'no HELM registry') + (workspaceItems ? ' + workspace' : '');
    return createRegistry(sources, { version: this.versionCounter, describeSource: describe, problems });
  }

  /** The installed HELM (or configured source folder) when trusted and found; else the bundled snapshot. */
  private async loadBase(trusted: boolean, pythonPath: string, helmSourcePath: string, folder: string | undefined): Promise<RegistryManager['base']> {
    const snapshot = loadSnapshot();
    const fallback = { data: snapshot as RegistryData, problems: [], describe: describeSnapshot(snapshot) };
    if (!trusted) return fallback;
    if (helmSourcePath) {
      const dir = path.resolve(folder ?? process.cwd(), helmSourcePath);
      const scanned = scanHelmSource(dir, { source: 'installed' });
      if (scanned.functions.length) return { data: scanned, problems: scanned.problems, describe: `HELM source at ${dir}`, srcRoot: rootOf(dir) };
      this.log(`registry: ${scanned.problems[0]?.message ?? `no run spec functions in ${dir}`}; using the bundled snapshot`);
      return fallback;
    }
    const found = await probeInstalledHelm(pythonPath);
    if (!found.helmDir) {
      this.log(`registry: ${found.error ?? 'no HELM found'}; using the bundled snapshot`);
      return fallback;
    }
    const srcRoot = path.dirname(found.helmDir);
    const scanned = scanHelmSource(srcRoot, { source: 'installed' });
    if (!scanned.functions.length) {
      this.log(`registry: no run spec functions under ${found.helmDir}; using the bundled snapshot`);
      return fallback;
    }
    return { data: scanned, problems: scanned.problems, describe: `HELM ${found.version ?? '(version unknown)'} at ${found.helmDir}`, srcRoot };
  }
}

function rootOf(dir: string): string {
  return fs.existsSync(path.join(dir, 'src', 'helm')) ? path.join(dir, 'src') : fs.existsSync(path.join(dir, 'helm')) ? dir : path.dirname(dir);
}

/** A plugin as `helm-run --plugins` takes it: a path (file or folder) or a dotted module name under the folder. */
export function resolvePlugin(folder: string, plugin: string): { path: string; dir: boolean } | undefined {
  const candidates = [path.resolve(folder, plugin)];
  if (!/[\\/]/.test(plugin) && !plugin.endsWith('.py')) {
    const rel = plugin.split('.').join(path.sep);
    candidates.push(path.resolve(folder, rel + '.py'), path.resolve(folder, rel, '__init__.py'));
  }
  for (const c of candidates) {
    try {
      const st = fs.statSync(c);
      return { path: c, dir: st.isDirectory() };
    } catch {
      // try the next form
    }
  }
  return plugin.endsWith('.py') ? { path: path.resolve(folder, plugin), dir: false } : undefined;
}

function listPy(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter((f) => f.endsWith('.py')).sort().map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/** A model YAML's problems, first the bytes that are not UTF-8 if any: HELM opens the file as UTF-8 text when helm-run starts. */
function withNotUtf8(file: string, text: string, notUtf8: NotUtf8 | undefined, problems: RegistryProblem[]): RegistryProblem[] {
  if (!notUtf8) return problems;
  const at = new LineIndex(text).positionAt(notUtf8.offset);
  const message = `The file is not UTF-8 here (byte ${badByte(notUtf8)}): helm-run opens it as UTF-8 text when it starts, and stops with \`${pythonDecodeError(notUtf8)}\`. Save the file as UTF-8.`;
  return [{ file, line: at.line, character: at.character, message }, ...problems];
}

/** One workspace file: a model YAML or a plugin .py; a missing file contributes nothing, one that is not a regular file a problem. */
export function readWorkspaceFile(file: string): FileData {
  const data = emptyData();
  const read = readUserFile(file);
  if (!read.ok) return { data, problems: read.missing ? [] : [{ file, line: 0, character: 0, message: `Cannot read: ${read.problem}` }] };
  const text = read.text;
  const base = path.basename(file);
  if (base === 'model_metadata.yaml') {
    const r = readModelMetadataYaml(text, { source: 'workspace', file, descriptions: true });
    data.models = r.items;
    return { data, problems: withNotUtf8(file, text, read.notUtf8, r.problems) };
  }
  if (base === 'model_deployments.yaml') {
    const r = readModelDeploymentsYaml(text, { source: 'workspace', file });
    data.deployments = r.items;
    return { data, problems: withNotUtf8(file, text, read.notUtf8, r.problems) };
  }
  const r = scanPluginFile(file);
  data.functions = r.functions;
  return { data, problems: r.problems };
}
