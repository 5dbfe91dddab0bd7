// Completion outside the description: entry keys (description, priority, groups), a new entry, the `entries` list of an empty file.
import type { Span } from '../../common/span';
import type { ConfFile } from '../../parser/types';
import { keyWordAt, type EntriesCursor, type EntryKeyCursor } from '../cursor';
import { ENTRY_KEY_DOCS } from '../hover';
import { sortKey, type CompletionOptions, type HelmCompletionItem } from './items';

const ENTRY_KEY_SNIPPETS: ReadonlyArray<{ key: string; snippet: string; plain: string }> = [
  { key: 'description', snippet: 'description: "${1}"', plain: 'description: ""' },
  { key: 'priority', snippet: 'priority: ${1:1}', plain: 'priority: 1' },
  { key: 'groups', snippet: 'groups: [${1}]', plain: 'groups: []' },
];

export function entryKeyItems(c: EntryKeyCursor, options: CompletionOptions): HelmCompletionItem[] {
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

export function entriesItems(c: EntriesCursor, options: CompletionOptions): HelmCompletionItem[] {
  return [newEntryItem(c.word.span, c.needsComma ? ', ' : '', options, false)];
}

/** At the top level of a file that has no `entries` yet. */
export function rootItems(conf: ConfFile, offset: number, options: CompletionOptions): HelmCompletionItem[] {
  if (conf.entriesField) return [];
  for (const f of conf.root.fields) if (f.span.start < offset && offset < f.span.end) return [];
  for (const c of conf.comments) if (c.span.start < offset && offset <= c.span.end) return [];
  const word = keyWordAt(conf.text, offset);
  return [newEntryItem(word.span, '', options, true)];
}
