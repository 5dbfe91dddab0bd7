// runner_config.yaml as PyYAML's safe_load reads it, with exact spans: mappings, lists and Python-typed scalars.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, Scalar, type Document, type Node } from 'yaml';
import type { Span } from '../common/span';
import { LineIndex } from '../common/span';
import { resolvePlainScalar, resolveTaggedScalar, type PyScalar } from './pyyamlScalars';

/** A YAML node with the Python value safe_load gives it. */
export type YamlValue =
  | { kind: 'scalar'; span: Span; py: PyScalar; quoted: boolean; source: string }
  | { kind: 'mapping'; span: Span; entries: YamlEntry[] }
  | { kind: 'sequence'; span: Span; items: YamlValue[] }
  /** An alias, an unknown tag, or a node the parser could not make out. */
  | { kind: 'other'; span: Span; source: string };

export interface YamlEntry {
  key: YamlValue;
  /** Absent: `key:` with nothing after it (None). */
  value?: YamlValue;
}

export interface YamlSyntaxProblem {
  span: Span;
  message: string;
}

export interface RunnerConfigDocument {
  text: string;
  lines: LineIndex;
  /** The one document's root; undefined for an empty file (safe_load returns None). */
  root?: YamlValue;
  /** What stops safe_load: syntax errors, several documents. */
  syntax: YamlSyntaxProblem[];
}

export function parseRunnerConfig(text: string): RunnerConfigDocument {
  const lines = new LineIndex(text);
  const docs = parseAllDocuments(text, { version: '1.1', schema: 'failsafe', uniqueKeys: false, strict: false, prettyErrors: false });
  const syntax: YamlSyntaxProblem[] = [];
  // parseAllDocuments returns an EmptyStream (no documents) for an empty text.
  const list: Document[] = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    for (const error of doc.errors) syntax.push({ span: spanOfPos(error.pos, text.length), message: firstLine(error.message) });
  }
  if (list.length > 1) {
    const second = list[1].range?.[0] ?? 0;
    syntax.push({ span: { start: second, end: Math.min(text.length, second + 3) }, message: 'A second document (after `---`): PyYAML\'s safe_load expects a single document in the stream.' });
  }
  const first = list[0];
  const contents = first?.contents;
  const root = contents ? toValue(contents as Node, text, first, syntax) : undefined;
  return { text, lines, root, syntax };
}

/** Anchored nodes being read through an alias: a node that holds an alias to itself is read once. */
const resolving = new Set<Node>();

function toValue(node: Node, text: string, doc: Document, syntax: YamlSyntaxProblem[]): YamlValue {
  const span = spanOf(node, text.length);
  if (isMap(node)) {
    const entries: YamlEntry[] = [];
    for (const pair of node.items) {
      const key = pair.key ? toValue(pair.key as Node, text, doc, syntax) : { kind: 'scalar' as const, span: { start: span.start, end: span.start }, py: { type: 'NoneType' as const, value: null }, quoted: false, source: '' };
      const value = pair.value ? toValue(pair.value as Node, text, doc, syntax) : undefined;
      entries.push(value ? { key, value } : { key });
    }
    return { kind: 'mapping', span, entries };
  }
  if (isSeq(node)) return { kind: 'sequence', span, items: node.items.map((item) => toValue(item as Node, text, doc, syntax)) };
  if (isScalar(node)) return scalarValue(node, span, text);
  if (isAlias(node)) {
    // An alias stands for its anchored node (spans stay the alias's own); an unknown anchor stops safe_load.
    const target = node.resolve(doc) as Node | undefined;
    if (target && !resolving.has(target)) {
      resolving.add(target);
      try {
        return { ...toValue(target, text, doc, syntax), span };
      } finally {
        resolving.delete(target);
      }
    }
    if (target) return { kind: 'other', span, source: text.slice(span.start, span.end) };
    syntax.push({ span, message: `found undefined alias \`${node.source}\`.` });
  }
  return { kind: 'other', span, source: text.slice(span.start, span.end) };
}

function scalarValue(node: Scalar, span: Span, text: string): YamlValue {
  const source = text.slice(span.start, span.end);
  const raw = typeof node.value === 'string' ? node.value : String(node.value ?? '');
  const plain = node.type === Scalar.PLAIN;
  if (node.tag) {
    const tagged = resolveTaggedScalar(node.tag, raw);
    return tagged ? { kind: 'scalar', span, py: tagged, quoted: !plain, source } : { kind: 'other', span, source };
  }
  const py: PyScalar = plain ? resolvePlainScalar(raw) : { type: 'str', value: raw };
  return { kind: 'scalar', span, py, quoted: !plain, source };
}

/** The node's span without the comments and line breaks after it. */
function spanOf(node: Node, length: number): Span {
  const range = node.range;
  if (!range) return { start: 0, end: 0 };
  return { start: Math.min(range[0], length), end: Math.min(Math.max(range[1], range[0]), length) };
}

function spanOfPos(pos: [number, number], length: number): Span {
  const start = Math.min(pos[0], length);
  return { start, end: Math.min(Math.max(pos[1], start), length) };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
