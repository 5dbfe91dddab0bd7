// Reads run_expander.py: the expander classes in RUN_EXPANDER_SUBCLASSES, their values, the model wildcard table.
import { stringValue, tokenizePython, type PyToken } from './pyTokens';
import { splitBracket } from './scanRunSpecs';
import type { ModelWildcard, ModelWildcardTerm, Origin, RegistryProblem, RunExpander, RunExpanderValues } from './types';

interface ClassFacts {
  className: string;
  base: string;
  line: number;
  name?: string;
  /** Keys of `values_dict`, in order, and the length of each key's list when it is a list literal. */
  valuesDict?: Array<{ key: string; count?: number }>;
  /** Parameters of `__init__` after `self`; undefined when the class has no `__init__`. */
  initParams?: string[];
  /** String literals compared to the value (`== "x"`, `!= "x"`), in order. */
  compared: string[];
}

/** The helpers of model_metadata_registry.py that ModelRunExpander calls, as wildcard terms. */
const HELPER_TERMS: Readonly<Record<string, ModelWildcardTerm>> = {
  get_all_models: { kind: 'all' },
  get_all_text_models: { kind: 'tag', tag: 'TEXT_MODEL_TAG' },
  get_all_code_models: { kind: 'tag', tag: 'CODE_MODEL_TAG' },
  get_all_instruction_following_models: { kind: 'tag', tag: 'INSTRUCTION_FOLLOWING_MODEL_TAG' },
};

/** The split constants eval_split compares with (scenarios/scenario.py). */
const CONSTANTS: Readonly<Record<string, string>> = { TEST_SPLIT: 'test', VALID_SPLIT: 'valid' };

/** The wildcards helm-run refuses without --models-to-run (the regex in benchmark/run.py). */
export const NEEDS_MODELS_TO_RUN = ['all', 'text_code', 'text', 'code', 'instruction_following', 'full_functionality_text', 'limited_functionality_text'];

function classes(tokens: PyToken[]): ClassFacts[] {
  const out: ClassFacts[] = [];
  let current: ClassFacts | undefined;
  let inInit = false;
  let inMethod = false;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.lineStart && t.indent === 0) {
      current = undefined;
      if (t.text === 'class' && tokens[k + 1]?.type === 'name') {
        const base = tokens[k + 2]?.text === '(' ? tokens[k + 3]?.text ?? '' : '';
        current = { className: tokens[k + 1].text, base, line: t.line, compared: [] };
        out.push(current);
      }
      continue;
    }
    if (!current) continue;
    if (t.lineStart && t.text === 'def') {
      inMethod = true;
      inInit = tokens[k + 1]?.text === '__init__';
      if (inInit) {
        const { pieces } = splitBracket(tokens, k + 2);
        current.initParams = pieces.map((p) => p.map((x) => x.text).join('')).slice(1).map((p) => p.split(/[:=]/)[0]);
      }
      continue;
    }
    if (t.lineStart && t.indent <= 4 && t.text !== 'def' && t.text !== '@') inMethod = false;
    if (!inMethod && t.lineStart && t.text === 'name' && tokens[k + 1]?.text === '=' && tokens[k + 2]?.type === 'string') {
      current.name = stringValue(tokens[k + 2].text);
    }
    if (!inMethod && t.lineStart && t.text === 'values_dict') {
      let open = k + 1;
      while (open < tokens.length && tokens[open].text !== '{' && tokens[open].type !== 'newline') open++;
      if (tokens[open]?.text !== '{') continue;
      const { pieces } = splitBracket(tokens, open);
      current.valuesDict = [];
      for (const p of pieces) {
        if (p[0]?.type !== 'string' || p[1]?.text !== ':') continue;
        const list = p[2]?.text === '[' ? splitBracket(p, 2).pieces.length : undefined;
        current.valuesDict.push({ key: stringValue(p[0].text), count: list });
      }
    }
    if (inMethod && t.type === 'op' && (t.text === '==' || t.text === '!=')) {
      const rhs = tokens[k + 1];
      const lhs = tokens[k - 1];
      if (rhs?.type === 'string' && (lhs?.text === 'value' || lhs?.text === 'scenario')) current.compared.push(stringValue(rhs.text));
      else if (rhs?.type === 'name' && rhs.text in CONSTANTS && lhs?.text === 'value') current.compared.push(CONSTANTS[rhs.text]);
    }
  }
  return out;
}

