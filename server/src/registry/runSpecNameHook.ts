// The one call site that gives each run spec function how it names its RunSpec (see expansion/runSpecName.ts).
import { extractRunSpecNameTemplate, PythonModule, type RunSpecNameTemplate } from '../expansion/runSpecName';
import type { RunSpecFunction } from './types';

export { PythonModule } from '../expansion/runSpecName';

/**
 * Gives `fn` its RunSpec name template, read from the module's source the first time it is asked for:
 * a scan reads 309 functions, while a conf file expands a few. A failure leaves the function without one.
 */
export function attachRunSpecName(fn: RunSpecFunction, module: PythonModule): void {
  let template: RunSpecNameTemplate | undefined;
  let read = false;
  Object.defineProperty(fn, 'runSpecName', {
    enumerable: true,
    configurable: true,
    get(): RunSpecNameTemplate | undefined {
      if (!read) {
        read = true;
        try {
          template = extractRunSpecNameTemplate(module, fn.origin.line);
        } catch {
          // The template is an extra: the function stays usable without it.
        }
      }
      return template;
    },
    set(value: RunSpecNameTemplate | undefined) {
      read = true;
      template = value;
    },
  });
}
