// The values a user may write after `key=` (other than models): what the annotation or the run expander allows, what HELM's conf files use.
import { KNOWN_CONSTANTS } from '../expansion/staticAdapterMethod';
import type { ParsedDescription } from '../parser/types';
import type { ModelDeployment, Registry, RunExpander, RunSpecParameter } from '../registry/types';
import { deploymentsOf } from './hover';

export interface ValueChoice {
  value: string;
  /** Why it is offered, shown beside it: `Literal`, `default`, `used by 57 of HELM's entries`, … */
  detail: string;
}

/** `bool` parameters, and the `str` ones HELM compares with "true" (default `"False"`/`"True"`). */
export function isBooleanParameter(p: RunSpecParameter): boolean {
  return p.annotation === 'bool' || /^["'](true|false)["']$/i.test(p.default ?? '');
}

/** The values of `Literal[…]` in an annotation (`Optional[Literal["a", "b"]]` → a, b). */
export function literalValues(annotation: string | undefined): string[] {
  const m = /Literal\[([^\]]*)\]/.exec(annotation ?? '');
  if (!m) return [];
  const out: string[] = [];
  for (const part of m[1].split(',')) {
    const t = part.trim();
    const quoted = /^(["'])(.*)\1$/.exec(t);
    if (quoted) out.push(quoted[2]);
    else if (/^[-+]?\d+(\.\d+)?$/.test(t)) out.push(t);
  }
  return out;
}

/** The adapter methods HELM defines (`ADAPT_*` in adapter_spec.py): what `method=` takes. */
const ADAPTER_METHODS: readonly string[] = Object.entries(KNOWN_CONSTANTS)
  .filter(([name]) => name.startsWith('ADAPT_'))
  .map(([, value]) => value);

/** The default as a value a run entry could write: a literal string or number, or a known constant. */
function defaultValue(p: RunSpecParameter): string | undefined {
  const d = p.default;
  if (d === undefined || d === 'None') return undefined;
  const quoted = /^(["'])(.*)\1$/.exec(d);
  if (quoted) return quoted[2];
  if (/^[-+]?\d+(\.\d+)?$/.test(d)) return d;
  return KNOWN_CONSTANTS[d];
}

const usedBy = (count: number): string => `used by ${count} of HELM's entries`;

/** The values of a run expander: HELM's conf files' favourites first, then the rest of its own list. */
function expanderChoices(expander: RunExpander, registry: Registry): ValueChoice[] {
  const out: ValueChoice[] = [];
  const v = expander.values;
  const own = v.kind === 'set' || v.kind === 'number' ? v.values : [];
  for (const u of registry.confValues(undefined, expander.name)) {
    // A value HELM's files use that the expander does not list (a typo HELM lets pass) is not offered.
    if (v.kind === 'set' && !own.includes(u.value)) continue;
    if (v.kind === 'number' && !own.includes(u.value) && !/^[-+]?\d+(\.\d+)?$/.test(u.value.trim())) continue;
    out.push({ value: u.value, detail: usedBy(u.count) });
  }
  for (const value of own) out.push({ value, detail: `${expander.name} value` });
  return out;
}

/** The values of a parameter of a run spec function: what its annotation allows, then HELM's usage, then its default. */
function parameterChoices(functionName: string, p: RunSpecParameter, registry: Registry): ValueChoice[] {
  const out: ValueChoice[] = [];
  for (const value of literalValues(p.annotation)) out.push({ value, detail: 'Literal' });
  if (isBooleanParameter(p)) for (const value of ['true', 'false']) out.push({ value, detail: p.annotation ?? 'bool' });
  for (const u of registry.confValues(functionName, p.name)) out.push({ value: u.value, detail: usedBy(u.count) });
  const d = defaultValue(p);
  if (d !== undefined) out.push({ value: d, detail: 'default' });
  if (p.name === 'method') for (const value of ADAPTER_METHODS) out.push({ value, detail: 'adapter method' });
  return out;
}

/**
 * What to offer after `key=` in an entry of `functionName` (models aside: see completion/models.ts),
 * each value once, in the order given. Empty when nothing is known: any value may be right.
 */
export function valueChoices(registry: Registry, functionName: string, key: string): ValueChoice[] {
  const expander = registry.expanders.get(key);
  let choices: ValueChoice[] = [];
  if (expander) choices = expanderChoices(expander, registry);
  else {
    const fn = registry.functions.get(functionName);
    const p = fn?.parameters.find((q) => q.name === key && (q.kind === 'positional' || q.kind === 'keyword-only'));
    if (p) choices = parameterChoices(functionName, p, registry);
    // `**kwargs` (ice, unitxt): HELM's own entries are the only guide.
    else if (fn?.takesKwargs) choices = registry.confValues(functionName, key).map((u) => ({ value: u.value, detail: usedBy(u.count) }));
  }
  // Each value once, where it first comes; the default says so wherever it stands.
  const byValue = new Map<string, ValueChoice>();
  for (const c of choices) {
    const first = byValue.get(c.value);
    if (!first) byValue.set(c.value, { ...c });
    else if (c.detail === 'default' && !first.detail.endsWith('(default)')) first.detail += ' (default)';
  }
  return [...byValue.values()];
}

/** The model the entry names with `model=` (not a wildcard), if any. */
export function entryModel(c: { parsed: ParsedDescription }, registry: Registry): string | undefined {
  let model: string | undefined;
  for (const a of c.parsed.args) if (a.key.text === 'model' && a.value) model = a.value.text;
  return model && !registry.wildcards.has(model) ? model : undefined;
}

/** The deployments serving `model` (HELM reads the model from the last two parts of a deployment name given as `model=`). */
export function deploymentsForModel(model: string, registry: Registry): ModelDeployment[] {
  const served = model.split('/').slice(-2).join('/');
  return deploymentsOf(served, registry);
}