/** Keys of a module-level `NAME: … = {` dict literal. */
export function dictKeys(tokens: PyToken[], name: string): string[] | undefined {
  for (let k = 0; k < tokens.length; k++) {
    if (!(tokens[k].lineStart && tokens[k].indent === 0 && tokens[k].text === name)) continue;
    let open = k + 1;
    while (open < tokens.length && tokens[open].text !== '{' && tokens[open].type !== 'newline') open++;
    if (tokens[open]?.text !== '{') continue;
    return splitBracket(tokens, open).pieces.filter((p) => p[0]?.type === 'string' && p[1]?.text === ':').map((p) => stringValue(p[0].text));
  }
  return undefined;
}

/** The names in a module-level list `NAME: … = [A, B, …]`. */
function listNames(tokens: PyToken[], name: string): string[] | undefined {
  for (let k = 0; k < tokens.length; k++) {
    if (!(tokens[k].lineStart && tokens[k].indent === 0 && tokens[k].text === name)) continue;
    let open = k + 1;
    while (open < tokens.length && !(tokens[open].text === '[' && tokens[open - 1].text === '=') && tokens[open].type !== 'newline') open++;
    if (tokens[open]?.text !== '[') continue;
    return splitBracket(tokens, open).pieces.map((p) => p.map((x) => x.text).join(''));
  }
  return undefined;
}

/** What values an expander takes and whether HELM checks them while building the RunSpec (see HELM-SEMANTICS.md). */
function decide(c: ClassFacts, perturbationKeys: string[] | undefined): { values: RunExpanderValues; checked: boolean } {
  const keys = (c.valuesDict ?? []).map((v) => v.key);
  switch (c.name) {
    case 'model': return { values: { kind: 'model' }, checked: true };
    case 'data_augmentation': return { values: { kind: 'set', values: perturbationKeys ?? [] }, checked: true };
    case 'model_deployment': case 'tokenizer': return { values: { kind: 'free' }, checked: false };
    case 'increase_max_tokens': return { values: { kind: 'number', integer: true, values: [] }, checked: true };
    case 'increase_temperature': return { values: { kind: 'number', integer: false, values: [] }, checked: true };
    case 'temperature': return { values: { kind: 'number', integer: false, values: [] }, checked: false };
    case 'add_to_stop': case 'format_prompt': case 'output_format_instructions': case 'process_output':
      return { values: { kind: 'free' }, checked: false };
  }
  if (c.initParams && c.initParams.length === 0) return { values: { kind: 'none' }, checked: true };
  if (c.valuesDict) return { values: { kind: 'number', integer: true, values: keys }, checked: false };
  // instructions, prompt, newline, stop, global_prefix, follow_format_instructions, eval_split: an
  // unknown value raises in __init__ or expand, both while the RunSpec is built.
  if (c.compared.length) return { values: { kind: 'set', values: [...new Set(c.compared)] }, checked: true };
  return { values: { kind: 'free' }, checked: false };
}

/** Extra facts for static expansion: per ReplaceValue-like expander, how many values each key of values_dict gives. */
export type ExpanderValueCounts = Record<string, Record<string, number>>;

export interface ScannedExpanders {
  expanders: RunExpander[];
  wildcards: ModelWildcard[];
  valueCounts: ExpanderValueCounts;
  problems: RegistryProblem[];
}

