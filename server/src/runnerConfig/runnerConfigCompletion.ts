// Completion in runner_config.yaml: RunnerConfigSpec's fields at the top, sbatch options under slurm_args, and their known values.
import type { CompletionResultShape, HelmCompletionItem } from '../services/completion';
import type { RunnerConfigDocument } from './runnerConfigDocument';
import { HELM_SET_SLURM_ARGS, RUNNER_CONFIG_FIELDS, sbatchFlag, sbatchOptionOf, SBATCH_OPTIONS } from './runnerConfigFields';
import { fieldMarkdown, sbatchOptionMarkdown } from './runnerConfigHover';

interface LineContext {
  /** Offset where the cursor's line starts. */
  lineStart: number;
  indent: number;
  /** The key of the block the line is in (undefined at the top). */
  parent?: string;
}

const KEY_AT_CURSOR = /^([ ]*)([A-Za-z_][\w-]*)?$/;
const VALUE_AT_CURSOR = /^([ ]*)([A-Za-z_][\w-]*)[ \t]*:[ \t]*("?)([\w.:-]*)$/;

/** Completion items at `offset` (block style; flow mappings get none). */
export function completeRunnerConfig(doc: RunnerConfigDocument, offset: number, options: { snippets?: boolean } = {}): CompletionResultShape {
  const text = doc.text;
  const context = lineContext(text, offset);
  const before = text.slice(context.lineStart, offset);
  const wordEnd = offset + (/^[\w-]*/.exec(text.slice(offset))?.[0].length ?? 0);
  const keyMatch = KEY_AT_CURSOR.exec(before);
  if (keyMatch) {
    const span = { start: context.lineStart + keyMatch[1].length, end: wordEnd };
    const present = keysOfBlock(text, context);
    if (context.indent === 0) return { items: fieldItems(span, present, options.snippets !== false), isIncomplete: false };
    if (context.parent === 'slurm_args') return { items: sbatchItems(span, present), isIncomplete: false };
    return { items: [], isIncomplete: false };
  }
  const valueMatch = VALUE_AT_CURSOR.exec(before);
  if (valueMatch && context.parent === 'slurm_args') {
    const option = sbatchOptionOf(valueMatch[2]).option;
    if (!option?.values) return { items: [], isIncomplete: false };
    const quote = valueMatch[3];
    const start = offset - valueMatch[4].length - quote.length;
    const closing = text[wordEnd] === '"' ? 1 : 0;
    const span = { start, end: wordEnd + closing };
    const items = option.values.map((value, i): HelmCompletionItem => ({ label: value, kind: 'value', detail: sbatchFlag(option), edit: { span, newText: value }, sortText: String(i).padStart(3, '0') }));
    return { items, isIncomplete: false };
  }
  return { items: [], isIncomplete: false };
}

function fieldItems(span: { start: number; end: number }, present: ReadonlySet<string>, snippets: boolean): HelmCompletionItem[] {
  return RUNNER_CONFIG_FIELDS.filter((f) => !present.has(f.name)).map((field, i): HelmCompletionItem => {
    const block = field.name === 'slurm_args';
    const newText = block ? (snippets ? `${field.name}:\n  $0` : `${field.name}:\n  `) : `${field.name}: `;
    return {
      label: field.name,
      kind: 'key',
      detail: `${field.type} = ${field.default}`,
      documentation: fieldMarkdown(field),
      edit: { span, newText },
      ...(block && snippets ? { snippet: true } : {}),
      sortText: String(i).padStart(3, '0'),
      retrigger: block,
    };
  });
}

function sbatchItems(span: { start: number; end: number }, present: ReadonlySet<string>): HelmCompletionItem[] {
  const presentOptions = new Set([...present].map((k) => sbatchOptionOf(k).option?.name).filter((n): n is string => !!n));
  return SBATCH_OPTIONS.filter((o) => !presentOptions.has(o.name) && !(o.name in HELM_SET_SLURM_ARGS)).map((option): HelmCompletionItem => ({
    label: option.name,
    kind: 'argument',
    detail: sbatchFlag(option),
    documentation: sbatchOptionMarkdown(option),
    edit: { span, newText: `${option.name}: ` },
    // Described options (the common ones) first.
    sortText: `${option.description ? 0 : 1}${option.name}`,
    retrigger: !!option.values,
  }));
}

/** The cursor line's start and indentation, and the key of the block above it. */
function lineContext(text: string, offset: number): LineContext {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const indent = /^[ ]*/.exec(text.slice(lineStart, offset))?.[0].length ?? 0;
  if (indent === 0) return { lineStart, indent };
  let end = lineStart - 1;
  while (end > 0) {
    const start = Math.max(text.lastIndexOf('\n', end - 1), text.lastIndexOf('\r', end - 1)) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    if (/^\s*(#.*)?$/.test(line)) continue;
    const lineIndent = /^[ ]*/.exec(line)?.[0].length ?? 0;
    if (lineIndent >= indent) continue;
    const key = /^[ ]*([A-Za-z_][\w-]*)[ \t]*:[ \t]*(#.*)?$/.exec(line);
    return { lineStart, indent, parent: key && lineIndent === 0 ? key[1] : undefined };
  }
  return { lineStart, indent };
}

/** The keys already written in the cursor's block (same indentation, same parent). */
function keysOfBlock(text: string, context: LineContext): Set<string> {
  const keys = new Set<string>();
  let parent: string | undefined;
  const pattern = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  for (let match = pattern.exec(text); match && match[0].length > 0; match = pattern.exec(text)) {
    const line = match[0];
    const m = /^([ ]*)([A-Za-z_][\w-]*)[ \t]*:/.exec(line);
    // The key being typed on the cursor's own line stays offered.
    if (!m || match.index === context.lineStart) {
      if (m && m[1].length === 0) parent = m[2];
      continue;
    }
    if (!m) continue;
    if (m[1].length === 0) parent = m[2];
    const inBlock = context.indent === 0 ? m[1].length === 0 : m[1].length > 0 && parent === context.parent;
    if (inBlock) keys.add(m[2]);
  }
  return keys;
}
