// Scans a HELM source tree (or an installed `helm` package) and plugin files into RegistryData, without Python.
import * as fs from 'fs';
import * as path from 'path';
import { readUserFile } from '../common/userFiles';
import { scanDeploymentGenerators, scanRunExpanderSource, type ExpanderValueCounts } from './scanExpanders';
import { scanConfValues } from './scanConfValues';
import { scanRunSpecFunctions } from './scanRunSpecs';
import { attachRunSpecName, PythonModule } from './runSpecNameHook';
import { readModelDeploymentsYaml, readModelMetadataYaml } from './yamlConfigs';
import type { ConfValueCounts, Origin, RegistryData, RegistryProblem, RunSpecFunction } from './types';

export interface ScannedSource extends RegistryData {
  problems: RegistryProblem[];
  /** Facts for static expansion: values per values_dict key of the ReplaceValue-like expanders. */
  expanderValueCounts: ExpanderValueCounts;
}

export interface HelmScanOptions {
  /** 'snapshot': files recorded relative to src/, no docstrings; 'installed': absolute paths, docstrings read. */
  source: Extract<Origin['source'], 'snapshot' | 'installed'>;
}

/** The folder holding `helm/` (HELM's `src/`), given the repository root, its src/, or that folder itself. */
export function findHelmSrcRoot(dir: string): string | undefined {
  for (const candidate of [dir, path.join(dir, 'src'), path.dirname(dir)]) {
    if (fs.existsSync(path.join(candidate, 'helm', 'benchmark', 'run_expander.py'))) return candidate;
  }
  return undefined;
}

function readText(file: string, problems: RegistryProblem[], recorded: string): string | undefined {
  const read = readUserFile(file);
  if (read.ok) return read.text;
  problems.push({ file: recorded, line: 0, character: 0, message: `Cannot read: ${read.problem}` });
  return undefined;
}

function hasConfFile(dir: string): boolean {
  try {
    return fs.readdirSync(dir).some((f) => f.endsWith('.conf'));
  } catch {
    return false;
  }
}

function pyFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && e.name !== '__pycache__') walk(p);
      else if (e.isFile() && e.name.endsWith('.py')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

/** Reads run specs, expanders, wildcards, deployment generators and the model YAMLs of the HELM at `dir`. */
export function scanHelmSource(dir: string, options: HelmScanOptions = { source: 'snapshot' }): ScannedSource {
  const out: ScannedSource = {
    functions: [], expanders: [], wildcards: [], models: [], deployments: [], deploymentGeneratorPrefixes: [], problems: [], expanderValueCounts: {},
  };
  const root = findHelmSrcRoot(dir);
  if (!root) {
    out.problems.push({ file: dir, line: 0, character: 0, message: `No HELM source here (expected helm/benchmark/run_expander.py under ${dir})` });
    return out;
  }
  const recorded = (abs: string): string => (options.source === 'snapshot' ? toPosix(path.relative(root, abs)) : abs);
  const helm = path.join(root, 'helm');
  const seen = new Set<string>();
  for (const file of pyFiles(path.join(helm, 'benchmark', 'run_specs'))) {
    const text = readText(file, out.problems, recorded(file));
    if (text === undefined || !text.includes('@run_spec_function')) continue;
    const rel = toPosix(path.relative(root, file));
    const module = rel.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
    const scanned = scanRunSpecFunctions(text, { origin: options.source, file: recorded(file), module, docstrings: options.source === 'installed' });
    const python = new PythonModule(text);
    for (const fn of scanned.functions) {
      if (seen.has(fn.name)) {
        out.problems.push({ file: fn.origin.file, line: fn.origin.line, character: 0, message: `A run spec function with name ${fn.name} already exists` });
        continue;
      }
      seen.add(fn.name);
      attachRunSpecName(fn, python);
      out.functions.push(fn);
    }
    out.problems.push(...scanned.problems);
  }
  const expanderFile = path.join(helm, 'benchmark', 'run_expander.py');
  const expanderText = readText(expanderFile, out.problems, recorded(expanderFile));
  if (expanderText !== undefined) {
    const scanned = scanRunExpanderSource(expanderText, recorded(expanderFile), options.source);
    out.expanders = scanned.expanders;
    out.wildcards = scanned.wildcards;
    out.expanderValueCounts = scanned.valueCounts;
    out.problems.push(...scanned.problems);
  }
  // HELM's own conf files are read at the first question about their values (completion, a check of an
  // expander's value), not at start: the registry of a check seldom needs them.
  const presentation = path.join(helm, 'benchmark', 'presentation');
  if (hasConfFile(presentation)) {
    const expanderNames = new Set(out.expanders.map((e) => e.name));
    let confValues: ConfValueCounts | undefined;
    Object.defineProperty(out, 'confValues', { enumerable: true, get: () => (confValues ??= scanConfValues(presentation, expanderNames)) });
  }
  const prefixes = new Set<string>();
  for (const file of pyFiles(path.join(helm, 'benchmark', 'model_deployments'))) {
    const text = readText(file, out.problems, recorded(file));
    if (text?.includes('@model_deployment_generator')) for (const p of scanDeploymentGenerators(text)) prefixes.add(p);
  }
  out.deploymentGeneratorPrefixes = [...prefixes].sort();
  const config = path.join(helm, 'config');
  const metadataFile = path.join(config, 'model_metadata.yaml');
  const metadataText = readText(metadataFile, out.problems, recorded(metadataFile));
  if (metadataText !== undefined) {
    const r = readModelMetadataYaml(metadataText, { source: options.source, file: recorded(metadataFile), descriptions: options.source === 'installed' });
    out.models = r.items;
    out.problems.push(...r.problems);
  }
  const deploymentsFile = path.join(config, 'model_deployments.yaml');
  const deploymentsText = readText(deploymentsFile, out.problems, recorded(deploymentsFile));
  if (deploymentsText !== undefined) {
    const r = readModelDeploymentsYaml(deploymentsText, { source: options.source, file: recorded(deploymentsFile) });
    out.deployments = r.items;
    out.problems.push(...r.problems);
  }
  return out;
}

/** The run spec functions of one plugin file (any .py with `@run_spec_function`), read with docstrings. */
export function scanPluginFile(file: string): { functions: RunSpecFunction[]; problems: RegistryProblem[] } {
  const problems: RegistryProblem[] = [];
  const text = readText(file, problems, file);
  if (text === undefined) return { functions: [], problems };
  const scanned = scanRunSpecFunctions(text, { origin: 'plugin', file, module: path.basename(file, '.py'), docstrings: true });
  const python = new PythonModule(text);
  for (const fn of scanned.functions) attachRunSpecName(fn, python);
  return { functions: scanned.functions, problems: [...problems, ...scanned.problems] };
}
