// Completion: run spec functions, argument keys and values inside a description; entry keys and new entries outside.
import type { TextEdit } from '../common/diagnostic';
import { didYouMean } from '../common/didYouMean';
import type { Span } from '../common/span';
import type { ConfFile, HoconString } from '../parser/types';
import type { Model, ModelDeployment, Registry, RunSpecFunction, RunSpecParameter } from '../registry/types';
import { cursorContext, keyWordAt, type DescriptionCursor, type EntriesCursor, type EntryKeyCursor } from './cursor';
import {
  deploymentMarkdown,
  ENTRY_KEY_DOCS,
  expanderMarkdown,
  functionMarkdown,
  modelMarkdown,
  parameterMarkdown,
  isModelDeploymentValue,
  pythonSignature,
  wildcardMarkdown,
} from './hover';

export type CompletionKind = 'function' | 'argument' | 'expander' | 'model' | 'deployment' | 'wildcard' | 'value' | 'key' | 'snippet';

export interface HelmCompletionItem {
  label: string;
  kind: CompletionKind;
  /** One line shown beside the label (a signature, a model count, …). */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Replaces the whole word under the cursor. */
  edit: TextEdit;
  /** `edit.newText` is an LSP snippet (`${1:x}`). */
  snippet?: boolean;
  sortText?: string;
  /** What the editor matches the typed word against, when it is not the label. */
  filterText?: string;
  /** A value is expected right after the inserted text: the editor should open completion again. */
  retrigger?: boolean;
  /** A deprecated model: the editor may strike it through. */
  deprecated?: boolean;
}

export interface CompletionOptions {
  /** The editor accepts snippets (default true); without, entry keys and new entries are plain text. */
  snippets?: boolean;
  /** Deprecated and unsupported models after `model=`: listed last (default) or left out. */
  deprecatedModels?: 'last' | 'omit';
  /**
   * Leave out the documentation of functions, models, deployments and wildcards (about 1,000 items
   * after `model=`, some 450 KB of markdown); the editor then asks `resolveItem` for the one it shows.
   */
  lazyDocumentation?: boolean;
}

export interface CompletionResultShape {
  items: HelmCompletionItem[];
  /**
   * The items were picked by what is typed so far (function names, and the long lists after `model=`):
   * the editor should ask again as the word changes, rather than filter this list itself.
   */
  isIncomplete: boolean;
}

const complete = (items: HelmCompletionItem[]): CompletionResultShape => ({ items, isIncomplete: false });

/** The rank, then the index in base 36 (short: a `model=` list holds about 1,000 of them). */
const sortKey = (rank: number, index: number): string => `${rank}${index.toString(36).padStart(4, '0')}`;

/** The text as it must be written inside the description's string (escapes in a double-quoted string). */
function quoteFor(node: HoconString, text: string): string {
  return node.quoting === 'double' && /[\\"]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/"/g, '\\"') : text;
}

/**
 * Could an editor's matcher accept `typed` for `label` (both lower case)? Every character typed is in
 * the label, as often as typed. That keeps whatever an in-order (fuzzy) matcher keeps, and what VS Code
 * keeps when it retries with two neighbouring characters swapped.
 */
function mayMatch(typed: string, label: string): boolean {
  for (let i = 0; i < typed.length; i++) {
    const ch = typed[i];
    let need = 1;
    for (let j = 0; j < i; j++) if (typed[j] === ch) need++;
    for (let k = label.indexOf(ch); k >= 0 && need > 0; k = label.indexOf(ch, k + 1)) need--;
    if (need > 0) return false;
  }
  return true;
}

/** Is `needle` a subsequence of `hay` (both lower case)? */
function isSubsequence(needle: string, hay: string): boolean {
  let j = 0;
  for (let i = 0; i < hay.length && j < needle.length; i++) if (hay[i] === needle[j]) j++;
  return j === needle.length;
}

// ---------------------------------------------------------------- inside the description

/** Per registry: its function names sorted, and each one's signature detail. */
const functionTables = new WeakMap<Registry, { names: string[]; lower: string[]; detail: Map<string, string> }>();

