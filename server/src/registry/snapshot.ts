// Loads the bundled registry snapshot (server/data/registry-snapshot.json) from tsc output, the esbuild bundle or a .vsix.
import * as fs from 'fs';
import * as path from 'path';
import type { ExpanderValueCounts } from './scanExpanders';
import type { RegistryData } from './types';

export interface RegistrySnapshot extends RegistryData {
  format: 1;
  /** The HELM commit the snapshot was read from (12 hex digits), or '' when unknown. */
  helmCommit: string;
  expanderValueCounts: ExpanderValueCounts;
}

export const SNAPSHOT_FILE = 'registry-snapshot.json';

/** Where the snapshot can be, relative to this module: out/server/src/registry/ (tsc) or dist/ (bundle, .vsix). */
export function snapshotCandidates(): string[] {
  return [
    path.resolve(__dirname, '..', 'server', 'data', SNAPSHOT_FILE),
    path.resolve(__dirname, '..', '..', '..', '..', 'server', 'data', SNAPSHOT_FILE),
    path.resolve(__dirname, '..', '..', 'data', SNAPSHOT_FILE),
  ];
}

const EMPTY: RegistrySnapshot = {
  format: 1, helmCommit: '', functions: [], expanders: [], wildcards: [], models: [], deployments: [], deploymentGeneratorPrefixes: [], expanderValueCounts: {},
};

let cached: RegistrySnapshot | undefined;

/** The bundled snapshot (read once); an empty one, never a throw, when the file is missing or unreadable. */
export function loadSnapshot(): RegistrySnapshot {
  if (cached) return cached;
  for (const file of snapshotCandidates()) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    try {
      cached = { ...EMPTY, ...(JSON.parse(text) as Partial<RegistrySnapshot>) } as RegistrySnapshot;
      return cached;
    } catch {
      continue;
    }
  }
  return EMPTY;
}

/** `bundled snapshot (HELM 63754d05)`. */
export function describeSnapshot(s: RegistrySnapshot): string {
  return s.helmCommit ? `bundled snapshot (HELM ${s.helmCommit.slice(0, 8)})` : 'bundled snapshot';
}
