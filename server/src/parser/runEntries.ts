// The typed model: the `entries` list of the root object as HELM (pyhocon + dacite) reads it into RunEntry objects, and what dacite refuses or drops.
import type { HelmDiagnostic } from '../common/diagnostic';
import { didYouMean } from '../common/didYouMean';
import { missingValueMessage } from './confValues';
import { parseDescription } from './description';
import { NO_ITEMS } from './nodes';
import type {
  HoconField,
  HoconObject,
  HoconValue,
  RunEntry,
  RunEntryDescription,
  RunEntryGroups,
  RunEntryPriority,
} from './types';

const ENTRY_KEYS = ['description', 'priority', 'groups'];

/** What HELM does with the empty string pyhocon reads for a run entry field left without a value. */
const MISSING_VALUE_FAILS = {
  description: ': HELM stops with `ValueError: Unknown run spec name: `',
  priority: ', not an int: dacite fails',
  groups: ', not a list of strings: dacite fails',
};

function describe(v: HoconValue): string {
  switch (v.kind) {
    case 'string':
      return v.quoting === 'unquoted' ? `the unquoted string \`${v.value}\`` : `the string ${JSON.stringify(v.value)}`;
    case 'number':
      return v.isInteger ? `the int \`${v.raw}\`` : `the float \`${v.raw}\``;
    case 'boolean':
      return `\`${v.value}\``;
    case 'null':
      return '`null`';
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'substitution':
      return 'a substitution';
    case 'concatenation':
      return v.value !== undefined ? `the string ${JSON.stringify(v.value)}` : 'a concatenation';
  }
}

/** The string pyhocon gives for a value, when it is one. */
function stringOf(v: HoconValue): string | undefined {
  if (v.kind === 'string') return v.value;
  if (v.kind === 'concatenation' && v.parts.every((p) => p.kind !== 'object' && p.kind !== 'array')) return v.value;
  return undefined;
}

export interface EntriesResult {
  entriesField?: HoconField;
  entries: RunEntry[];
}

/**
 * The root's `entries`: the last `entries:` wins, `entries +=` appends (pyhocon). `rootIsList`:
 * the file is a list, which dacite cannot read as RunEntries.
 */
export function readRunEntries(root: HoconObject, rootIsList: boolean, text: string, problems: HelmDiagnostic[]): EntriesResult {
  let entriesField: HoconField | undefined;
  let items: HoconValue[] | undefined;
  // `items` is a copy of our own once something was appended to it (pushed to, not copied at every `+=`).
  let copied = false;
  for (const f of root.fields) {
    if (f.key.path.length !== 1 || f.key.path[0] !== 'entries') continue;
    entriesField = f;
    const lists = listsOf(f.value);
    if (lists === undefined || !(f.separator?.kind === '+=' && items)) {
      items = lists;
      copied = false;
      continue;
    }
    if (!copied) items = items.slice();
    copied = true;
    for (const item of lists) items.push(item);
  }
  const unresolvable = root.includes.length > 0 || (entriesField?.value && hasSubstitution(entriesField.value));
  if (rootIsList) {
    problems.push({
      code: 'no-entries',
      severity: 'error',
      message: 'The file is a list: HELM expects an object with `entries: [ … ]`, and dacite fails.',
      span: root.span,
    });
  } else if (!entriesField) {
    if (!unresolvable) {
      problems.push({
        code: 'no-entries',
        severity: 'error',
        message: 'No `entries` list: HELM reads run entries from `entries: [ … ]` at the top level, and dacite fails without it.',
        span: { start: 0, end: Math.min(text.length, firstLineEnd(text)) },
      });
    }
  } else if (items === undefined && entriesField.value && !hasSubstitution(entriesField.value)) {
    problems.push({
      code: 'entries-not-list',
      severity: 'error',
      message: `\`entries\` is ${describe(entriesField.value)}, not a list: dacite fails.`,
      span: entriesField.value.span,
    });
  }
  const missing = new MissingValues(problems);
  if (items === undefined && entriesField && !entriesField.value) missing.fail(entriesField, ', not a list: dacite fails');
  const entries: RunEntry[] = [];
  for (const item of items ?? []) entries.push(readEntry(item, entries.length, text, problems, missing));
  return { entriesField, entries };
}

/**
 * The parser's `missing-value` problems (a field with a separator and no value, `priority:`), found by
 * their separator. pyhocon reads an empty string there; where HELM then fails, the problem becomes an
 * error that says how. Looked up only for such a field, and indexed at the first.
 */
class MissingValues {
  private bySeparator: Map<number, HelmDiagnostic> | undefined;

  constructor(private readonly problems: HelmDiagnostic[]) {}