function functionTable(registry: Registry): { names: string[]; lower: string[]; detail: Map<string, string> } {
  let t = functionTables.get(registry);
  if (!t) {
    const names = [...registry.functions.keys()].sort();
    const detail = new Map(names.map((n) => [n, pythonSignature(registry.functions.get(n) as RunSpecFunction).slice(n.length)]));
    t = { names, lower: names.map((n) => n.toLowerCase()), detail };
    functionTables.set(registry, t);
  }
  return t;
}

function functionItems(c: DescriptionCursor, offset: number, conf: ConfFile, registry: Registry, options: CompletionOptions): CompletionResultShape {
  const span = c.at.text.span;
  const typed = conf.text.slice(span.start, offset).toLowerCase();
  const { names, lower, detail } = functionTable(registry);
  const ranked: Array<{ name: string; rank: number }> = [];
  if (!typed) for (const name of names) ranked.push({ name, rank: 0 });
  else {
    const taken = new Set<string>();
    const take = (name: string, rank: number): void => {
      if (taken.has(name)) return;
      taken.add(name);
      ranked.push({ name, rank });
    };
    names.forEach((n, i) => lower[i].startsWith(typed) && take(n, 0));
    names.forEach((n, i) => lower[i].includes(typed) && take(n, 1));
    names.forEach((n, i) => isSubsequence(typed, lower[i]) && take(n, 2));
    for (const n of didYouMean(typed, names, 5)) take(n, 3);
  }
  const items = ranked.map(({ name, rank }, i) => {
    const item: HelmCompletionItem = {
      label: name,
      kind: 'function',
      detail: detail.get(name),
      edit: { span, newText: quoteFor(c.string, name) },
      sortText: sortKey(rank, i),
    };
    if (!options.lazyDocumentation) item.documentation = functionMarkdown(registry.functions.get(name) as RunSpecFunction, registry);
    // A typo the editor's own matching would drop: match it against what was typed.
    if (rank === 3) item.filterText = conf.text.slice(span.start, offset);
    return item;
  });
  // Picked by what is typed: a shorter or longer word has other matches (and other typos).
  return { items, isIncomplete: typed !== '' };
}

function parameterDetail(p: RunSpecParameter): string {
  const type = p.annotation ?? '';
  if (p.required) return `${type || 'required'}${type ? ' (required)' : ''}`;
  if (p.default === undefined) return type || 'parameter';
  return type ? `${type} = ${p.default}` : `= ${p.default}`;
}

function argumentItems(c: DescriptionCursor, registry: Registry): HelmCompletionItem[] {
  if (c.at.part !== 'key') return [];
  const { arg, index } = c.at;
  const present = new Set(c.parsed.args.filter((_, i) => i !== index).map((a) => a.key.text));
  const fn = registry.functions.get(c.parsed.name.text);
  const hasEquals = arg.equals !== undefined;
  const edit = (name: string): TextEdit => ({ span: c.at.text.span, newText: quoteFor(c.string, hasEquals ? name : `${name}=`) });
  const items: HelmCompletionItem[] = [];
  if (fn) {
    // Parameters an expander shadows cannot be set from a run entry: the expander is offered instead.
    const params = fn.parameters.filter(
      (p) => p.kind !== 'var-positional' && p.kind !== 'var-keyword' && !registry.expanders.has(p.name) && !present.has(p.name),
    );
    const ordered = [...params.filter((p) => p.required), ...params.filter((p) => !p.required)];
    ordered.forEach((p, i) =>
      items.push({
        label: p.name,
        kind: 'argument',
        detail: parameterDetail(p),
        documentation: parameterMarkdown(fn, p),
        edit: edit(p.name),
        sortText: sortKey(p.required ? 0 : 1, i),
        retrigger: !hasEquals,
      }),
    );
  }
  const expanders = [...registry.expanders.values()]
    .filter((e) => !present.has(e.name) && e.values.kind !== 'none')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  expanders.forEach((e, i) =>
    items.push({
      label: e.name,
      kind: 'expander',
      detail: 'run expander',
      documentation: expanderMarkdown(e, registry),
      edit: edit(e.name),
      sortText: sortKey(2, i),
      retrigger: !hasEquals,
    }),
  );
  return items;
}

