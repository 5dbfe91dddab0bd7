// The validation service: the parser's problems and the registry-aware checks of every run entry, as HELM would judge them.
import type { HelmDiagnostic, QuickFix, Severity } from '../common/diagnostic';
import type { Span } from '../common/span';
import type { ConfFile, ParsedDescription, RunEntry } from '../parser/types';
import type { Registry } from '../registry/types';
import { effectiveSeverity } from './rules';
import { EntryCache } from './entryCache';
import { applySuppressions, refreshSuppressionFix, suppressionFix } from './suppression';
import type { ValidationOptions } from './validation/context';
import { checkDescription } from './validation/descriptionChecks';
import { checkDuplicateDescriptions, checkModelsToRun, withParserFixes } from './validation/fileChecks';

export type { ValidationOptions } from './validation/context';

/**
 * Every diagnostic of a parsed conf file, in document order: what pyhocon, dacite and HELM would
 * refuse or silently change. Severities follow `options.rules` (`off` drops a code); suppression
 * comments drop what they name. Never throws: a failing check is left out.
 */
export function validate(conf: ConfFile, registry: Registry, options: Partial<ValidationOptions> = {}): HelmDiagnostic[] {
  return toEnd(validateInSlices(conf, registry, options));
}

/**
 * validate, for a file checked once (the command line): nothing is kept per entry for a next version of
 * the file (a cache of a hundred thousand entries costs more than it could save there).
 */
export function validateOnce(conf: ConfFile, registry: Registry, options: Partial<ValidationOptions> = {}): HelmDiagnostic[] {
  return toEnd(validateInSlices(conf, registry, options, false));
}

/** The value of work done in slices, all at once. */
function toEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Entries checked, or diagnostics finished, between two pauses of validateInSlices. */
const SLICE = 2000;

/**
 * validate, pausing (`yield`) after each slice of the work, so that a caller can serve other requests
 * between slices and give up when the text changed (a file of 100,000 entries takes a few hundred
 * milliseconds in all). The value it returns is validate's. `keep` false: see validateOnce.
 */
export function* validateInSlices(conf: ConfFile, registry: Registry, options: Partial<ValidationOptions> = {}, keep = true): Generator<void, HelmDiagnostic[], void> {
  const opts: ValidationOptions = { rules: options.rules ?? {}, modelsToRun: options.modelsToRun ?? [], valueListFixes: options.valueListFixes ?? true };
  const found: HelmDiagnostic[] = withParserFixes(conf);
  const report = (d: HelmDiagnostic): void => {
    found.push(d);
  };
  const registryKnown = registry.functions.size > 0;
  const optionsKey = `${opts.valueListFixes} ${JSON.stringify(opts.modelsToRun)}`;
  for (let i = 0; i < conf.entries.length; i++) {
    const entry = conf.entries[i];
    const parsed = entry.description?.parsed;
    if (parsed && registryKnown) {
      // A file checked once reports straight into the list; else one by one (a spread of an entry's
      // hundred thousand diagnostics would overflow the stack).
      if (!keep) checkEntry(entry, parsed, registry, opts, report);
      else for (const d of entryDiagnostics(entry, parsed, registry, opts, optionsKey)) found.push(d);
    }
    if ((i + 1) % SLICE === 0) yield;
  }
  safely(() => checkDuplicateDescriptions(conf, report));
  safely(() => checkModelsToRun(conf, opts, report, keep));
  yield;

  return yield* presentInSlices(conf, found, opts.rules, keep);
}

/**
 * What the user sees of diagnostics found: suppression comments drop what they name, the rule settings
 * give each its severity (`off` drops it), each gets its "disable for this line" fix; in document order.
 */
export function present(conf: ConfFile, found: HelmDiagnostic[], rules: ValidationOptions['rules']): HelmDiagnostic[] {
  return toEnd(presentInSlices(conf, found, rules));
}