  /** `field` has no value, and HELM fails on the empty string: `consequence` says how. */
  fail(field: HoconField, consequence: string): void {
    if (!field.separator) return;
    if (!this.bySeparator) {
      this.bySeparator = new Map();
      for (const p of this.problems) if (p.code === 'missing-value') this.bySeparator.set(p.span.start, p);
    }
    const problem = this.bySeparator.get(field.separator.span.start);
    if (!problem) return;
    problem.severity = 'error';
    problem.message = missingValueMessage(field, consequence);
  }
}

function firstLineEnd(text: string): number {
  const m = /[\r\n]/.exec(text);
  return m ? m.index : text.length;
}

function hasSubstitution(v: HoconValue): boolean {
  return v.kind === 'substitution' || (v.kind === 'concatenation' && v.parts.some((p) => p.kind === 'substitution'));
}

/** The items of a list value (`[…] […]` on one line is one list for pyhocon). */
function listsOf(v: HoconValue | undefined): HoconValue[] | undefined {
  if (!v) return undefined;
  if (v.kind === 'array') return v.items;
  if (v.kind === 'concatenation' && v.parts.every((p) => p.kind === 'array')) return v.parts.flatMap((p) => (p.kind === 'array' ? p.items : []));
  return undefined;
}

function readEntry(node: HoconValue, index: number, text: string, problems: HelmDiagnostic[], missing: MissingValues): RunEntry {
  // Every property from the start: one shape for all entries, none added later.
  const entry: RunEntry = { index, node, object: undefined, description: undefined, priority: undefined, groups: undefined, otherFields: NO_ITEMS, describedOtherwise: undefined };
  // The objects pyhocon merges into this entry: nearly always one.
  let objects: HoconObject[] | undefined;
  let object: HoconObject;
  if (node.kind === 'object') object = node;
  else if (node.kind === 'concatenation' && node.parts.every((p) => p.kind === 'object')) {
    objects = node.parts.filter((p): p is HoconObject => p.kind === 'object');
    reportMerged(objects, text, problems);
    object = objects[objects.length - 1];
  } else {
    // A clash such as `{…} "x"` is already a syntax error.
    const clash = node.kind === 'concatenation' && node.parts.some((p) => p.kind === 'object');
    if (node.kind !== 'substitution' && !clash) {
      problems.push({
        code: 'entry-not-object',
        severity: 'error',
        message: `This entry is ${describe(node)}, not an object \`{description: "…"}\`: dacite fails.`,
        span: node.span,
      });
    }
    return entry;
  }
  entry.object = object;
  // pyhocon merges the objects of one line: a later field replaces an earlier one of the same name.
  // A `description` that is not read into entry.description but is there for HELM (each said where it
  // is found) is entry.describedOtherwise.
  const fields = mergedFields(object, objects);
  const dotted = objects === undefined ? lastDottedFields(object.fields, undefined) : objects.reduce<Map<string, HoconField> | undefined>((m, o) => lastDottedFields(o.fields, m), undefined);
  for (const f of fields) {
    const last = dotted?.get(f.key.path[0]);
    if (last !== undefined) {
      // The field is an object (a dotted key under it came last): only that key is reported.
      if (f === last) {
        const what = f.key.path[0] as keyof typeof DOTTED_FAILS;
        if (what === 'description') entry.describedOtherwise = 'object';
        problems.push({ code: DOTTED_FAILS[what][0], severity: 'error', message: `\`${f.key.raw}\` makes \`${what}\` an object, ${DOTTED_FAILS[what][1]}: dacite fails.`, span: { start: f.key.span.start, end: f.key.span.end } });
      }
      continue;
    }
    const name = f.key.path.length === 1 ? f.key.path[0] : undefined;
    if (!f.value && f.separator && (name === 'description' || name === 'priority' || name === 'groups')) {
      if (name === 'description') entry.describedOtherwise = 'empty';
      missing.fail(f, MISSING_VALUE_FAILS[name]);
    } else if (name === 'description') entry.description = readDescription(f, problems);
    else if (name === 'priority') entry.priority = readPriority(f, problems);
    else if (name === 'groups') entry.groups = readGroups(f, problems);
    else {
      if (entry.otherFields === NO_ITEMS) entry.otherFields = [];
      entry.otherFields.push(f);
      reportUnknownKey(f, problems);
    }
  }
  if (!entry.description && !entry.describedOtherwise && !(objects ?? [object]).some((o) => o.includes.length > 0)) {
    problems.push({
      code: 'missing-description',
      severity: 'error',
      message: 'This entry has no `description`: dacite fails (`description` is required).',
      span: entry.object.span,
    });
  }
  return entry;
}

/** What a dotted key under a run entry field (`description.x: 1`) makes of it: the code and what dacite wanted. */
const DOTTED_FAILS = {
  description: ['description-not-string', 'not a string'],
  priority: ['priority-not-int', 'not an int'],
  groups: ['groups-not-string-list', 'not a list of strings'],
} as const;

