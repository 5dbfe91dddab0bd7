// Static expansion: run entries → RunSpec names without Python, mirroring helm-run's run_entries_to_run_specs.
import type { ExpansionFilters } from '../common/protocol';
import type { ConfFile, RunEntry } from '../parser/types';
import type { Registry, RunSpecFunction } from '../registry/types';
import { evaluateRunSpecName, type NameResult } from './staticNameEval';
import { applyExpander, checkExpanderValue, RUN_EXPANDER_NAMES, type PendingRunSpec } from './staticExpanders';
import { pyStr, type PyValue } from './staticPyValues';

export interface StaticRunSpec {
  /** The RunSpec name, as helm-run would name its output folder. */
  name: string;
  /** The adapter's model (`openai/gpt2`), when known. */
  model?: string;
  /** True when the name may differ from HELM's; `reason` says why. */
  approximate: boolean;
  reason?: string;
}

/**
 * What one run entry expands to. `error` is set where helm-run would raise on this entry (then
 * `runSpecs` is empty); `filteredOut` where `--priority` drops the entry. Filters: `priority`
 * 0 or absent means no `--priority`; empty lists mean no `--models-to-run` / `--groups-to-run`.
 */
export interface StaticExpansion {
  /** 0-based index of the entry among the conf's live entries. */
  entryIndex: number;
  description: string;
  runSpecs: StaticRunSpec[];
  /** True when any name may differ from HELM's, or the count may (an unknown groups filter). */
  approximate: boolean;
  error?: string;
  filteredOut?: boolean;
  /** RunSpecs the function makes before `--models-to-run` and `--groups-to-run` drop some. */
  unfilteredCount: number;
  /** Environment variables the names assume unset (e.g. HELM_UNITXT_SHORTEN_RUN_SPEC_NAMES). */
  assumesUnsetEnv?: string[];
}

const NO_NEWLINES_TAG = 'NO_NEWLINES_TAG';
const NLG_PREFIX_TAG = 'NLG_PREFIX_TAG';

/** The description's arguments as Python values, in dict order (the first position of a key, its last value). */
function typedArgs(entry: RunEntry): Map<string, PyValue> {
  const out = new Map<string, PyValue>();
  for (const arg of entry.description?.parsed?.args ?? []) {
    if (!arg.value) continue;
    const text = arg.value.text;
    let v: PyValue;
    if (arg.valueType === 'int') {
      const clean = text.trim().replace(/_/g, '');
      v = { t: 'int', v: /^[+-]?\d+$/.test(clean) ? BigInt(clean).toString() : String(arg.typedValue) };
    } else if (arg.valueType === 'float') v = { t: 'float', v: Number(arg.typedValue) };
    else v = { t: 'str', v: text };
    out.set(arg.key.text, v);
  }
  return out;
}

/** Per registry (and version): each model's default deployment, the last one serving it (as HELM picks). */
const defaultDeployments = new WeakMap<Registry, { version: number; byModel: Map<string, string> }>();

function defaultDeployment(registry: Registry, model: string): string | undefined {
  let cache = defaultDeployments.get(registry);
  if (!cache || cache.version !== registry.version) {
    const byModel = new Map<string, string>();
    for (const d of registry.deployments.values()) byModel.set(d.modelName, d.name);
    cache = { version: registry.version, byModel };
    defaultDeployments.set(registry, cache);
  }
  return cache.byModel.get(model);
}

function fallbackName(fn: string, args: ReadonlyMap<string, PyValue>): string {
  const parts = [...args].map(([k, v]) => `${k}=${pyStr(v)}`);
  return parts.length ? `${fn}:${parts.join(',')}` : fn;
}

interface Construct {
  specs: PendingRunSpec[];
  method?: string;
  groups?: string[];
  error?: string;
  env?: string[];
}

