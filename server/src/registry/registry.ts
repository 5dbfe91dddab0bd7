// Merges RegistryData sources (later ones win) into the Registry, with HELM's model wildcard membership.
import { FunctionTable } from './lazyFunctions';
import type { ConfValue, Model, ModelDeployment, ModelWildcard, Registry, RegistryData, RegistryProblem, RunExpander } from './types';

export interface CreateRegistryOptions {
  version?: number;
  describeSource?: string;
  problems?: readonly RegistryProblem[];
}

const ABLATION_MODEL_TAG = 'ABLATION_MODEL_TAG';

/** The placeholder HELM registers for a deployment whose model has no metadata (get_unknown_model_metadata). */
function unknownModel(d: ModelDeployment): Model {
  return {
    name: d.modelName, displayName: d.modelName, creator: 'Unknown', access: 'open',
    tags: ['TEXT_MODEL_TAG', 'FULL_FUNCTIONALITY_TEXT_MODEL_TAG'], deprecated: false, unsupported: false, origin: d.origin,
  };
}

class MergedRegistry implements Registry {
  readonly functions = new FunctionTable();
  readonly expanders = new Map<string, RunExpander>();
  readonly wildcards = new Map<string, ModelWildcard>();
  readonly models = new Map<string, Model>();
  readonly deployments = new Map<string, ModelDeployment>();
  readonly deploymentGeneratorPrefixes: string[] = [];
  /** Every model registration in order, duplicates kept: HELM's ALL_MODELS_METADATA, which tag lookups walk. */
  private readonly registrations: Model[] = [];
  private readonly memberCache = new Map<string, string[]>();
  /** `fn\nkey` (or `\nkey` for a run expander) → value → count; a later source's count replaces an earlier one's. */
  private confCounts: Map<string, Map<string, number>> | undefined;
  private readonly confSorted = new Map<string, readonly ConfValue[]>();

  constructor(private readonly sources: readonly RegistryData[], readonly version: number, readonly describeSource: string, readonly problems: readonly RegistryProblem[]) {
    const prefixes = new Set<string>();
    for (const s of sources) {
      this.functions.add(s);
      for (const e of s.expanders ?? []) this.expanders.set(e.name, e);
      for (const w of s.wildcards ?? []) this.wildcards.set(w.name, w);
      for (const m of s.models ?? []) {
        this.registrations.push(m);
        this.models.set(m.name, m);
      }
      for (const d of s.deployments ?? []) {
        this.deployments.set(d.name, d);
        if (!this.models.has(d.modelName)) {
          const m = unknownModel(d);
          this.registrations.push(m);
          this.models.set(m.name, m);
        }
      }
      for (const p of s.deploymentGeneratorPrefixes ?? []) prefixes.add(p);
    }
    this.deploymentGeneratorPrefixes.push(...prefixes);
  }

  /** The sources' conf value counts, merged at the first question (a check of a file seldom asks). */
  private mergedConfCounts(): Map<string, Map<string, number>> {
    if (this.confCounts) return this.confCounts;
    const counts = new Map<string, Map<string, number>>();
    const add = (key: string, values: Record<string, number>): void => {
      let m = counts.get(key);
      if (!m) counts.set(key, (m = new Map()));
      for (const [v, n] of Object.entries(values)) m.set(v, n);
    };
    for (const s of this.sources) {
      const conf = s.confValues;
      if (!conf) continue;
      for (const [fn, keys] of Object.entries(conf.arguments)) for (const [key, values] of Object.entries(keys)) add(`${fn}\n${key}`, values);
      for (const [key, values] of Object.entries(conf.expanders)) add(`\n${key}`, values);
    }
    return (this.confCounts = counts);
  }

  confValues(functionName: string | undefined, key: string): readonly ConfValue[] {
    const k = this.expanders.has(key) ? `\n${key}` : `${functionName ?? ''}\n${key}`;
    let sorted = this.confSorted.get(k);
    if (!sorted) {
      const counts = this.mergedConfCounts().get(k);
      sorted = counts ? [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)) : [];
      this.confSorted.set(k, sorted);
    }
    return sorted;
  }

  private withTag(tag: string): string[] {
    return this.registrations.filter((m) => m.tags.includes(tag)).map((m) => m.name);
  }

  private baseMembers(w: ModelWildcard): string[] {
    const out: string[] = [];
    for (const t of w.terms) {
      if (t.kind === 'all') out.push(...this.models.keys());
      else if (t.kind === 'tag') out.push(...this.withTag(t.tag));
      else out.push(...t.models);
    }
    return out;
  }

  /** The same list at each call (not to be changed): a wildcard's models are asked for at each entry. */
  wildcardMembers(name: string): readonly string[] {
    const cached = this.memberCache.get(name);
    if (cached) return cached;
    const w = this.wildcards.get(name);
    if (!w) return [];
    let members = this.baseMembers(w);
    if (w.ablation) {
      // HELM builds a set here (its order varies between runs); the family's order is kept instead.
      const ablation = new Set(this.withTag(ABLATION_MODEL_TAG));
      members = [...new Set(members)].filter((m) => ablation.has(m));
    }
    const excluded = new Set([...this.withTag('DEPRECATED_MODEL_TAG'), ...this.withTag('UNSUPPORTED_MODEL_TAG')]);
    members = members.filter((m) => !excluded.has(m));
    this.memberCache.set(name, members);
    return members;
  }
}

/** The merged registry of `sources`, in order: a later source's item replaces an earlier one of the same name. */
export function createRegistry(sources: readonly RegistryData[], options: CreateRegistryOptions = {}): Registry {
  return new MergedRegistry(sources, options.version ?? 1, options.describeSource ?? 'bundled snapshot', options.problems ?? []);
}