/**
 * The run entry fields (`description`, `priority`, `groups`) whose last field is a dotted key under
 * them, in the order written (`before`: what the objects merged before gave). pyhocon makes them
 * objects: a list under the key replaces what was there, anything else is merged (or refused over a
 * value: confValues.ts). Undefined when there is none, as nearly always.
 */
function lastDottedFields(fields: readonly HoconField[], before: Map<string, HoconField> | undefined): Map<string, HoconField> | undefined {
  let last = before;
  for (const f of fields) {
    const path = f.key.path;
    if (path.length > 1 && (path[0] === 'description' || path[0] === 'priority' || path[0] === 'groups')) (last ??= new Map()).set(path[0], f);
    else if (last !== undefined && path.length === 1) last.delete(path[0]);
  }
  return last !== undefined && last.size > 0 ? last : undefined;
}

/**
 * The fields of the merged objects (`objects`, or `object` alone when undefined), each name once (its
 * last field, at its first place). Nearly every entry is one object of a few plain keys, each once: its
 * fields as they are, no map or joined name made.
 */
function mergedFields(object: HoconObject, objects: HoconObject[] | undefined): readonly HoconField[] {
  const fields = object.fields;
  if (objects === undefined && fields.length <= 8) {
    let plain = true;
    for (let i = 0; i < fields.length && plain; i++) {
      const path = fields[i].key.path;
      if (path.length !== 1) plain = false;
      for (let j = 0; j < i && plain; j++) if (fields[j].key.path[0] === path[0]) plain = false;
    }
    if (plain) return fields;
  }
  const byName = new Map<string, HoconField>();
  for (const o of objects ?? [object]) for (const f of o.fields) byName.set(f.key.path.join('.'), f);
  return [...byName.values()];
}

function reportMerged(objects: HoconObject[], text: string, problems: HelmDiagnostic[]): void {
  // Objects on different lines here come from an unclosed `{` (already a syntax error), not from pyhocon merging.
  for (let i = 1; i < objects.length; i++) if (/[\r\n]/.test(text.slice(objects[i - 1].span.end, objects[i].span.start))) return;
  const keyOf = (f: HoconField): string => f.key.path.join('.');
  const described = objects.filter((o) => o.fields.some((f) => keyOf(f) === 'description'));
  // pyhocon merges the objects: a later field replaces an earlier one of the same name. Found walking
  // back once (not each field against every later object: a line of thousands of objects stays linear).
  const later = new Set<string>();
  const replacedFields = new Set<HoconField>();
  for (let i = objects.length - 1; i >= 0; i--) {
    for (const f of objects[i].fields) if (later.has(keyOf(f))) replacedFields.add(f);
    for (const f of objects[i].fields) later.add(keyOf(f));
  }
  const replaced = new Set<string>();
  for (const o of objects) for (const f of o.fields) if (replacedFields.has(f)) replaced.add(f.key.raw);
  const keys = [...replaced].map((k) => `\`${k}\``).join(', ');
  if (described.length >= 2) {
    const lost = objects.slice(0, -1);
    const kept = [...new Set(lost.flatMap((o) => o.fields.map((f) => f.key.raw)))].filter((k) => !replaced.has(k)).map((k) => `\`${k}\``);
    const stays = kept.length ? `; its ${kept.join(', ')} ${kept.length > 1 ? 'stay' : 'stays'}, on the later entry` : '';
    problems.push({
      code: 'entries-merged',
      severity: 'error',
      message: `${objects.length} objects on one line: pyhocon merges them into one run entry, so this entry is lost${keys || stays ? ` (its ${keys} replaced by the later one's${stays})` : ''}. Put a comma or a newline between them.`,
      span: { start: lost[0].span.start, end: lost[lost.length - 1].span.end },
      fixes: [
        {
          title: 'Add a comma between the entries',
          edits: lost.map((o) => ({ span: { start: o.span.end, end: o.span.end }, newText: ',' })),
          isPreferred: true,
        },
      ],
    });
    return;
  }
  // One description (or none) among them: pyhocon makes one valid entry of their fields, as if written in one object.
  const parts = objects.filter((o) => !described.includes(o));
  const merge = objects.every((o) => o.braces && o.fields.length > 0 && /^\s*\}$/.test(text.slice(o.fields[o.fields.length - 1].span.end, o.span.end)));
  problems.push({
    code: 'entries-merged',
    severity: 'warning',
    message: `${objects.length} objects on one line: pyhocon merges them into one run entry with the fields of both${keys ? ` (the later ${keys} replacing the earlier)` : ''}, so this is not a second entry. Write the fields in one object.`,
    span: { start: parts[0].span.start, end: parts[parts.length - 1].span.end },
    fixes: merge
      ? [
          {
            title: 'Write the fields in one object',
            edits: objects.slice(1).map((o, i) => ({ span: { start: objects[i].span.end - 1, end: o.span.start + 1 }, newText: ', ' })),
            isPreferred: true,
          },
        ]
      : [],
  });
}

