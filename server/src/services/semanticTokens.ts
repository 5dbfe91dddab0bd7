// Semantic tokens inside run entry descriptions: function name, parameter and expander keys, `=`, and typed values.
import type { Span } from '../common/span';
import type { ConfFile, DescriptionArg, RunEntry } from '../parser/types';
import type { Registry } from '../registry/types';
import { EntryCache } from './entryCache';
import { isModelDeploymentValue } from './hover';

/** Token types, in the order of the legend the server declares. */
export const TOKEN_TYPES = ['function', 'parameter', 'macro', 'operator', 'enumMember', 'enum', 'number', 'string'] as const;
/** Token modifiers, in the order of the legend (bit i of the LSP mask). */
export const TOKEN_MODIFIERS = ['deprecated'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export interface LegendShape {
  tokenTypes: string[];
  tokenModifiers: string[];
}

export const LEGEND: LegendShape = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/**
 * What each part of a description becomes:
 * function name → `function`; a function parameter key → `parameter`; a run expander key → `macro`
 * (it expands one RunSpec into several); `=` → `operator`; a model, or a deployment where HELM takes one, → `enumMember`
 * (`deprecated` when the model is); a model wildcard → `enum`; a value of an expander's set → `enumMember`;
 * a number → `number`; any other value → `string`.
 */
export interface HelmSemanticToken {
  /** Always on one line (a token across a line break of a triple-quoted string is split). */
  span: Span;
  type: TokenType;
  modifiers: TokenModifier[];
}

function valueToken(key: string, arg: DescriptionArg, registry: Registry): { type: TokenType; modifiers: TokenModifier[] } {
  const value = arg.value?.text ?? '';
  if (key === 'model' || key === 'model_deployment') {
    if (key === 'model' && registry.wildcards.has(value)) return { type: 'enum', modifiers: [] };
    const model = key === 'model' ? registry.models.get(value) : undefined;
    if (model) return { type: 'enumMember', modifiers: model.deprecated ? ['deprecated'] : [] };
    const deploymentAccepted = key === 'model_deployment' || isModelDeploymentValue(value, registry);
    if (deploymentAccepted && registry.deployments.has(value)) return { type: 'enumMember', modifiers: [] };
  }
  if (arg.valueType === 'int' || arg.valueType === 'float') return { type: 'number', modifiers: [] };
  const expander = registry.expanders.get(key);
  if (expander && (expander.values.kind === 'set' || expander.values.kind === 'number') && expander.values.values.includes(value)) {
    return { type: 'enumMember', modifiers: [] };
  }
  return { type: 'string', modifiers: [] };
}

/** The pieces of `span` between line breaks (none of them empty). */
function splitLines(text: string, span: Span): Span[] {
  const out: Span[] = [];
  let start = span.start;
  for (let i = span.start; i < span.end; i++) {
    const c = text[i];
    if (c !== '\n' && c !== '\r') continue;
    if (i > start) out.push({ start, end: i });
    start = i + 1;
  }
  if (span.end > start) out.push({ start, end: span.end });
  return out;
}

/** The tokens of one entry's description, in its order. */
function entryTokens(entry: RunEntry, text: string, registry: Registry): HelmSemanticToken[] {
  const tokens: HelmSemanticToken[] = [];
  const d = entry.description;
  if (!d?.parsed || d.node.kind !== 'string') return tokens;
  const push = (span: Span, type: TokenType, modifiers: TokenModifier[] = []): void => {
    for (const piece of splitLines(text, span)) tokens.push({ span: piece, type, modifiers });
  };
  const parsed = d.parsed;
  push(parsed.name.span, 'function');
  for (const arg of parsed.args) {
    const key = arg.key.text;
    push(arg.key.span, registry.expanders.has(key) ? 'macro' : 'parameter');
    if (!arg.equals || !arg.value) continue;
    push(arg.equals, 'operator');
    const t = valueToken(key, arg, registry);
    push(arg.value.span, t.type, t.modifiers);
  }
  return tokens.sort((a, b) => a.span.start - b.span.start);
}

/** Per entry: its tokens, moved along with it. */
const tokenCache = new EntryCache<HelmSemanticToken[]>((tokens, by) =>
  tokens.map((t) => ({ span: { start: t.span.start + by, end: t.span.end + by }, type: t.type, modifiers: t.modifiers })),
);

/** The tokens of every description, in document order, each on one line. */
export function getSemanticTokens(conf: ConfFile, registry: Registry): HelmSemanticToken[] {
  const tokens: HelmSemanticToken[] = [];
  let ordered = true;
  for (const entry of conf.entries) {
    for (const t of tokenCache.get(entry, registry, '', () => entryTokens(entry, conf.text, registry))) {
      if (tokens.length && t.span.start < tokens[tokens.length - 1].span.start) ordered = false;
      tokens.push(t);
    }
  }
  return ordered ? tokens : tokens.sort((a, b) => a.span.start - b.span.start);
}

/**
 * The tokens in LSP's relative encoding (5 integers per token) against LEGEND, packed: a file's tokens
 * make some 25,000 numbers, which as an array would be a large object on the JS heap at every request.
 */
export function packTokens(conf: ConfFile, tokens: readonly HelmSemanticToken[]): Uint32Array {
  const data = new Uint32Array(tokens.length * 5);
  let k = 0;
  let prevLine = 0;
  let prevChar = 0;
  for (const t of tokens) {
    const pos = conf.lines.positionAt(t.span.start);
    const deltaLine = pos.line - prevLine;
    let mask = 0;
    for (const m of t.modifiers) mask |= 1 << TOKEN_MODIFIERS.indexOf(m);
    data[k++] = deltaLine;
    data[k++] = deltaLine === 0 ? pos.character - prevChar : pos.character;
    data[k++] = t.span.end - t.span.start;
    data[k++] = TOKEN_TYPES.indexOf(t.type);
    data[k++] = mask;
    prevLine = pos.line;
    prevChar = pos.character;
  }
  return data;
}

export interface TokenEdit {
  start: number;
  deleteCount: number;
  data: number[];
}

/**
 * The edits that turn `previous` into `next` (LSP `semanticTokens/full/delta`): the numbers between their
 * common beginning and common end, at most one edit. The encoding is relative, so typing in one entry
 * changes the numbers of that entry's tokens and of the next one only.
 */
export function tokenEdits(previous: ArrayLike<number>, next: ArrayLike<number>): TokenEdit[] {
  const max = Math.min(previous.length, next.length);
  let head = 0;
  while (head < max && previous[head] === next[head]) head++;
  if (head === previous.length && head === next.length) return [];
  let tail = 0;
  while (tail < max - head && previous[previous.length - 1 - tail] === next[next.length - 1 - tail]) tail++;
  return [{ start: head, deleteCount: previous.length - head - tail, data: Array.from({ length: next.length - tail - head }, (_, i) => next[head + i]) }];
}

/** getSemanticTokens, encoded for LSP and packed. Never throws. */
export function encode(conf: ConfFile, registry: Registry): Uint32Array {
  try {
    return packTokens(conf, getSemanticTokens(conf, registry));
  } catch {
    return new Uint32Array(0);
  }
}
