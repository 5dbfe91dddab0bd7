// Inlay hints: after a model wildcard (`model=text`), how many models it stands for.
import type { Span } from '../common/span';
import type { ConfFile } from '../parser/types';
import type { Registry } from '../registry/types';
import { wildcardMarkdown } from './hover';

export interface InlayHintShape {
  /** Where the hint is shown: just after the wildcard. */
  offset: number;
  /** E.g. `142 models`. */
  label: string;
  /** The editor puts a space before the label. */
  paddingLeft: boolean;
  /** Markdown: the first members of the wildcard. */
  tooltip: string;
}

/** The hints for the descriptions that overlap `span`. Never throws. */
export function getInlayHints(conf: ConfFile, span: Span, registry: Registry): InlayHintShape[] {
  const hints: InlayHintShape[] = [];
  try {
    for (const entry of conf.entries) {
      const parsed = entry.description?.parsed;
      if (!parsed) continue;
      for (const arg of parsed.args) {
        if (arg.key.text !== 'model' || !arg.value) continue;
        const offset = arg.value.span.end;
        if (offset < span.start || offset > span.end) continue;
        const wildcard = registry.wildcards.get(arg.value.text);
        if (!wildcard) continue;
        const n = registry.wildcardMembers(wildcard.name).length;
        hints.push({ offset, label: `${n} model${n === 1 ? '' : 's'}`, paddingLeft: true, tooltip: wildcardMarkdown(wildcard, registry) });
      }
    }
  } catch {
    return hints;
  }
  return hints;
}
