// Completion of argument keys after `:` and `,`: the function's parameters (required first), then the run expanders.
import type { TextEdit } from '../../common/diagnostic';
import type { Registry, RunSpecParameter } from '../../registry/types';
import type { DescriptionCursor } from '../cursor';
import { expanderMarkdown, parameterMarkdown } from '../hover';
import { quoteFor, sortKey, type HelmCompletionItem } from './items';

function parameterDetail(p: RunSpecParameter): string {
  const type = p.annotation ?? '';
  if (p.required) return `${type || 'required'}${type ? ' (required)' : ''}`;
  if (p.default === undefined) return type || 'parameter';
  return type ? `${type} = ${p.default}` : `= ${p.default}`;
}

export function argumentItems(c: DescriptionCursor, registry: Registry): HelmCompletionItem[] {
  if (c.at.part !== 'key') return [];
  const { arg, index } = c.at;
  const present = new Set(c.parsed.args.filter((_, i) => i !== index).map((a) => a.key.text));
  const fn = registry.functions.get(c.parsed.name.text);
  const hasEquals = arg.equals !== undefined;
  const edit = (name: string): TextEdit => ({ span: c.at.text.span, newText: quoteFor(c.string, hasEquals ? name : `${name}=`) });
  const items: HelmCompletionItem[] = [];
  if (fn) {
    // Parameters an expander shadows cannot be set from a run entry: the expander is offered instead.
    const params = fn.parameters.filter(
      (p) => p.kind !== 'var-positional' && p.kind !== 'var-keyword' && !registry.expanders.has(p.name) && !present.has(p.name),
    );
    const ordered = [...params.filter((p) => p.required), ...params.filter((p) => !p.required)];
    ordered.forEach((p, i) =>
      items.push({
        label: p.name,
        kind: 'argument',
        detail: parameterDetail(p),
        documentation: parameterMarkdown(fn, p),
        edit: edit(p.name),
        sortText: sortKey(p.required ? 0 : 1, i),
        retrigger: !hasEquals,
      }),
    );
  }
  const expanders = [...registry.expanders.values()]
    .filter((e) => !present.has(e.name) && e.values.kind !== 'none')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  expanders.forEach((e, i) =>
    items.push({
      label: e.name,
      kind: 'expander',
      detail: 'run expander',
      documentation: expanderMarkdown(e, registry),
      edit: edit(e.name),
      // `model` first among the expanders: nearly every run entry names one.
      sortText: sortKey(e.name === 'model' ? 1 : 2, i),
      retrigger: !hasEquals,
    }),
  );
  return items;
}