/** `construct_run_specs` for one set of arguments. */
function constructRunSpecs(fnName: string, args: ReadonlyMap<string, PyValue>, fn: RunSpecFunction, registry: Registry): Construct {
  const expanders: Array<[string, PyValue]> = [];
  const fnArgs = new Map<string, PyValue>();
  for (const [k, v] of args) {
    if (RUN_EXPANDER_NAMES.has(k) || registry.expanders.has(k)) expanders.push([k, v]);
    else fnArgs.set(k, v);
  }
  for (const [k, v] of expanders) {
    const problem = checkExpanderValue(k, v);
    if (problem) return { specs: [], error: problem };
  }
  if (!expanders.some(([k]) => k === 'model')) expanders.push(['model', { t: 'str', v: 'all' }]);

  let first: PendingRunSpec;
  let groups: string[] | undefined;
  let method: string | undefined;
  const template = fn.runSpecName;
  if (template) {
    const r = evaluateRunSpecName(template, fn.pythonName, fnArgs);
    if (r.kind === 'error') return { specs: [], error: r.message };
    if (r.kind === 'approximate') first = { name: fallbackName(fnName, fnArgs), approximate: r.reason };
    else {
      first = { name: r.name };
      groups = r.groups;
      method = r.method;
    }
  } else {
    const known = new Set(fn.parameters.map((p) => p.name));
    const unknown = [...fnArgs.keys()].find((k) => !known.has(k));
    if (unknown && !fn.takesKwargs) return { specs: [], error: `TypeError: ${fn.pythonName}() got an unexpected keyword argument '${unknown}'` };
    const missing = fn.parameters.filter((p) => p.required && !fnArgs.has(p.name)).map((p) => `'${p.name}'`);
    if (missing.length) return { specs: [], error: `TypeError: ${fn.pythonName}() missing required argument${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}` };
    first = { name: fallbackName(fnName, fnArgs), approximate: 'the function’s name template is not known' };
  }

  let specs = [first];
  for (const [key, value] of expanders) {
    if (key === 'model' && value.t !== 'str') return { specs: [], error: `AttributeError: '${value.t}' object has no attribute 'split'` };
    const next: PendingRunSpec[] = [];
    for (const s of specs) {
      const r = applyExpander(key, value, s, registry, method);
      if ('error' in r) return { specs: [], error: r.error };
      next.push(...r.ok);
    }
    specs = next;
  }
  if (specs.some((s) => !s.model && !s.modelDeployment)) {
    return { specs: [], error: 'ValueError: At least one of model_deployment and model must be specified' };
  }
  specs = specs.map((s) => alterRunSpec(s, registry, method));
  const out: Construct = { specs, groups };
  if (template?.env) out.env = template.env;
  return out;
}

/**
 * The adapter method of the RunSpec the entry's run spec function builds (before the expanders), when it
 * can be read from the function's source: what the `output_format_instructions` expander branches on.
 */
export function entryAdapterMethod(entry: RunEntry, fn: RunSpecFunction, registry: Registry): string | undefined {
  const r = evaluateEntry(entry, fn, registry);
  return r?.kind === 'name' ? r.method : undefined;
}

/** What the adapter helper of the entry's function raises for the entry's `method`, when it has no branch for it (METHOD_CHECKS). */
export function entryMethodRefusal(entry: RunEntry, fn: RunSpecFunction, registry: Registry): string | undefined {
  if (!fn.runSpecName?.methodCheck) return undefined;
  const r = evaluateEntry(entry, fn, registry);
  return r?.kind === 'error' && r.method ? r.message : undefined;
}

/** The function's name template evaluated with the entry's arguments that reach it (not the run expanders'). */
function evaluateEntry(entry: RunEntry, fn: RunSpecFunction, registry: Registry): NameResult | undefined {
  if (!fn.runSpecName) return undefined;
  const fnArgs = new Map<string, PyValue>();
  for (const [k, v] of typedArgs(entry)) if (!RUN_EXPANDER_NAMES.has(k) && !registry.expanders.has(k)) fnArgs.set(k, v);
  return evaluateRunSpecName(fn.runSpecName, fn.pythonName, fnArgs);
}