/** The model wildcard table of `ModelRunExpander.get_model_group_to_model_names`, with HELM's ablation_* copies. */
function wildcardTable(tokens: PyToken[]): ModelWildcard[] {
  const fn = tokens.findIndex((t, k) => t.text === 'def' && tokens[k + 1]?.text === 'get_model_group_to_model_names');
  if (fn < 0) return [];
  let open = fn;
  while (open < tokens.length && !(tokens[open].text === 'values_dict' && tokens[open + 1]?.text === '=')) open++;
  while (open < tokens.length && tokens[open].text !== '{') open++;
  const base: ModelWildcard[] = [];
  for (const p of splitBracket(tokens, open).pieces) {
    if (p[0]?.type !== 'string' || p[1]?.text !== ':') continue;
    const name = stringValue(p[0].text);
    const terms: ModelWildcardTerm[] = [];
    const value = p.slice(2);
    if (value[0]?.text === '[') {
      terms.push({ kind: 'models', models: value.filter((t) => t.type === 'string').map((t) => stringValue(t.text)) });
    } else {
      for (let k = 0; k < value.length; k++) {
        const t = value[k];
        if (t.type !== 'name' || value[k + 1]?.text !== '(') continue;
        if (t.text === 'get_model_names_with_tag' && value[k + 2]?.type === 'name') terms.push({ kind: 'tag', tag: value[k + 2].text });
        else if (HELPER_TERMS[t.text]) terms.push(HELPER_TERMS[t.text]);
      }
    }
    base.push({ name, terms, ablation: false, needsModelsToRun: NEEDS_MODELS_TO_RUN.includes(name) });
  }
  // HELM adds `ablation_<key>` for every key (`ablation` for `all`), intersected with ABLATION_MODEL_TAG.
  const ablations = base.map((w) => ({ ...w, name: w.name === 'all' ? 'ablation' : `ablation_${w.name}`, ablation: true, needsModelsToRun: false }));
  return [...base, ...ablations];
}

export function scanRunExpanderSource(source: string, file: string, originSource: Origin['source'], perturbationKeys?: string[]): ScannedExpanders {
  const { tokens, problems: tp } = tokenizePython(source);
  const problems: RegistryProblem[] = tp.map((p) => ({ file, line: p.line, character: p.col, message: p.message }));
  const facts = classes(tokens);
  const byClass = new Map(facts.map((c) => [c.className, c]));
  const keys = perturbationKeys ?? dictKeys(tokens, 'PERTURBATION_SPECS_DICT');
  const listed = listNames(tokens, 'RUN_EXPANDER_SUBCLASSES');
  if (!listed) problems.push({ file, line: 0, character: 0, message: 'RUN_EXPANDER_SUBCLASSES not found' });
  const expanders: RunExpander[] = [];
  const valueCounts: ExpanderValueCounts = {};
  for (const className of listed ?? []) {
    const c = byClass.get(className);
    if (!c) { problems.push({ file, line: 0, character: 0, message: `Run expander class ${className} not found` }); continue; }
    // Subclasses such as TokenizerRunExpander inherit __init__ from their base when they define none.
    if (!c.initParams && byClass.get(c.base)?.initParams) c.initParams = byClass.get(c.base)?.initParams;
    if (!c.name) { problems.push({ file, line: c.line, character: 0, message: `Run expander ${className} has no name` }); continue; }
    const { values, checked } = decide(c, keys);
    expanders.push({ name: c.name, className, values, checked, origin: { source: originSource, file, line: c.line } });
    if (c.valuesDict) valueCounts[c.name] = Object.fromEntries(c.valuesDict.filter((v) => v.count !== undefined).map((v) => [v.key, v.count as number]));
  }
  return { expanders, wildcards: wildcardTable(tokens), valueCounts, problems };
}

/** `@model_deployment_generator("openai")` → `openai/`, as HELM's registry keys them. */
export function scanDeploymentGenerators(source: string): string[] {
  const { tokens } = tokenizePython(source);
  const out: string[] = [];
  for (let k = 0; k + 3 < tokens.length; k++) {
    if (tokens[k].text === '@' && tokens[k + 1].text === 'model_deployment_generator' && tokens[k + 2].text === '(' && tokens[k + 3].type === 'string') {
      out.push(stringValue(tokens[k + 3].text).replace(/^\/+|\/+$/g, '') + '/');
    }
  }
  return out;
}