function* presentInSlices(conf: ConfFile, found: HelmDiagnostic[], rules: ValidationOptions['rules'], keep = true): Generator<void, HelmDiagnostic[], void> {
  const shown: HelmDiagnostic[] = [];
  for (const d of applySuppressions(conf, found)) {
    const severity = effectiveSeverity(d, rules);
    if (!severity) continue;
    shown.push(presented(conf, d, severity, keep));
    if (shown.length % SLICE === 0) yield;
  }
  shown.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return shown;
}

/**
 * What the user sees of each diagnostic found, kept while it is the same object: one of an entry the
 * incremental parse did not re-read (the parser's own problems, the registry-aware checks' kept ones)
 * is the same object in the next version, moved in place, and its shown form shares its spans.
 */
const shownCache = new WeakMap<HelmDiagnostic, { shown: HelmDiagnostic; fixes: HelmDiagnostic['fixes']; suppress?: QuickFix }>();

function presented(conf: ConfFile, d: HelmDiagnostic, severity: Severity, keep: boolean): HelmDiagnostic {
  const hit = keep ? shownCache.get(d) : undefined;
  if (hit && hit.shown.severity === severity && hit.fixes === d.fixes) {
    if (hit.suppress ? refreshSuppressionFix(conf, d, hit.suppress) : suppressionFix(conf, d) === undefined) return hit.shown;
  }
  const suppress = suppressionFix(conf, d);
  const fixes = suppress ? [...(d.fixes ?? []), suppress] : d.fixes;
  const shown: HelmDiagnostic = { ...d, severity, ...(fixes ? { fixes } : {}) };
  if (keep) shownCache.set(d, { shown, fixes: d.fixes, ...(suppress ? { suppress } : {}) });
  return shown;
}

/**
 * What the registry-aware checks say about one entry, kept while the entry is the same object (their
 * spans are copies: the incremental parse moves its own in place).
 */
const entryCache = new EntryCache<HelmDiagnostic[]>((diagnostics, by) => {
  // In place: the copies are this cache's own, and an entry moved keeps its diagnostics (and their shown forms).
  for (const d of diagnostics) moveInPlace(d, by);
  return diagnostics;
});

function entryDiagnostics(entry: RunEntry, parsed: ParsedDescription, registry: Registry, options: ValidationOptions, optionsKey: string): HelmDiagnostic[] {
  return entryCache.get(entry, registry, optionsKey, () => {
    const found: HelmDiagnostic[] = [];
    checkEntry(entry, parsed, registry, options, (d) => found.push(d));
    return found.map(copied);
  });
}

function checkEntry(entry: RunEntry, parsed: ParsedDescription, registry: Registry, options: ValidationOptions, report: (d: HelmDiagnostic) => void): void {
  try {
    checkDescription({ entry, parsed, registry, options, report });
  } catch {
    // A bug in one check must not hide the other diagnostics of the file.
  }
}

/** A copy of `d` with a span object of its own in every place (moved in place later). */
function copied(d: HelmDiagnostic): HelmDiagnostic {
  const copy = (s: Span): Span => ({ start: s.start, end: s.end });
  const out: HelmDiagnostic = { ...d, span: copy(d.span) };
  if (d.related) out.related = d.related.map((r) => (r.span ? { ...r, span: copy(r.span) } : { ...r }));
  if (d.fixes) out.fixes = d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, span: copy(e.span) })) }));
  return out;
}

/** Moves every span of `d` (each its own object, see copied) by `delta`. */
function moveInPlace(d: HelmDiagnostic, delta: number): void {
  const move = (s: Span): void => {
    s.start += delta;
    s.end += delta;
  };
  move(d.span);
  for (const r of d.related ?? []) if (r.span) move(r.span);
  for (const f of d.fixes ?? []) for (const e of f.edits) move(e.span);
}

function safely(check: () => void): void {
  try {
    check();
  } catch {
    // As above: one failing check leaves the others.
  }
}
