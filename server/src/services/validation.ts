// The validation service: the parser's problems and the registry-aware checks of every run entry, as HELM would judge them.
import type { HelmDiagnostic } from '../common/diagnostic';
import type { ConfFile } from '../parser/types';
import type { Registry } from '../registry/types';
import { effectiveSeverity } from './rules';
import { applySuppressions, suppressionFix } from './suppression';
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
  const opts: ValidationOptions = { rules: options.rules ?? {}, modelsToRun: options.modelsToRun ?? [] };
  const found: HelmDiagnostic[] = conf.problems.map((p) => withParserFixes(conf, p));
  const report = (d: HelmDiagnostic): void => {
    found.push(d);
  };
  const registryKnown = registry.functions.size > 0;
  for (const entry of conf.entries) {
    const parsed = entry.description?.parsed;
    if (!parsed || !registryKnown) continue;
    try {
      checkDescription({ entry, parsed, registry, options: opts, report });
    } catch {
      // A bug in one check must not hide the other diagnostics of the file.
    }
  }
  safely(() => checkDuplicateDescriptions(conf, report));
  safely(() => checkModelsToRun(conf, opts, report));

  const shown: HelmDiagnostic[] = [];
  for (const d of applySuppressions(conf, found)) {
    const severity = effectiveSeverity(d, opts.rules);
    if (!severity) continue;
    const suppress = suppressionFix(conf, d);
    const fixes = suppress ? [...(d.fixes ?? []), suppress] : d.fixes;
    shown.push({ ...d, severity, ...(fixes ? { fixes } : {}) });
  }
  shown.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return shown;
}

function safely(check: () => void): void {
  try {
    check();
  } catch {
    // As above: one failing check leaves the others.
  }
}
