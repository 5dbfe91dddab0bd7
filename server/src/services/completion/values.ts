// Completion after `key=`: models and deployments, run expander values, and a parameter's values (annotation, HELM's usage, default).
import type { ConfFile } from '../../parser/types';
import type { Registry } from '../../registry/types';
import { valueChoices } from '../argumentValues';
import type { DescriptionCursor } from '../cursor';
import { complete, quoteFor, sortKey, type CompletionOptions, type CompletionResultShape } from './items';
import { modelItems } from './models';

export function valueItems(c: DescriptionCursor, offset: number, conf: ConfFile, registry: Registry, options: CompletionOptions): CompletionResultShape {
  if (c.at.part !== 'value') return complete([]);
  const key = c.at.arg.key.text;
  const span = c.at.text.span;
  const expander = registry.expanders.get(key);
  if (key === 'model_deployment' || expander?.values.kind === 'model') {
    return modelItems(c, conf.text.slice(span.start, offset), registry, options, key === 'model_deployment');
  }
  const choices = valueChoices(registry, c.parsed.name.text, key);
  return complete(
    choices.map((choice, i) => ({
      label: choice.value,
      kind: 'value',
      detail: choice.detail,
      edit: { span, newText: quoteFor(c.string, choice.value) },
      sortText: sortKey(0, i),
    })),
  );
}
