// Reads HELM's model_metadata.yaml and model_deployments.yaml with their lines; a broken file keeps what parses.
import type { Node, YAMLMap } from 'yaml';
import type { Model, ModelDeployment, Origin, RegistryProblem } from './types';

/** The YAML libraries, loaded when a YAML file is first read: most starts of the command line read none. */
const jsYaml = (): typeof import('js-yaml') => require('js-yaml') as typeof import('js-yaml');
const yamlLib = (): typeof import('yaml') => require('yaml') as typeof import('yaml');

export interface YamlReadOptions {
  source: Origin['source'];
  /** The file as recorded in Origin. */
  file: string;
  /** Keep `description` (only for the user's own files or an installed HELM). */
  descriptions?: boolean;
}

export interface YamlRead<T> {
  items: T[];
  problems: RegistryProblem[];
}

/** One item of the top-level list, as plain data (what YAML gives), with the 0-based line it starts on. */
interface ListItem {
  map: Record<string, unknown>;
  line: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function scalar(map: Record<string, unknown>, key: string): string | undefined {
  const v = map[key];
  if (v === null || v === undefined || typeof v === 'object') return v instanceof Date ? v.toISOString().slice(0, 10) : undefined;
  return String(v);
}

/**
 * The fast reading: js-yaml, about eight times quicker than the \`yaml\` library on HELM's 300 KB files,
 * with each mapping's line taken from its open event. Returns undefined for any file it rejects
 * (a syntax error, a duplicate key), which the careful reading then handles.
 */
function quickTopList(text: string, key: string): ListItem[] | undefined {
  const opened: number[] = [];
  const lines = new WeakMap<object, number>();
  let doc: unknown;
  try {
    doc = jsYaml().load(text, {
      listener(event, state) {
        if (event === 'open') opened.push(state.line);
        else {
          const line = opened.pop() ?? 0;
          const result: unknown = state.result;
          if (typeof result === 'object' && result !== null && !lines.has(result)) lines.set(result, line);
        }
      },
    });
  } catch {
    return undefined;
  }
  if (!isRecord(doc)) return undefined;
  const list = doc[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list) || !list.every(isRecord)) return undefined;
  return list.map((map: Record<string, unknown>) => ({ map, line: lines.get(map) ?? 0 }));
}

/** The list under `key` at the top of the document, or problems saying why there is none. */
function topList(text: string, key: string, file: string): { items: ListItem[]; problems: RegistryProblem[] } {
  const quick = quickTopList(text, key);
  if (quick) return { items: quick, problems: [] };
  return carefulTopList(text, key, file);
}

/** The \`yaml\` library's reading: keeps every item that parses and reports each problem with its position. */
function carefulTopList(text: string, key: string, file: string): { items: ListItem[]; problems: RegistryProblem[] } {
  const { isMap, isSeq, LineCounter, parseDocument } = yamlLib();
  const lineCounter = new LineCounter();
  const problems: RegistryProblem[] = [];
  const items: ListItem[] = [];
  let doc;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  } catch (err) {
    problems.push({ file, line: 0, character: 0, message: `Cannot read the YAML: ${err instanceof Error ? err.message : String(err)}` });
    return { items, problems };
  }
  for (const e of doc.errors) {
    const pos = lineCounter.linePos(e.pos[0]);
    problems.push({ file, line: pos.line - 1, character: pos.col - 1, message: e.message.split('\n')[0] });
  }
  const root = doc.contents;
  if (!isMap(root)) {
    if (text.trim()) problems.push({ file, line: 0, character: 0, message: `Expected a mapping with \`${key}:\`` });
    return { items, problems };
  }
  const list = root.get(key, true);
  if (list === undefined || list === null) return { items, problems };
  if (!isSeq(list)) {
    const pos = (list as Node).range ? lineCounter.linePos((list as Node).range![0]) : { line: 1, col: 1 };
    problems.push({ file, line: pos.line - 1, character: pos.col - 1, message: `\`${key}\` is not a list` });
    return { items, problems };
  }
  for (const item of list.items) {
    const node = item as Node;
    const pos = node?.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 };
    if (!isMap(node)) {
      problems.push({ file, line: pos.line - 1, character: pos.col - 1, message: `An item of \`${key}\` is not a mapping` });
      continue;
    }
    items.push({ map: firstWins(node), line: pos.line - 1 });
  }
  return { items, problems };
}

