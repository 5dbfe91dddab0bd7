// Reads `@run_spec_function("…")` functions and their signatures from Python source, without running Python.
import { stringValue, tokenizePython, tokensText, type PyToken } from './pyTokens';
import type { Origin, RegistryProblem, RunSpecFunction, RunSpecParameter } from './types';

export interface ScannedFile {
  functions: RunSpecFunction[];
  problems: RegistryProblem[];
}

export interface ScanOptions {
  origin: Origin['source'];
  /** The file as recorded in Origin (relative to HELM's src/ for the snapshot). */
  file: string;
  module: string;
  /** Also read each function's docstring (installed HELM and plugins only). */
  docstrings?: boolean;
}

/** Splits the tokens between an opening bracket at `open` and its match; returns the top-level comma pieces and the closing index. */
export function splitBracket(tokens: readonly PyToken[], open: number): { pieces: PyToken[][]; close: number } {
  const pieces: PyToken[][] = [];
  let current: PyToken[] = [];
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type === 'comment') continue;
    // The tokenizer only emits a newline inside brackets when it gave up on an unclosed one.
    if (t.type === 'newline' && depth >= 1) break;
    if (t.type === 'op' && '([{'.includes(t.text)) {
      depth++;
      if (depth === 1) continue;
    } else if (t.type === 'op' && ')]}'.includes(t.text)) {
      depth--;
      if (depth === 0) {
        if (current.length) pieces.push(current);
        return { pieces, close: k };
      }
    } else if (depth === 1 && t.type === 'op' && t.text === ',') {
      pieces.push(current);
      current = [];
      continue;
    }
    // A `def` at the start of a line inside an unclosed bracket: the signature was never closed.
    if (depth >= 1 && t.lineStart && t.type === 'name' && (t.text === 'def' || t.text === 'class') && k > open + 1) break;
    current.push(t);
  }
  if (current.length) pieces.push(current);
  return { pieces, close: -1 };
}

function topLevelIndex(piece: readonly PyToken[], text: string): number {
  let depth = 0;
  for (let k = 0; k < piece.length; k++) {
    const t = piece[k];
    if (t.type !== 'op') continue;
    if ('([{'.includes(t.text)) depth++;
    else if (')]}'.includes(t.text)) depth--;
    else if (depth === 0 && t.text === text) return k;
  }
  return -1;
}

function parameters(source: string, pieces: PyToken[][]): RunSpecParameter[] {
  const params: RunSpecParameter[] = [];
  let keywordOnly = false;
  for (const piece of pieces) {
    const first = piece[0];
    if (!first) continue;
    if (first.text === '/' && piece.length === 1) continue;
    if (first.text === '*' && piece.length === 1) { keywordOnly = true; continue; }
    let kind: RunSpecParameter['kind'] = keywordOnly ? 'keyword-only' : 'positional';
    let rest = piece;
    if (first.text === '*') { kind = 'var-positional'; keywordOnly = true; rest = piece.slice(1); }
    else if (first.text === '**') { kind = 'var-keyword'; rest = piece.slice(1); }
    const name = rest[0];
    if (!name || name.type !== 'name') continue;
    const eq = topLevelIndex(rest, '=');
    const colon = topLevelIndex(rest, ':');
    const param: RunSpecParameter = { name: name.text, kind, required: false };
    if (colon === 1) {
      const annotation = tokensText(source, rest.slice(2, eq > 0 ? eq : undefined));
      if (annotation) param.annotation = annotation;
    }
    if (eq > 0) param.default = tokensText(source, rest.slice(eq + 1));
    param.required = (kind === 'positional' || kind === 'keyword-only') && param.default === undefined;
    params.push(param);
  }
  return params;
}

/** `str` methods an int or float lacks: called on a parameter, a number given for it fails (AttributeError). */
const TEXT_METHODS = 'replace|lower|upper|split|rsplit|strip|lstrip|rstrip|startswith|endswith|title|capitalize|casefold|removeprefix|removesuffix|encode|splitlines|partition|format';

/**
 * Marks the parameters whose body calls a `str` method on them (`subject.replace(…)`, also inside an
 * f-string) and never assigns them: a number given for one fails while the RunSpec is built.
 */