function wildcardDetail(name: string, registry: Registry): string {
  const n = registry.wildcardMembers(name).length;
  return `${n} model${n === 1 ? '' : 's'}`;
}

function modelDetail(m: Model): string | undefined {
  if (!m.deprecated && !m.unsupported) return m.displayName;
  const why = m.deprecated ? 'deprecated' : 'unsupported';
  return m.displayName ? `${m.displayName} (${why})` : why;
}

const deploymentDetail = (d: ModelDeployment): string => `deployment of ${d.modelName}`;

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
    const byName = (a: Model, b: Model): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
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
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const d of deployments) add({ label: d.name, kind: 'deployment', detail: deploymentDetail(d), documentation: () => deploymentMarkdown(d) }, 2);
  tables.set(key, out);
  return out;
}

/**
 * The choices after `model=` or `model_deployment=`: about 1,000 of them. With nothing typed, all of
 * them, for the editor to filter as the word grows; once something is typed, only those that could
 * match it, and the editor asks again as the word changes.
 */
function modelItems(c: DescriptionCursor, typed: string, registry: Registry, options: CompletionOptions, deploymentsOnly: boolean): CompletionResultShape {
  const span = c.at.text.span;
  const all = modelChoices(registry, options.deprecatedModels !== 'omit', deploymentsOnly);
  const lower = typed.toLowerCase();
  const choices = lower ? all.filter((choice) => mayMatch(lower, choice.lower)) : all;
  // Every item with the same fields in the same order (one object shape), no spread: this runs for
  // hundreds of items on every `model=` completion.
  const items = choices.map(
    (choice): HelmCompletionItem => ({
      label: choice.label,
      kind: choice.kind,
      detail: choice.detail,
      // The documentation is built only when it is sent along (see lazyDocumentation).
      documentation: options.lazyDocumentation ? undefined : choice.documentation(),
      edit: { span, newText: quoteFor(c.string, choice.label) },
      sortText: choice.sortText,
      deprecated: choice.deprecated || undefined,
    }),
  );
  return { items, isIncomplete: lower !== '' };
}