/** A mapping node as plain data; with a repeated key the first one counts, as \`YAMLMap.get\` reads it. */
function firstWins(node: YAMLMap): Record<string, unknown> {
  const { isMap, isScalar, isSeq } = yamlLib();
  const out: Record<string, unknown> = {};
  for (const pair of node.items) {
    const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (k in out) continue;
    const v = pair.value as Node | null;
    out[k] = v === null ? null : isScalar(v) ? v.value : isMap(v) ? firstWins(v) : isSeq(v) ? v.items.map((x) => (isScalar(x) ? x.value : undefined)) : undefined;
  }
  return out;
}

function nameOf(map: Record<string, unknown>, line: number, file: string, problems: RegistryProblem[], what: string): string | undefined {
  const name = scalar(map, 'name');
  if (!name) problems.push({ file, line, character: 0, message: `A ${what} without \`name\`` });
  return name;
}

/** `models:` of a model_metadata.yaml, every registration in order (HELM keeps duplicates in ALL_MODELS_METADATA). */
export function readModelMetadataYaml(text: string, options: YamlReadOptions): YamlRead<Model> {
  const { items, problems } = topList(text, 'models', options.file);
  const models: Model[] = [];
  for (const { map, line } of items) {
    const name = nameOf(map, line, options.file, problems, 'model');
    if (!name) continue;
    const tagList = map.tags;
    const tags = Array.isArray(tagList) ? tagList.map((t) => (t === null || t === undefined || typeof t === 'object' ? '' : String(t))).filter(Boolean) : [];
    const model: Model = {
      name,
      tags,
      deprecated: tags.includes('DEPRECATED_MODEL_TAG'),
      unsupported: tags.includes('UNSUPPORTED_MODEL_TAG'),
      origin: { source: options.source, file: options.file, line },
    };
    const displayName = scalar(map, 'display_name');
    const creator = scalar(map, 'creator_organization_name');
    const access = scalar(map, 'access');
    const releaseDate = scalar(map, 'release_date');
    if (displayName !== undefined) model.displayName = displayName;
    if (creator !== undefined) model.creator = creator;
    if (access !== undefined) model.access = access;
    if (releaseDate !== undefined) model.releaseDate = releaseDate;
    if (options.descriptions) {
      const description = scalar(map, 'description');
      if (description !== undefined) model.description = description;
    }
    models.push(model);
  }
  return { items: models, problems };
}

/** `model_deployments:` of a model_deployments.yaml, every registration in order. */
export function readModelDeploymentsYaml(text: string, options: YamlReadOptions): YamlRead<ModelDeployment> {
  const { items, problems } = topList(text, 'model_deployments', options.file);
  const deployments: ModelDeployment[] = [];
  for (const { map, line } of items) {
    const name = nameOf(map, line, options.file, problems, 'model deployment');
    if (!name) continue;
    const d: ModelDeployment = { name, modelName: scalar(map, 'model_name') || name, origin: { source: options.source, file: options.file, line } };
    const tokenizer = scalar(map, 'tokenizer_name');
    const maxSeq = scalar(map, 'max_sequence_length');
    const client = map.client_spec;
    if (tokenizer !== undefined) d.tokenizerName = tokenizer;
    if (map.deprecated === true) d.deprecated = true;
    if (maxSeq !== undefined && /^\d+$/.test(maxSeq)) d.maxSequenceLength = Number(maxSeq);
    if (isRecord(client)) {
      const cls = scalar(client, 'class_name');
      if (cls !== undefined) d.clientClass = cls;
    }
    deployments.push(d);
  }
  return { items: deployments, problems };
}