function readDescription(field: HoconField, problems: HelmDiagnostic[]): RunEntryDescription | undefined {
  const node = field.value;
  if (!node) return undefined;
  const d: RunEntryDescription = { field, node, parsed: undefined };
  const s = stringOf(node);
  if (s !== undefined) {
    if (node.kind === 'string') {
      const written = node.writtenAt();
      d.parsed = parseDescription(s, written >= 0 ? written : (i) => node.offsetOf(i));
    } else if (node.kind === 'concatenation' && node.offsetOf) d.parsed = parseDescription(s, node.offsetOf);
    else d.parsed = parseDescription(s, node.span.start);
    // One by one: a spread of a description's hundred thousand problems would overflow the stack.
    for (const p of d.parsed.problems) problems.push(p);
  } else if (!hasSubstitution(node)) {
    problems.push({ code: 'description-not-string', severity: 'error', message: `\`description\` is ${describe(node)}, not a string: dacite fails.`, span: node.span });
  }
  return d;
}

function readPriority(field: HoconField, problems: HelmDiagnostic[]): RunEntryPriority | undefined {
  const node = field.value;
  if (!node) return undefined;
  const p: RunEntryPriority = { field, node, value: undefined };
  if (node.kind === 'number' && node.isInteger) {
    p.value = node.value;
    if (node.value <= 0) {
      problems.push({
        code: 'priority-suspicious',
        severity: 'warning',
        message: `Priority \`${node.raw}\`: dacite accepts it, but priorities run from 1 (highest) to 5; ${node.value === 0 ? '0' : 'a negative priority'} passes every \`--priority\` filter.`,
        span: node.span,
      });
    } else if (node.value > 5) {
      problems.push({ code: 'priority-out-of-range', severity: 'info', message: `Priority \`${node.raw}\` is outside 1 (highest) to 5 (lowest).`, span: node.span });
    }
  } else if (node.kind === 'boolean') {
    p.value = node.value;
    problems.push({
      code: 'priority-suspicious',
      severity: 'warning',
      message: `Priority \`${node.value}\`: dacite accepts it (a bool is an int in Python), so HELM reads priority ${node.value ? 1 : 0}. Write an int from 1 to 5.`,
      span: node.span,
    });
  } else if (node.kind === 'null') {
    p.value = null;
    problems.push({
      code: 'priority-suspicious',
      severity: 'warning',
      message: 'Priority `null`: dacite accepts it and the entry has no priority, so every `--priority` filter keeps it.',
      span: node.span,
    });
  } else if (!hasSubstitution(node)) {
    problems.push({
      code: 'priority-not-int',
      severity: 'error',
      message: `\`priority\` is ${describe(node)}, not an int: dacite fails. Write an int from 1 to 5${node.kind === 'string' && /^\s*\d+\s*$/.test(node.value) ? ' without quotes' : ''}.`,
      span: node.span,
    });
  }
  return p;
}

function readGroups(field: HoconField, problems: HelmDiagnostic[]): RunEntryGroups | undefined {
  const node = field.value;
  if (!node) return undefined;
  const g: RunEntryGroups = { field, node, value: undefined };
  if (node.kind === 'null') return g;
  const items = listsOf(node);
  if (items === undefined) {
    if (!hasSubstitution(node)) {
      problems.push({ code: 'groups-not-string-list', severity: 'error', message: `\`groups\` is ${describe(node)}, not a list of strings: dacite fails.`, span: node.span });
    }
    return g;
  }
  const values: string[] = [];
  for (const item of items) {
    const s = stringOf(item);
    if (s === undefined) {
      problems.push({ code: 'groups-not-string-list', severity: 'error', message: `A group must be a string; this is ${describe(item)}: dacite fails.`, span: item.span });
      return g;
    }
    values.push(s);
  }
  g.value = values;
  return g;
}

function reportUnknownKey(f: HoconField, problems: HelmDiagnostic[]): void {
  const name = f.key.path.join('.');
  const suggestions = didYouMean(name, ENTRY_KEYS);
  const hint = suggestions.length ? ` Did you mean \`${suggestions[0]}\`?` : '';
  problems.push({
    code: 'unknown-entry-key',
    severity: 'warning',
    message: `\`${name}\` is not a run entry field: HELM ignores it silently.${hint}`,
    span: f.key.span,
    fixes: suggestions.map((s, i) => ({ title: `Change to \`${s}\``, edits: [{ span: f.key.span, newText: s }], isPreferred: i === 0 })),
  });
}
