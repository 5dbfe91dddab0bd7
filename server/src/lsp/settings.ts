// The helmConf settings as the server reads them: the client's value merged over the defaults, and the HELM checkout they name.
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SETTINGS, type HelmConfSettings } from '../common/protocol';
import type { ValidationSettings } from '../languageService';

/** The settings the client sent, over the defaults; wrong types are ignored (never throws). */
export function mergeSettings(base: HelmConfSettings, value: unknown): HelmConfSettings {
  if (!value || typeof value !== 'object') return base;
  const v = value as Record<string, unknown>;
  const str = (x: unknown, d: string): string => (typeof x === 'string' ? x : d);
  const strs = (x: unknown, d: string[]): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : d);
  const num = (x: unknown, d: number): number => (typeof x === 'number' && Number.isFinite(x) ? x : d);
  const rs = (v.runSuite && typeof v.runSuite === 'object' ? v.runSuite : {}) as Record<string, unknown>;
  const fm = (v.format && typeof v.format === 'object' ? v.format : {}) as Record<string, unknown>;
  const rules: HelmConfSettings['rules'] = {};
  if (v.rules && typeof v.rules === 'object') {
    for (const [k, s] of Object.entries(v.rules as Record<string, unknown>)) {
      if (s === 'error' || s === 'warning' || s === 'info' || s === 'hint' || s === 'off') rules[k] = s;
    }
  }
  return {
    pythonPath: str(v.pythonPath, base.pythonPath),
    helmSourcePath: str(v.helmSourcePath, base.helmSourcePath),
    plugins: strs(v.plugins, base.plugins),
    localPath: str(v.localPath, base.localPath) || DEFAULT_SETTINGS.localPath,
    rules: v.rules && typeof v.rules === 'object' ? rules : base.rules,
    exactExpansion: typeof v.exactExpansion === 'boolean' ? v.exactExpansion : base.exactExpansion,
    codeLens: v.codeLens === 'sections' || v.codeLens === 'entries' || v.codeLens === 'off' ? v.codeLens : base.codeLens,
    inlayHints: typeof v.inlayHints === 'boolean' ? v.inlayHints : base.inlayHints,
    hintsInProblems: typeof v.hintsInProblems === 'boolean' ? v.hintsInProblems : base.hintsInProblems,
    workspaceDiagnostics: typeof v.workspaceDiagnostics === 'boolean' ? v.workspaceDiagnostics : base.workspaceDiagnostics,
    runSuite: {
      suite: str(rs.suite, base.runSuite.suite),
      maxEvalInstances: num(rs.maxEvalInstances, base.runSuite.maxEvalInstances),
      modelsToRun: strs(rs.modelsToRun, base.runSuite.modelsToRun),
      priority: num(rs.priority, base.runSuite.priority),
      groupsToRun: strs(rs.groupsToRun, base.runSuite.groupsToRun),
    },
    format: { quoteKeys: fm.quoteKeys === 'bare' || fm.quoteKeys === 'quoted' ? fm.quoteKeys : base.format.quoteKeys },
  };
}

/** What the checks take of the settings: the rule severities, and the models a run will use (wildcards). */
export function validationSettings(settings: HelmConfSettings): ValidationSettings {
  return { rules: settings.rules, modelsToRun: settings.runSuite.modelsToRun };
}

/** The folder holding the `helm` package in a HELM checkout given by the user (`src/helm` or `helm`). */
export function helmSrcRoot(helmSourcePath: string, folders: string[]): string | undefined {
  if (!helmSourcePath) return undefined;
  const base = path.isAbsolute(helmSourcePath) ? helmSourcePath : path.join(folders[0] ?? process.cwd(), helmSourcePath);
  for (const candidate of [path.join(base, 'src'), base]) {
    if (fs.existsSync(path.join(candidate, 'helm', 'benchmark'))) return candidate;
  }
  return undefined;
}
