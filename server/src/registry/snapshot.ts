// Loads the bundled registry snapshot (server/data/registry-snapshot.json) from tsc output, the esbuild bundle or a .vsix.
import { isAscii } from 'buffer';
import * as fs from 'fs';
import * as path from 'path';
import type { ExpanderValueCounts } from './scanExpanders';
import type { Model, ModelDeployment, RegistryData } from './types';

export interface RegistrySnapshot extends RegistryData {
  /** The HELM commit the snapshot was read from (its full 40 hex digits), or '' when unknown. */
  helmCommit: string;
  expanderValueCounts: ExpanderValueCounts;
}

/**
 * The file's form of a snapshot. Models and deployments, two thirds of it, are stored without what
 * the loader can restore (their shared file and source, the tag-derived flags, a model name equal to
 * the deployment's) and with tags and client classes as indexes into `strings`: a smaller file that
 * parses faster at every start.
 */
export interface PackedSnapshot extends Omit<RegistrySnapshot, 'models' | 'deployments'> {
  format: 2;
  strings: string[];
  models: { file: string; items: PackedModel[] };
  deployments: { file: string; items: PackedDeployment[] };
}

interface PackedModel {
  name: string;
  line: number;
  tags: number[];
  displayName?: string;
  creator?: string;
  access?: string;
  releaseDate?: string;
}

interface PackedDeployment {
  name: string;
  line: number;
  /** Absent when the deployment serves the model of its own name. */
  modelName?: string;
  tokenizerName?: string;
  maxSequenceLength?: number;
  clientClass?: number;
  deprecated?: boolean;
}

/** The packed form of `s`; every model and deployment must come from one file each (a scan of HELM gives that). */
export function packSnapshot(s: RegistrySnapshot): PackedSnapshot {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (v: string): number => {
    let i = index.get(v);
    if (i === undefined) {
      i = strings.push(v) - 1;
      index.set(v, i);
    }
    return i;
  };
  const onlyFile = (items: Array<{ origin: { file: string } }>, what: string): string => {
    const files = new Set(items.map((x) => x.origin.file));
    if (files.size > 1) throw new Error(`The ${what} come from ${files.size} files; a snapshot holds one`);
    return [...files][0] ?? '';
  };
  const { models, deployments, ...rest } = s;
  return {
    format: 2,
    ...rest,
    strings,
    models: {
      file: onlyFile(models, 'models'),
      items: models.map((m) => {
        const { origin, tags, deprecated: _d, unsupported: _u, description: _description, ...facts } = m;
        return { ...facts, line: origin.line, tags: tags.map(intern) };
      }),
    },
    deployments: {
      file: onlyFile(deployments, 'model deployments'),
      items: deployments.map((d) => {
        const { origin, modelName, clientClass, ...facts } = d;
        const packed: PackedDeployment = { ...facts, line: origin.line };
        if (modelName !== d.name) packed.modelName = modelName;
        if (clientClass !== undefined) packed.clientClass = intern(clientClass);
        return packed;
      }),
    },
  };
}

/** The snapshot file's text: packed, and pure ASCII (other characters as \\uXXXX escapes), which loads fastest. */
export function snapshotFileText(s: RegistrySnapshot): string {
  return JSON.stringify(packSnapshot(s)).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

/** The snapshot in a file's bytes; undefined when they hold no snapshot of this format. */
export function readSnapshotBytes(bytes: Buffer): RegistrySnapshot | undefined {
  // Pure ASCII decodes fastest as Latin-1 (the same characters).
  const text = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  try {
    const packed = JSON.parse(text) as PackedSnapshot;
    return packed?.format === 2 ? unpackSnapshot(packed) : undefined;
  } catch {
    return undefined;
  }
}

/** The snapshot a packed file holds (fields copied one by one: this runs at every start, before the JIT warms up). */
export function unpackSnapshot(p: PackedSnapshot): RegistrySnapshot {
  const { strings } = p;
  const modelsFile = p.models.file;
  const deploymentsFile = p.deployments.file;
  const models = p.models.items.map((m): Model => {
    const tags = m.tags.map((i) => strings[i]);
    const out: Model = {
      name: m.name,
      tags,
      deprecated: tags.includes('DEPRECATED_MODEL_TAG'),
      unsupported: tags.includes('UNSUPPORTED_MODEL_TAG'),
      origin: { source: 'snapshot', file: modelsFile, line: m.line },
    };
    if (m.displayName !== undefined) out.displayName = m.displayName;
    if (m.creator !== undefined) out.creator = m.creator;
    if (m.access !== undefined) out.access = m.access;
    if (m.releaseDate !== undefined) out.releaseDate = m.releaseDate;
    return out;
  });
  const deployments = p.deployments.items.map((d): ModelDeployment => {
    const out: ModelDeployment = { name: d.name, modelName: d.modelName ?? d.name, origin: { source: 'snapshot', file: deploymentsFile, line: d.line } };
    if (d.tokenizerName !== undefined) out.tokenizerName = d.tokenizerName;
    if (d.maxSequenceLength !== undefined) out.maxSequenceLength = d.maxSequenceLength;
    if (d.clientClass !== undefined) out.clientClass = strings[d.clientClass];
    if (d.deprecated) out.deprecated = true;
    return out;
  });
  return {
    helmCommit: p.helmCommit,
    functions: p.functions,
    expanders: p.expanders,
    wildcards: p.wildcards,
    models,
    deployments,
    deploymentGeneratorPrefixes: p.deploymentGeneratorPrefixes,
    expanderValueCounts: p.expanderValueCounts,
    ...(p.confValues ? { confValues: p.confValues } : {}),
  };
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
  helmCommit: '', functions: [], expanders: [], wildcards: [], models: [], deployments: [], deploymentGeneratorPrefixes: [], expanderValueCounts: {},
};

let cached: RegistrySnapshot | undefined;

/** The bundled snapshot (read once); an empty one, never a throw, when the file is missing or unreadable. */
export function loadSnapshot(): RegistrySnapshot {
  if (cached) return cached;
  for (const file of snapshotCandidates()) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      continue;
    }
    const snapshot = readSnapshotBytes(bytes);
    if (snapshot) {
      cached = snapshot;
      return cached;
    }
  }
  return EMPTY;
}

/** `bundled snapshot (HELM 63754d05)`. */
export function describeSnapshot(s: RegistrySnapshot): string {
  return s.helmCommit ? `bundled snapshot (HELM ${s.helmCommit.slice(0, 8)})` : 'bundled snapshot';
}