/** `alter_run_spec`: the model's tags add `,stop=…` and `,global_prefix=nlg` to some names (updates `s`, a fresh copy). */
function alterRunSpec(s: PendingRunSpec, registry: Registry, method: string | undefined): PendingRunSpec {
  if (s.model && !s.modelDeployment) s.modelDeployment = defaultDeployment(registry, s.model);
  if (!s.model && s.modelDeployment) s.model = registry.deployments.get(s.modelDeployment)?.modelName ?? s.modelDeployment;
  const tags = s.model ? registry.models.get(s.model)?.tags : undefined;
  if (tags?.includes(NO_NEWLINES_TAG)) {
    // HELM adds `,stop=hash` only for the generation and multiple_choice_joint methods.
    if (method === 'generation' || method === 'multiple_choice_joint') s.name = `${s.name},stop=hash`;
    else if (method === undefined) s.approximate ??= `${s.model} may add ',stop=hash' depending on the adaptation method`;
  }
  if (tags?.includes(NLG_PREFIX_TAG)) s.name = `${s.name},global_prefix=nlg`;
  if (s.model === 'google/medlm-large') s.name = `${s.name},stop=none`;
  return s;
}

/** Expands one run entry as helm-run does with these filters. */
export function expandEntry(entry: RunEntry, registry: Registry, filters: ExpansionFilters = {}): StaticExpansion {
  const parsed = entry.description?.parsed;
  const result: StaticExpansion = { entryIndex: entry.index, description: parsed?.text ?? '', runSpecs: [], approximate: false, unfilteredCount: 0 };
  const fail = (error: string): StaticExpansion => ({ ...result, error });
  if (!parsed) {
    // `description:` without a value: HELM gets an empty string, the name of no run spec function.
    if (entry.describedOtherwise === 'empty') return fail('ValueError: Unknown run spec name: ');
    return fail(entry.description || entry.describedOtherwise === 'object' ? 'the description is not a string' : 'the entry has no description');
  }

  const priority = entry.priority?.value;
  if (filters.priority && priority !== undefined && priority !== null && Number(priority) > filters.priority) {
    return { ...result, filteredOut: true };
  }
  if (!parsed.helmArgs) return fail(parsed.problems[0]?.message ?? 'ValueError: the description cannot be parsed');
  const fnName = parsed.name.text;
  const fn = registry.functions.get(fnName);
  if (!fn) return fail(`ValueError: Unknown run spec name: ${fnName}`);

  const args = typedArgs(entry);
  const modelsToRun = filters.modelsToRun ?? [];
  let argSets: Array<Map<string, PyValue>> = [args];
  if (modelsToRun.length > 0) {
    const model = args.get('model');
    if (model && model.t !== 'str') return fail("TypeError: argument of type 'int' is not iterable");
    if (!model || !model.v.includes('/')) {
      argSets = modelsToRun.map((m) => new Map([...args, ['model', { t: 'str', v: m } as PyValue]]));
    }
  }

  const env = new Set<string>();
  const kept: PendingRunSpec[] = [];
  let unknownGroups = false;
  for (const a of argSets) {
    const c = constructRunSpecs(fnName, a, fn, registry);
    if (c.error) return fail(c.error);
    c.env?.forEach((e) => env.add(e));
    result.unfilteredCount += c.specs.length;
    for (const s of c.specs) {
      if (modelsToRun.length && !(s.model && modelsToRun.includes(s.model)) && !(s.modelDeployment && modelsToRun.includes(s.modelDeployment))) continue;
      if (filters.groupsToRun?.length) {
        if (!c.groups) unknownGroups = true;
        else if (!c.groups.some((g) => filters.groupsToRun?.includes(g))) continue;
      }
      kept.push(s);
    }
  }

  const groups = entry.groups?.value;
  const suffix = groups && groups.length ? `,groups=${[...groups].sort().join('-')}` : '';
  result.runSpecs = kept.map((s) => {
    // RunSpec.__post_init__ turns every '/' of the name into '_' (os.path.sep), after each replace().
    const r: StaticRunSpec = { name: (s.name + suffix).replace(/\//g, '_'), approximate: !!s.approximate };
    if (s.model) r.model = s.model;
    if (s.approximate) r.reason = s.approximate;
    return r;
  });
  result.approximate = unknownGroups || result.runSpecs.some((r) => r.approximate);
  if (env.size) result.assumesUnsetEnv = [...env].sort();
  return result;
}

/** Expands every live entry of a conf file, in order. */
export function expandConf(conf: ConfFile, registry: Registry, filters: ExpansionFilters = {}): StaticExpansion[] {
  return conf.entries.map((entry) => expandEntry(entry, registry, filters));
}
