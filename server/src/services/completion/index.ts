// Completion: run spec functions, argument keys and values inside a description; entry keys and new entries outside.
import type { ConfFile } from '../../parser/types';
import type { Registry } from '../../registry/types';
import { cursorContext } from '../cursor';
import { deploymentMarkdown, functionMarkdown, modelMarkdown, wildcardMarkdown } from '../hover';
import { argumentItems } from './arguments';
import { entriesItems, entryKeyItems, rootItems } from './entries';
import { functionItems, functionTable } from './functions';
import { complete, type CompletionKind, type CompletionOptions, type CompletionResultShape, type HelmCompletionItem } from './items';
import { deploymentDetail, modelDetail, wildcardDetail } from './models';
import { valueItems } from './values';

export type { CompletionKind, CompletionOptions, CompletionResultShape, HelmCompletionItem } from './items';

/** The completion items at `offset`. Never throws. */
export function doComplete(conf: ConfFile, offset: number, registry: Registry, options: CompletionOptions = {}): CompletionResultShape {
  try {
    const c = cursorContext(conf, offset);
    switch (c.kind) {
      case 'description':
        if (c.at.part === 'name') return functionItems(c, offset, conf, registry, options);
        if (c.at.part === 'key') return complete(argumentItems(c, registry));
        return valueItems(c, offset, conf, registry, options);
      case 'entry-key':
        return complete(entryKeyItems(c, options));
      case 'entries':
        return complete(entriesItems(c, options));
      case 'entry-value':
        return complete([]);
      case 'none':
        return complete(rootItems(conf, offset, options));
    }
  } catch {
    return complete([]);
  }
}

/** What an editor may ask of a function, model, deployment or wildcard item afterwards: its detail and documentation. */
export function resolveItem(item: Pick<HelmCompletionItem, 'label' | 'kind'>, registry: Registry): { detail?: string; documentation?: string } {
  try {
    const kind: CompletionKind = item.kind;
    if (kind === 'function') {
      const fn = registry.functions.get(item.label);
      return fn ? { detail: functionTable(registry).detail.get(fn.name), documentation: functionMarkdown(fn, registry) } : {};
    }
    if (kind === 'wildcard') {
      const w = registry.wildcards.get(item.label);
      return w ? { detail: wildcardDetail(w.name, registry), documentation: wildcardMarkdown(w, registry) } : {};
    }
    if (kind === 'model') {
      const m = registry.models.get(item.label);
      return m ? { detail: modelDetail(m), documentation: modelMarkdown(m, registry) } : {};
    }
    if (kind === 'deployment') {
      const d = registry.deployments.get(item.label);
      return d ? { detail: deploymentDetail(d), documentation: deploymentMarkdown(d) } : {};
    }
    return {};
  } catch {
    return {};
  }
}
