// The one call site that stores how each run spec function names its RunSpec (see expansion/runSpecName.ts).
import { extractRunSpecNameTemplate } from '../expansion/runSpecName';
import type { RunSpecFunction } from './types';

/** Reads the function's RunSpec name template from its source; a failure leaves the function without one. */
export function attachRunSpecName(fn: RunSpecFunction, source: string): void {
  try {
    const template = extractRunSpecNameTemplate(source, fn.origin.line);
    if (template) fn.runSpecName = template;
  } catch {
    // The template is an extra: the function stays usable without it.
  }
}
