// Completion after `model=` and `model_deployment=`: wildcards, models and deployments, the entry's own model's deployments first.
import type { Model, ModelDeployment, Registry } from '../../registry/types';
import type { DescriptionCursor } from '../cursor';
import { deploymentsForModel, entryModel } from '../argumentValues';
import { deploymentMarkdown, isModelDeploymentValue, modelMarkdown, wildcardMarkdown } from '../hover';
import { mayMatch, quoteFor, sortKey, type CompletionOptions, type CompletionResultShape, type HelmCompletionItem } from './items';

export function wildcardDetail(name: string, registry: Registry): string {
  const n = registry.wildcardMembers(name).length;
  return `${n} model${n === 1 ? '' : 's'}`;
}

export function modelDetail(m: Model): string | undefined {
  if (!m.deprecated && !m.unsupported) return m.displayName;
  const why = m.deprecated ? 'deprecated' : 'unsupported';
  return m.displayName ? `${m.displayName} (${why})` : why;
}

export const deploymentDetail = (d: ModelDeployment): string => `deployment of ${d.modelName}`;

/** One choice after `model=` or `model_deployment=`, as the registry gives it. */
interface ModelChoice {
  label: string;
  /** The label in lower case, to match what is typed against. */
  lower: string;
  kind: 'wildcard' | 'model' | 'deployment';
  detail?: string;
  deprecated: boolean;
  sortText: string;
  documentation: () => string;
}

/** Per registry: the choices after `model=` (with or without deprecated models) and `model_deployment=`, in order. */
const modelChoiceTables = new WeakMap<Registry, Map<string, ModelChoice[]>>();

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function modelChoices(registry: Registry, deprecated: boolean, deploymentsOnly: boolean): ModelChoice[] {
  let tables = modelChoiceTables.get(registry);
  if (!tables) modelChoiceTables.set(registry, (tables = new Map()));
  const key = `${deprecated}:${deploymentsOnly}`;
  const cached = tables.get(key);
  if (cached) return cached;
  const out: ModelChoice[] = [];
  // Every choice has the same fields in the same order: one object shape for the loops over them.
  const add = (choice: Omit<ModelChoice, 'sortText' | 'lower' | 'deprecated'> & { deprecated?: boolean }, rank: number): void => {
    out.push({
      label: choice.label,
      lower: choice.label.toLowerCase(),
      kind: choice.kind,
      detail: choice.detail,
      deprecated: choice.deprecated === true,
      sortText: sortKey(rank, out.length),
      documentation: choice.documentation,
    });
  };
  if (!deploymentsOnly) {
    for (const w of registry.wildcards.values()) {
      add({ label: w.name, kind: 'wildcard', detail: wildcardDetail(w.name, registry), documentation: () => wildcardMarkdown(w, registry) }, 0);
    }
    const models = [...registry.models.values()].filter((m) => !registry.wildcards.has(m.name));
    for (const m of models.filter((m) => !m.deprecated && !m.unsupported).sort(byName)) {
      add({ label: m.name, kind: 'model', detail: modelDetail(m), documentation: () => modelMarkdown(m, registry) }, 1);
    }
    if (deprecated) {
      for (const m of models.filter((m) => m.deprecated || m.unsupported).sort(byName)) {
        add({ label: m.name, kind: 'model', detail: modelDetail(m), deprecated: true, documentation: () => modelMarkdown(m, registry) }, 8);
      }
    }
  }
  const deployments = [...registry.deployments.values()]
    .filter((d) => deploymentsOnly || (!registry.models.has(d.name) && isModelDeploymentValue(d.name, registry)))
    .sort(byName);
  for (const d of deployments) add({ label: d.name, kind: 'deployment', detail: deploymentDetail(d), documentation: () => deploymentMarkdown(d) }, 2);
  tables.set(key, out);
  return out;
}

/**
 * The choices after `model=` or `model_deployment=`: about 1,000 of them. With nothing typed, all of
 * them, for the editor to filter as the word grows; once something is typed, only those that could
 * match it, and the editor asks again as the word changes. After `model_deployment=` the deployments
 * of the entry's own model come first.
 */
export function modelItems(c: DescriptionCursor, typed: string, registry: Registry, options: CompletionOptions, deploymentsOnly: boolean): CompletionResultShape {
  const span = c.at.text.span;
  const all = modelChoices(registry, options.deprecatedModels !== 'omit', deploymentsOnly);
  const lower = typed.toLowerCase();
  const choices = lower ? all.filter((choice) => mayMatch(lower, choice.lower)) : all;
  const model = deploymentsOnly ? entryModel(c, registry) : undefined;
  const own = new Set(model ? deploymentsForModel(model, registry).map((d) => d.name) : []);
  // Every item with the same fields in the same order (one object shape), no spread: this runs for
  // hundreds of items on every `model=` completion.
  const items = choices.map(
    (choice): HelmCompletionItem => ({
      label: choice.label,
      kind: choice.kind,
      detail: own.has(choice.label) ? `${choice.detail} (this entry's model)` : choice.detail,
      // The documentation is built only when it is sent along (see lazyDocumentation).
      documentation: options.lazyDocumentation ? undefined : choice.documentation(),
      edit: { span, newText: quoteFor(c.string, choice.label) },
      sortText: own.has(choice.label) ? `0${choice.sortText}` : choice.sortText,
      deprecated: choice.deprecated || undefined,
    }),
  );
  const limit = options.modelListLimit;
  if (limit !== undefined && items.length > limit) return { items: firstInOrder(items, limit), isIncomplete: true };
  return { items, isIncomplete: lower !== '' };
}

/** The first `limit` items in the order an editor shows them: by sortText, then label. */
function firstInOrder(items: HelmCompletionItem[], limit: number): HelmCompletionItem[] {
  const order = (a: HelmCompletionItem, b: HelmCompletionItem): number => compare(a.sortText ?? a.label, b.sortText ?? b.label) || compare(a.label, b.label);
  return items.sort(order).slice(0, limit);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
