// HELM's own verdict as diagnostics: the exception it raised building an entry's RunSpecs (helm-error), or the side effect building them would have had (helm-needs-download, helm-side-effect); merged with the static diagnostics.
import type { HelmDiagnostic } from '../common/diagnostic';
import type { ExpandedEntry } from '../common/protocol';
import type { Span } from '../common/span';
import type { BridgeResult, HelmException, RunEntryFields } from '../expansion/helmBridgeTypes';
import type { ConfFile, DescriptionArg, ParsedDescription, RunEntry } from '../parser/types';
import type { ValidationOptions } from './validation/context';
import { present } from './validation';

/** HELM's answer for one entry of the file. */
export interface ExactVerdict {
  entry: RunEntry;
  result: BridgeResult;
}

/**
 * An entry's static expansion with HELM's answer put in: HELM's names, or its error and no RunSpec.
 * An answer that is not about the entry (refused, a timeout, HELM missing, cancelled) keeps the static one.
 */
export function withExactAnswer<T extends Omit<ExpandedEntry, 'line'>>(item: T, answer: BridgeResult): T {
  if (answer.ok) {
    const { error: _error, ...rest } = item;
    return { ...rest, runSpecs: answer.runSpecs.map((r) => r.name), exact: true, approximate: false } as T;
  }
  if (answer.kind === 'helm-error') return { ...item, runSpecs: [], exact: true, approximate: false, error: answer.error };
  return item;
}

/** Longest HELM message quoted in a diagnostic. */
const MESSAGE_LIMIT = 300;

/** The question the bridge is asked for an entry: its description text and its priority and groups. */
export function exactQuestion(entry: RunEntry): { description: string; fields: RunEntryFields } | undefined {
  const description = entry.description?.parsed?.text;
  if (description === undefined) return undefined;
  const fields: RunEntryFields = {};
  const p = entry.priority?.value;
  if (typeof p === 'number') fields.priority = p;
  if (entry.groups?.value) fields.groups = entry.groups.value;
  return { description, fields };
}

/** The diagnostics of HELM's answer for one entry: none when HELM built its RunSpecs or could not be asked. */
export function verdictDiagnostics(entry: RunEntry, result: BridgeResult): HelmDiagnostic[] {
  const parsed = entry.description?.parsed;
  const descriptionSpan = entry.description?.node.span;
  if (result.ok || !parsed || !descriptionSpan) return [];
  if (result.kind === 'refused' && result.refused?.length) {
    const { kind, what } = result.refused[0];
    if (kind === 'download') {
      return [
        {
          code: 'helm-needs-download',
          severity: 'info',
          message: `HELM downloads \`${what}\` to build this entry's RunSpecs: HELM was not asked here (exact checking never downloads); helm-run downloads it when it runs.`,
          span: descriptionSpan,
        },
      ];
    }
    const doing = kind === 'write' ? `writes \`${what}\`` : `runs \`${what}\``;
    return [
      {
        code: 'helm-side-effect',
        severity: 'info',
        message: `HELM ${doing} to build this entry's RunSpecs: HELM was not asked here (exact checking has no side effects).`,
        span: descriptionSpan,
      },
    ];
  }
  if (result.kind !== 'helm-error' || !result.exception) return [];
  const exception = result.exception;
  const frame = exception.frame;
  const where = frame ? ` in \`${frame.function}\` (${helmRelativePath(frame.file)}:${frame.line})` : '';
  const message = exception.message.length > MESSAGE_LIMIT ? `${exception.message.slice(0, MESSAGE_LIMIT)}…` : exception.message;
  const diagnostic: HelmDiagnostic = {
    code: 'helm-error',
    severity: 'error',
    message: `HELM stops with \`${exception.type}: ${message}\`${where}.`,
    span: argumentNamed(parsed, exception) ?? descriptionSpan,
  };
  if (frame) diagnostic.related = [{ message: `\`${frame.function}\`, where HELM raised ${exception.type}`, path: frame.file, line: Math.max(0, frame.line - 1), character: 0 }];
  return [diagnostic];
}

/**
 * The static diagnostics with HELM's verdicts added: one diagnostic per problem, so an entry that
 * already has a static error keeps that one (with its fixes) and HELM's is left out. The rule settings
 * and suppression comments apply to HELM's diagnostics as to the others.
 */
export function withExactDiagnostics(conf: ConfFile, staticDiagnostics: HelmDiagnostic[], verdicts: Iterable<ExactVerdict>, rules: ValidationOptions['rules']): HelmDiagnostic[] {
  const found: HelmDiagnostic[] = [];
  const errors = staticDiagnostics.filter((d) => d.severity === 'error');
  for (const { entry, result } of verdicts) {
    const span = entry.node.span;
    if (errors.some((d) => d.span.start >= span.start && d.span.end <= span.end)) continue;
    found.push(...verdictDiagnostics(entry, result));
  }
  // Nothing added: the same list, so that what was made of it (its LSP form) is kept.
  if (found.length === 0) return staticDiagnostics;
  return [...staticDiagnostics, ...present(conf, found, rules)].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/** `helm/benchmark/run_specs/lite_run_specs.py` for a file of HELM's package; a plugin's file by its name. */
export function helmRelativePath(file: string): string {
  const normalized = file.replace(/\\/g, '/');
  const at = normalized.lastIndexOf('/helm/');
  return at >= 0 ? normalized.slice(at + 1) : normalized.slice(normalized.lastIndexOf('/') + 1);
}

/**
 * The argument HELM's message names: its key quoted (`'subjec'`), its value quoted (`'openai/gpt2'`,
 * `''`), or its value as a word (`Unknown scenario bogus`); the earliest mention wins.
 */
function argumentNamed(parsed: ParsedDescription, exception: HelmException): Span | undefined {
  const text = exception.message;
  let best: { at: number; span: Span } | undefined;
  const consider = (at: number, span: Span): void => {
    if (at >= 0 && (!best || at < best.at)) best = { at, span };
  };
  for (const arg of parsed.args) {
    if (!arg.equals || !arg.value) continue;
    const key = arg.key.text;
    const value = arg.value.text;
    if (key) consider(text.indexOf(`'${key}'`), arg.key.span);
    consider(text.indexOf(`'${value}'`), valueSpan(arg));
    if (value.length >= 2 && !/^\d+$/.test(value)) consider(wordIndex(text, value), valueSpan(arg));
  }
  return best?.span;
}

function valueSpan(arg: DescriptionArg): Span {
  return arg.value && arg.value.text.length > 0 ? arg.value.span : arg.piece.span;
}

/** Where `word` stands on its own in `text` (not inside a longer name or path), or -1. */
function wordIndex(text: string, word: string): number {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(^|[^\\w/.-])${escaped}(?![\\w/-])`).exec(text);
  return m ? m.index + m[1].length : -1;
}