function markTextMethods(body: string, params: RunSpecParameter[]): void {
  for (const p of params) {
    if (p.kind !== 'positional' && p.kind !== 'keyword-only') continue;
    const name = p.name.replace(/[^\w]/g, '');
    if (new RegExp(`^[ \\t]*${name}\\s*(?:[-+*/%|&]|//)?=(?!=)`, 'm').test(body)) continue;
    const m = new RegExp(`(?<![\\w.])${name}\\.(${TEXT_METHODS})\\(`).exec(body);
    if (m) p.textMethod = m[1];
  }
}

/** The docstring right after the `def` line's colon, dedented, or undefined. */
function docstringAfter(tokens: readonly PyToken[], colon: number): string | undefined {
  let k = colon + 1;
  while (k < tokens.length && (tokens[k].type === 'newline' || tokens[k].type === 'comment')) k++;
  const t = tokens[k];
  if (!t || t.type !== 'string' || !t.lineStart || /^[fF]|^[rR][fF]|^[fF][rR]/.test(t.text)) return undefined;
  const lines = stringValue(t.text).split(/\r?\n/);
  const rest = lines.slice(1).filter((l) => l.trim());
  const common = rest.length ? Math.min(...rest.map((l) => l.length - l.trimStart().length)) : 0;
  return [lines[0].trim(), ...lines.slice(1).map((l) => l.slice(common))].join('\n').trim();
}

/** Every `@run_spec_function("name")` in `source`, with the signature of the `def` under it. */
export function scanRunSpecFunctions(source: string, options: ScanOptions): ScannedFile {
  const { tokens, problems: tokenProblems } = tokenizePython(source);
  const problems: RegistryProblem[] = tokenProblems.map((p) => ({ file: options.file, line: p.line, character: p.col, message: p.message }));
  const functions: RunSpecFunction[] = [];
  for (let k = 0; k + 3 < tokens.length; k++) {
    const at = tokens[k];
    if (!(at.type === 'op' && at.text === '@' && at.lineStart)) continue;
    if (tokens[k + 1].text !== 'run_spec_function' || tokens[k + 2].text !== '(') continue;
    const nameTok = tokens[k + 3];
    if (nameTok.type !== 'string' || tokens[k + 4]?.text !== ')') {
      problems.push({ file: options.file, line: at.line, character: at.col, message: '@run_spec_function without a plain string name' });
      continue;
    }
    const name = stringValue(nameTok.text);
    // Skip further decorators down to the `def` (stacked decorators, `async def`).
    let d = k + 5;
    while (d < tokens.length && !(tokens[d].type === 'name' && tokens[d].text === 'def' && (tokens[d].lineStart || tokens[d - 1]?.text === 'async'))) {
      if (tokens[d].lineStart && tokens[d].type === 'name' && tokens[d].text === 'class') break;
      d++;
    }
    const def = tokens[d];
    const pyName = tokens[d + 1];
    if (!def || def.text !== 'def' || !pyName || pyName.type !== 'name' || tokens[d + 2]?.text !== '(') {
      problems.push({ file: options.file, line: at.line, character: at.col, message: `@run_spec_function("${name}") is not followed by a function` });
      continue;
    }
    const { pieces, close } = splitBracket(tokens, d + 2);
    if (close < 0) {
      problems.push({ file: options.file, line: tokens[d + 2].line, character: tokens[d + 2].col, message: `The signature of ${pyName.text} is not closed` });
    }
    const params = parameters(source, pieces);
    if (close >= 0) {
      let end = close + 1;
      while (end < tokens.length && !(tokens[end].lineStart && tokens[end].indent <= def.indent && tokens[end].type !== 'comment')) end++;
      markTextMethods(source.slice(tokens[close].end, end < tokens.length ? tokens[end].start : source.length), params);
    }
    const fn: RunSpecFunction = {
      name,
      pythonName: pyName.text,
      parameters: params,
      takesKwargs: params.some((p) => p.kind === 'var-keyword'),
      module: options.module,
      origin: { source: options.origin, file: options.file, line: def.line },
    };
    if (options.docstrings && close >= 0) {
      let colon = close + 1;
      while (colon < tokens.length && tokens[colon].text !== ':' && tokens[colon].type !== 'newline') colon++;
      const doc = docstringAfter(tokens, colon);
      if (doc) fn.docstring = doc;
    }
    functions.push(fn);
    k = Math.max(k, close > 0 ? close : d + 2);
  }
  return { functions, problems };
}
