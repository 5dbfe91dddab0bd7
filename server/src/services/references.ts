// References to a run spec function or a model across conf files, and renaming them (exact spans only).
import type { Span } from '../common/span';
import type { ConfFile } from '../parser/types';
import { nameAt, type NameAtCursor } from './definition';

export interface NameReference {
  uri: string;
  span: Span;
}

/** Where the description of each entry names `target` (the function name, or a `model=` value). */
export function referencesInConf(conf: ConfFile, target: Pick<NameAtCursor, 'kind' | 'name'>): Span[] {
  const out: Span[] = [];
  for (const entry of conf.entries) {
    const parsed = entry.description?.parsed;
    if (!parsed) continue;
    if (target.kind === 'function') {
      const t = parsed.name;
      if (t.text.trim() === target.name) out.push(exactSpan(t.text, t.span, target.name));
    } else {
      for (const arg of parsed.args) {
        if (arg.key.text.trim() !== 'model' || !arg.value) continue;
        if (arg.value.text.trim() === target.name) out.push(exactSpan(arg.value.text, arg.value.span, target.name));
      }
    }
  }
  return out;
}

/** The span of `name` inside `text` written at `span` (blanks around it left out). */
function exactSpan(text: string, span: Span, name: string): Span {
  if (span.end - span.start !== text.length) return span; // escapes inside: keep the whole piece
  const at = text.indexOf(name);
  return at < 0 ? span : { start: span.start + at, end: span.start + at + name.length };
}

/** Every reference, in the given files (the current document first when it is among them). */
export function findReferences(files: ReadonlyArray<{ uri: string; conf: ConfFile }>, target: Pick<NameAtCursor, 'kind' | 'name'>): NameReference[] {
  const out: NameReference[] = [];
  for (const f of files) for (const span of referencesInConf(f.conf, target)) out.push({ uri: f.uri, span });
  return out;
}

export function referencesAt(conf: ConfFile, offset: number, files: ReadonlyArray<{ uri: string; conf: ConfFile }>): NameReference[] {
  const target = nameAt(conf, offset);
  return target ? findReferences(files, target) : [];
}

/** What can be renamed at the cursor: its span and current text, or undefined. */
export function prepareRename(conf: ConfFile, offset: number): { span: Span; placeholder: string } | undefined {
  const target = nameAt(conf, offset);
  return target ? { span: target.span, placeholder: target.name } : undefined;
}

/** Characters a new name may not hold: they would change how HELM splits the description. */
const INVALID_NAME = /[,:=\s"\\]/;

export type RenameResult = { ok: true; edits: Map<string, Array<{ span: Span; newText: string }>> } | { ok: false; error: string };

export function rename(conf: ConfFile, offset: number, newName: string, files: ReadonlyArray<{ uri: string; conf: ConfFile }>): RenameResult {
  const target = nameAt(conf, offset);
  if (!target) return { ok: false, error: 'Only a run spec function name or a model name can be renamed.' };
  if (!newName || INVALID_NAME.test(newName) || (target.kind === 'function' && newName.includes('/'))) {
    return { ok: false, error: `${JSON.stringify(newName)} is not a valid ${target.kind === 'function' ? 'run spec function' : 'model'} name.` };
  }
  const edits = new Map<string, Array<{ span: Span; newText: string }>>();
  for (const r of findReferences(files, target)) {
    const list = edits.get(r.uri) ?? [];
    list.push({ span: r.span, newText: newName });
    edits.set(r.uri, list);
  }
  return { ok: true, edits };
}
