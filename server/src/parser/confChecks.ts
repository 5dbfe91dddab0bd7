// Checks on fields and includes: fields that pyhocon swallows into the previous value, `+=` that pyhocon cannot resolve, and `include` directives (reported, not followed).
import type { HelmDiagnostic } from '../common/diagnostic';
import type { BuildContext } from './buildContext';
import { decodeSpan } from './confStrings';
import type { HoconField, HoconInclude, HoconObject, HoconValue } from './types';

/** `key:` (or `"key":`) at the start of an unquoted part: the start of a field that pyhocon swallowed. */
const FIELD_START = /^[A-Za-z_][A-Za-z0-9_.-]*:/;

function looksLikeField(parts: HoconValue[], i: number, text: string): boolean {
  const p = parts[i];
  if (p.kind === 'string' && p.quoting === 'unquoted') return FIELD_START.test(p.value);
  if (p.kind === 'string' && p.quoting === 'double' && i + 1 < parts.length) {
    const n = parts[i + 1];
    return n.kind === 'string' && n.quoting === 'unquoted' && n.span.start === p.span.end && text[n.span.start] === ':';
  }
  return false;
}

function fieldName(p: HoconValue, text: string): string {
  const s = text.slice(p.span.start, p.span.end);
  return p.kind === 'string' && p.quoting === 'double' ? s : s.replace(/:.*$/, '');
}

function hasNewline(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

export function checkRunTogether(field: HoconField, value: HoconValue, ctx: BuildContext): void {
  const text = ctx.text;
  const sep = field.separator;
  // Only a concatenation, or a value on a later line than its separator, can hide a field.
  if (value.kind !== 'concatenation' && !(sep && hasNewline(text, sep.span.end, value.span.start))) return;
  const parts = value.kind === 'concatenation' ? value.parts : [value];
  const asRead = value.kind === 'concatenation' ? value.value : value.kind === 'string' ? value.value : undefined;
  const shown = asRead !== undefined ? ` = ${JSON.stringify(asRead)}` : '';
  // `description:` with the value on a later line: pyhocon takes that line, even when it is the next field.
  if (sep && hasNewline(text, sep.span.end, parts[0].span.start) && looksLikeField(parts, 0, text)) {
    ctx.problems.push({
      code: 'fields-run-together',
      severity: 'error',
      message: `Missing value after \`${field.key.raw}${sep.kind}\`: pyhocon takes the next line as its value, so ${field.key.raw}${shown} and \`${fieldName(parts[0], text)}\` is not set.`,
      span: { start: sep.span.end, end: value.span.end },
    });
    return;
  }
  for (let i = 1; i < parts.length; i++) {
    if (!looksLikeField(parts, i, text)) continue;
    const prevEnd = parts[i - 1].span.end;
    const name = fieldName(parts[i], text);
    ctx.problems.push({
      code: 'fields-run-together',
      severity: 'error',
      message: `Missing comma before \`${name}\`: pyhocon reads \`${text.slice(parts[i].span.start, value.span.end)}\` as part of \`${field.key.raw}\`${shown ? `, so ${field.key.raw}${shown}` : ''}, and \`${name}\` is not set.`,
      span: { start: prevEnd, end: value.span.end },
      fixes: [{ title: `Add a comma before \`${name}\``, edits: [{ span: { start: prevEnd, end: prevEnd }, newText: ',' }], isPreferred: true }],
    });
    return;
  }
}

// ---------------------------------------------------------------- includes

export function buildInclude(start: number, end: number, ctx: BuildContext): HoconInclude {
  const span = { start, end };
  const image = ctx.text.slice(start, end);
  const words = image.slice('include'.length).match(/[A-Za-z]+(?=[ \t]*\()/g) ?? [];
  const q = /"((?:[^"\\\n]|\\[^\n])*)"/.exec(image);
  const target = q ? decodeSpan(ctx.text, span.start + q.index + 1, span.start + q.index + 1 + q[1].length, true).value : '';
  const opens = (image.match(/\(/g) ?? []).length;
  const closes = (image.match(/\)/g) ?? []).length;
  let form: HoconInclude['form'] = 'plain';
  if (words[0]?.toLowerCase() === 'required') form = 'required';
  else if (words[0]) form = words[0].toLowerCase() === 'url' ? 'url' : words[0].toLowerCase() === 'classpath' ? 'classpath' : 'file';
  const bad = opens !== closes || words.some((w) => w.toLowerCase() === 'classpath') || words.length > 2;
  if (bad) {
    ctx.problems.push({
      code: 'syntax-error',
      severity: 'error',
      message: 'pyhocon cannot read this `include`: it takes `include "file"`, `include file("…")`, `url("…")`, `package("…")` or `required(…)` around one of them, and refuses the whole file otherwise.',
      span,
    });
  } else {
    const missing = form === 'required' ? 'fails when the file is missing' : 'silently ignores a missing file';
    ctx.problems.push({
      code: 'include-not-followed',
      severity: 'info',
      message: `\`include\` is not followed by this tool: pyhocon reads \`${target}\` relative to helm-run's working folder (not this file's folder) and ${missing}.`,
      span,
    });
  }
  return { kind: 'include', form, target, span };
}

/**
 * pyhocon reads `key += value` at the top level as `key = ${?key} value`. A second `+=` with no plain
 * `key:` (or `key =`) before it makes that substitution refer to itself, and pyhocon refuses the whole
 * file. Only the top level: inside an object pyhocon looks the key up from the top, which is another
 * key (and no cycle).
 */
export function checkAppends(root: HoconObject, text: string, problems: HelmDiagnostic[]): void {
  if (!root.fields.some((f) => f.separator?.kind === '+=')) return;
  // Each key's first field: a plain one, or a `+=` no plain one came before.
  const first = new Map<string, HoconField>();
  for (const f of root.fields) {
    if (f.key.path.length !== 1) continue;
    const key = f.key.path[0];
    const before = first.get(key);
    const appends = f.separator?.kind === '+=';
    const appendedBefore = before?.separator?.kind === '+=' ? before.separator : undefined;
    if (!before || (!appends && appendedBefore)) first.set(key, f);
    else if (appends && appendedBefore) {
      problems.push({
        code: 'syntax-error',
        severity: 'error',
        message:
          `A second \`${f.key.raw} +=\` with no \`${f.key.raw}:\` before it: pyhocon reads \`+=\` as \`${key} = \${?${key}} …\`, which refers to itself here, and refuses the whole file ` +
          `(\`ConfigSubstitutionException: Property ${key} cannot be substituted. Check for cycles.\`), so helm-run fails. Write the first one as \`${f.key.raw}:\`.`,
        span: { start: f.key.span.start, end: f.key.span.end },
        fixes: [{ title: `Write the first \`${before.key.raw} +=\` as \`${before.key.raw}:\``, edits: [{ span: colonSpan(before.key.span.end, appendedBefore.span, text), newText: ':' }], isPreferred: true }],
      });
    }
  }
}

/** What `:` replaces for a separator: the separator, with the blanks between it and its key (nothing else: a comment stays). */
function colonSpan(keyEnd: number, separator: { start: number; end: number }, text: string): { start: number; end: number } {
  return /^[ \t]*$/.test(text.slice(keyEnd, separator.start)) ? { start: keyEnd, end: separator.end } : { start: separator.start, end: separator.end };
}
