// Loads the bundled registry snapshot (server/data/registry-snapshot.json) from tsc output, the esbuild bundle or a .vsix.
import { isAscii } from 'buffer';
import * as fs from 'fs';
import * as path from 'path';
import type { ExpanderValueCounts } from './scanExpanders';
import { setLazyFunctions, type LazyFunctions } from './lazyFunctions';
import type { ConfValueCounts, Model, ModelDeployment, RegistryData, RunSpecFunction } from './types';

export interface RegistrySnapshot extends RegistryData {
  /** The HELM commit the snapshot was read from (its full 40 hex digits), or '' when unknown. */
  helmCommit: string;
  expanderValueCounts: ExpanderValueCounts;
}

/**
 * The header of the file's form of a snapshot: everything but the run spec functions and the conf
 * values, which follow it in the same JSON object and are read only when asked for (a check reads the
 * few functions its file names). Models and deployments, most of the header, are stored without what
 * the loader can restore (their shared file and source, the tag-derived flags, a model name equal to
 * the deployment's) and with tags and client classes as indexes into `strings`: a smaller header that
 * parses faster at every start.
 */
export interface PackedSnapshot extends Omit<RegistrySnapshot, 'models' | 'deployments' | 'functions' | 'confValues'> {
  format: 3;
  /** Where the functions begin in the file (ten digits, so that the header's length does not depend on it). */
  bodyAt: string;
  strings: string[];
  models: { file: string; items: PackedModel[] };
  deployments: { file: string; items: PackedDeployment[] };
  functionNames: string[];
  /** Each function's JSON text in the file: start and end, from `bodyAt`, two numbers per function. */
  functionAt: number[];
  /** The conf values' JSON text in the file, from `bodyAt`; absent when the snapshot has none. */
  confValuesAt?: [number, number];
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

const BODY_AT_DIGITS = 10;
const HEAD = /^\{"format":3,"bodyAt":"(\d{10})"/;

/** `text` in pure ASCII (other characters as \\uXXXX escapes, the same JSON), which loads fastest. */
const ascii = (text: string): string => text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The header of `s` without its offsets; every model and deployment must come from one file each (a scan of HELM gives that). */
function packHeader(s: RegistrySnapshot): Omit<PackedSnapshot, 'bodyAt' | 'functionAt' | 'confValuesAt'> {
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
  const { models, deployments, functions, confValues: _confValues, ...rest } = s;
  return {
    format: 3,
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
    functionNames: functions.map((f) => f.name),
  };
}

/**
 * The snapshot file's text: one JSON object, pure ASCII, its header first (up to `bodyAt`), then
 * `functions` (an array, one function's JSON after another) and `confValues`.
 */
export function snapshotFileText(s: RegistrySnapshot): string {
  let body = ',"functions":[';
  const functionAt: number[] = [];
  s.functions.forEach((f, i) => {
    if (i) body += ',';
    functionAt.push(body.length);
    body += ascii(JSON.stringify(f));
    functionAt.push(body.length);
  });
  body += ']';
  let confValuesAt: [number, number] | undefined;
  if (s.confValues) {
    body += ',"confValues":';
    const start = body.length;
    body += ascii(JSON.stringify(s.confValues));
    confValuesAt = [start, body.length];
  }
  const { format, ...header } = packHeader(s);
  const packed: PackedSnapshot = { format, bodyAt: '0'.repeat(BODY_AT_DIGITS), ...header, functionAt, ...(confValuesAt ? { confValuesAt } : {}) };
  const head = ascii(JSON.stringify(packed)).slice(0, -1);
  return head.replace(/"bodyAt":"0+"/, `"bodyAt":"${String(head.length).padStart(BODY_AT_DIGITS, '0')}"`) + body + '}\n';
}

/** The snapshot in a file's bytes; undefined when they hold no snapshot of this format. */
export function readSnapshotBytes(bytes: Buffer): RegistrySnapshot | undefined {
  // Pure ASCII decodes fastest as Latin-1 (the same characters), and a character is a byte: the header
  // is decoded alone at start, each function from its own bytes when asked for.
  const text = isAscii(bytes) ? undefined : bytes.toString('utf8');
  const slice = text === undefined ? (start: number, end: number) => bytes.toString('latin1', start, end) : (start: number, end: number) => text.slice(start, end);
  const head = HEAD.exec(slice(0, 40));
  if (!head) return undefined;
  try {
    const bodyAt = Number(head[1]);
    return unpackSnapshot(JSON.parse(slice(0, bodyAt) + '}') as PackedSnapshot, (start, end) => slice(bodyAt + start, bodyAt + end));
  } catch {
    return undefined;
  }
}

/**
 * The snapshot a file holds: its header unpacked at once (fields copied one by one: this runs at every
 * start, before the JIT warms up), its functions and conf values read from the body (`body(start, end)`: its
 * text between two offsets) when first asked for.
 */
function unpackSnapshot(p: PackedSnapshot, body: (start: number, end: number) => string): RegistrySnapshot {
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
  const names = p.functionNames;
  const { functionAt } = p;
  const read: Array<RunSpecFunction | undefined> = [];
  let position: Map<string, number> | undefined;
  const lazy: LazyFunctions = {
    names,
    get(name) {
      position ??= new Map(names.map((n, i) => [n, i]));
      const i = position.get(name);
      if (i === undefined) return undefined;
      return (read[i] ??= JSON.parse(body(functionAt[2 * i], functionAt[2 * i + 1])) as RunSpecFunction);
    },
  };
  let functions: RunSpecFunction[] | undefined;
  let confValues: ConfValueCounts | undefined;
  const confAt = p.confValuesAt;
  const snapshot: RegistrySnapshot = {
    helmCommit: p.helmCommit,
    get functions(): RunSpecFunction[] {
      return (functions ??= names.map((n) => lazy.get(n) as RunSpecFunction));
    },
    expanders: p.expanders,
    wildcards: p.wildcards,
    models,
    deployments,
    deploymentGeneratorPrefixes: p.deploymentGeneratorPrefixes,
    expanderValueCounts: p.expanderValueCounts,
  };
  if (confAt) {
    Object.defineProperty(snapshot, 'confValues', {
      enumerable: true,
      get: () => (confValues ??= JSON.parse(body(confAt[0], confAt[1])) as ConfValueCounts),
    });
  }
  setLazyFunctions(snapshot, lazy);
  return snapshot;
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
