// Completion of run spec function names: prefix, substring, fuzzy and typo matches; `name:` and the required arguments as tab stops.
import { didYouMean, type NameList } from '../../common/didYouMean';
import type { ConfFile } from '../../parser/types';
import type { Registry, RunSpecFunction } from '../../registry/types';
import type { DescriptionCursor } from '../cursor';
import { functionNames } from '../functionNames';
import { functionMarkdown, pythonSignature } from '../hover';
import { isSubsequence, quoteFor, snippetLiteral, sortKey, type CompletionOptions, type CompletionResultShape, type HelmCompletionItem } from './items';

/** Per registry: its function names sorted (with their lower case), and each one's signature detail. */
const functionTables = new WeakMap<Registry, { list: NameList; detail: Map<string, string> }>();

export function functionTable(registry: Registry): { list: NameList; detail: Map<string, string> } {
  let t = functionTables.get(registry);
  if (!t) {
    const list = functionNames(registry);
    t = { list, detail: new Map(list.names.map((n) => [n, pythonSignature(registry.functions.get(n) as RunSpecFunction).slice(n.length)])) };
    functionTables.set(registry, t);
  }
  return t;
}

/** The parameters a run entry must give (a run expander's name can never be given: left out). */
export function requiredParameters(fn: RunSpecFunction, registry: Registry): string[] {
  return fn.parameters
    .filter((p) => p.required && (p.kind === 'positional' || p.kind === 'keyword-only') && !registry.expanders.has(p.name))
    .map((p) => p.name);
}

/**
 * What accepting `fn` inserts where the description has no `:` yet: `name:` and each required
 * argument with a tab stop for its value (`mmlu:subject=${1}`); the editor then opens the value list
 * at the first stop, or the argument list after a bare `name:`.
 */
function functionInsertion(c: DescriptionCursor, fn: RunSpecFunction, registry: Registry): string {
  const quoted = (s: string): string => snippetLiteral(quoteFor(c.string, s));
  const required = requiredParameters(fn, registry);
  return `${quoted(fn.name)}:${required.map((p, i) => `${quoted(p)}=\${${i + 1}}`).join(',')}`;
}

export function functionItems(c: DescriptionCursor, offset: number, conf: ConfFile, registry: Registry, options: CompletionOptions): CompletionResultShape {
  const span = c.at.text.span;
  const typed = conf.text.slice(span.start, offset).toLowerCase();
  const { list, detail } = functionTable(registry);
  const { names, lower } = list;
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
    // Typos only when nothing else matches: an editor scores a typo's filterText (the typed word itself)
    // above every real match, so `mml` would offer `mme` first.
    if (ranked.length === 0) for (const n of didYouMean(typed, list, 5)) take(n, 3);
  }
  // Only a name typed before any `:` gets its `:` and arguments; renaming the function of a written
  // description keeps what follows it.
  const withArguments = !c.parsed.colon && options.snippets !== false;
  const items = ranked.map(({ name, rank }, i) => {
    const fn = registry.functions.get(name) as RunSpecFunction;
    const item: HelmCompletionItem = {
      label: name,
      kind: 'function',
      detail: detail.get(name),
      edit: { span, newText: withArguments ? functionInsertion(c, fn, registry) : quoteFor(c.string, name) },
      sortText: sortKey(rank, i),
    };
    if (withArguments) {
      item.snippet = true;
      item.retrigger = true;
    }
    if (!options.lazyDocumentation) item.documentation = functionMarkdown(fn, registry);
    // A typo the editor's own matching would drop: match it against what was typed.
    if (rank === 3) item.filterText = conf.text.slice(span.start, offset);
    return item;
  });
  // Picked by what is typed: a shorter or longer word has other matches (and other typos).
  return { items, isIncomplete: typed !== '' };
}