/** `bool` parameters, and the `str` ones HELM compares with "true" (default `"False"`/`"True"`). */
function isBooleanParameter(p: RunSpecParameter): boolean {
  return p.annotation === 'bool' || /^["'](true|false)["']$/i.test(p.default ?? '');
}

function valueItems(c: DescriptionCursor, offset: number, conf: ConfFile, registry: Registry, options: CompletionOptions): CompletionResultShape {
  if (c.at.part !== 'value') return complete([]);
  const key = c.at.arg.key.text;
  const span = c.at.text.span;
  const plain = (values: readonly string[], detail: string): CompletionResultShape =>
    complete(values.map((v, i) => ({ label: v, kind: 'value', detail, edit: { span, newText: quoteFor(c.string, v) }, sortText: sortKey(0, i) })));
  const expander = registry.expanders.get(key);
  if (expander) {
    const v = expander.values;
    const typed = conf.text.slice(span.start, offset);
    if (v.kind === 'model') return modelItems(c, typed, registry, options, key === 'model_deployment');
    if (key === 'model_deployment') return modelItems(c, typed, registry, options, true);
    if (v.kind === 'set' || v.kind === 'number') return plain(v.values, `${key} value`);
    return complete([]);
  }
  const fn = registry.functions.get(c.parsed.name.text);
  const param = fn?.parameters.find((p) => p.name === key);
  if (param && isBooleanParameter(param)) return plain(['true', 'false'], param.annotation ?? 'bool');
  return complete([]);
}

// ---------------------------------------------------------------- outside the description

const ENTRY_KEY_SNIPPETS: ReadonlyArray<{ key: string; snippet: string; plain: string }> = [
  { key: 'description', snippet: 'description: "${1}"', plain: 'description: ""' },
  { key: 'priority', snippet: 'priority: ${1:1}', plain: 'priority: 1' },
  { key: 'groups', snippet: 'groups: [${1}]', plain: 'groups: []' },
];

function entryKeyItems(c: EntryKeyCursor, options: CompletionOptions): HelmCompletionItem[] {
  const present = new Set(c.object.fields.filter((f) => f !== c.field).map((f) => f.key.path.join('.')));
  // On an existing key that already has its `:`, only the key itself is replaced.
  const keyOnly = c.field?.separator !== undefined;
  const snippets = options.snippets !== false;
  const comma = c.needsComma ? ', ' : '';
  return ENTRY_KEY_SNIPPETS.filter((k) => !present.has(k.key)).map((k, i) => ({
    label: k.key,
    kind: 'key',
    documentation: ENTRY_KEY_DOCS[k.key],
    edit: { span: c.word.span, newText: comma + (keyOnly ? k.key : snippets ? k.snippet : k.plain) },
    snippet: !keyOnly && snippets,
    sortText: sortKey(0, i),
  }));
}

const NEW_ENTRY_SNIPPET = '{description: "${1}", priority: ${2:1}}';
const NEW_ENTRY_PLAIN = '{description: "", priority: 1}';

function newEntryItem(span: Span, prefix: string, options: CompletionOptions, wrapInEntries: boolean): HelmCompletionItem {
  const snippets = options.snippets !== false;
  const entry = snippets ? NEW_ENTRY_SNIPPET : NEW_ENTRY_PLAIN;
  return {
    label: wrapInEntries ? 'entries: [ … ]' : '{description, priority}',
    kind: 'snippet',
    detail: wrapInEntries ? 'list of run entries' : 'new run entry',
    edit: { span, newText: prefix + (wrapInEntries ? `entries: [\n  ${entry}\n]` : entry) },
    snippet: snippets,
    sortText: sortKey(0, 0),
  };
}

function entriesItems(c: EntriesCursor, options: CompletionOptions): HelmCompletionItem[] {
  return [newEntryItem(c.word.span, c.needsComma ? ', ' : '', options, false)];
}

/** At the top level of a file that has no `entries` yet. */
function rootItems(conf: ConfFile, offset: number, options: CompletionOptions): HelmCompletionItem[] {
  if (conf.entriesField) return [];
  for (const f of conf.root.fields) if (f.span.start < offset && offset < f.span.end) return [];
  for (const c of conf.comments) if (c.span.start < offset && offset <= c.span.end) return [];
  const word = keyWordAt(conf.text, offset);
  return [newEntryItem(word.span, '', options, true)];
}

/** The completion items at `offset`. Never throws. */
export function doComplete(conf: ConfFile, offset: number, registry: Registry, options: CompletionOptions = {}): CompletionResultShape {
  try {
    const c = cursorContext(conf, offset);
    switch (c.kind) {
      case 'description':
        if (c.at.part === 'name') return functionItems(c, offset, conf, registry, options);
        if (c.at.part === 'key') return complete(argumentItems(c, registry));
        return valueItems(c, offset, conf, registry, options);
      case 'entry-key':
        return complete(entryKeyItems(c, options));
      case 'entries':
        return complete(entriesItems(c, options));
      case 'entry-value':
        return complete([]);
      case 'none':
        return complete(rootItems(conf, offset, options));
    }
  } catch {
    return complete([]);
  }
}

/** What an editor may ask of a function, model, deployment or wildcard item afterwards: its detail and documentation. */
export function resolveItem(item: Pick<HelmCompletionItem, 'label' | 'kind'>, registry: Registry): { detail?: string; documentation?: string } {
  try {
    if (item.kind === 'function') {
      const fn = registry.functions.get(item.label);
      return fn ? { detail: functionTable(registry).detail.get(fn.name), documentation: functionMarkdown(fn, registry) } : {};
    }
    if (item.kind === 'wildcard') {
      const w = registry.wildcards.get(item.label);
      return w ? { detail: wildcardDetail(w.name, registry), documentation: wildcardMarkdown(w, registry) } : {};
    }
    if (item.kind === 'model') {
      const m = registry.models.get(item.label);
      return m ? { detail: modelDetail(m), documentation: modelMarkdown(m, registry) } : {};
    }
    if (item.kind === 'deployment') {
      const d = registry.deployments.get(item.label);
      return d ? { detail: deploymentDetail(d), documentation: deploymentMarkdown(d) } : {};
    }
    return {};
  } catch {
    return {};
  }
}
