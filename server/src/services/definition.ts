// Go to definition: a run spec function → its `def` in HELM or a plugin; a model → its entry in a model YAML.
import type { Span } from '../common/span';
import type { ConfFile } from '../parser/types';
import type { Origin, Registry } from '../registry/types';
import { descriptionAt } from './cursor';
import { sourceLink, type SourceLink, type SourceLinkContext } from './sourceLinks';

/** What a run entry names at the cursor: a run spec function or a model (the value of `model=`). */
export interface NameAtCursor {
  kind: 'function' | 'model';
  name: string;
  /** Where the name is written. */
  span: Span;
}

/** Argument keys whose value is a model name. */
const MODEL_KEYS: ReadonlySet<string> = new Set(['model']);

export function nameAt(conf: ConfFile, offset: number): NameAtCursor | undefined {
  const d = descriptionAt(conf, offset);
  if (!d) return undefined;
  const at = d.at;
  if (at.part === 'name') {
    const name = at.text.text.trim();
    if (!name) return undefined;
    return { kind: 'function', name, span: trimmedSpan(at.text.text, at.text.span) };
  }
  if (at.part === 'value' && MODEL_KEYS.has(at.arg.key.text.trim())) {
    const name = at.text.text.trim();
    if (!name) return undefined;
    return { kind: 'model', name, span: trimmedSpan(at.text.text, at.text.span) };
  }
  return undefined;
}

/** The span of `text` without its leading and trailing blanks (escapes aside, descriptions are plain text). */
function trimmedSpan(text: string, span: Span): Span {
  const lead = text.length - text.trimStart().length;
  const trail = text.length - text.trimEnd().length;
  if (span.end - span.start !== text.length) return span;
  return { start: span.start + lead, end: span.end - trail };
}

/** Where the definition is: a link that opens (a local file, or HELM's source on GitHub), 0-based line and character. */
export interface DefinitionLink extends SourceLink {
  character: number;
  /** Where the name is written in the conf file (for the link's origin). */
  originSpan: Span;
}

/** The origin's link: the local file (HELM's checkout, a plugin, a model YAML) when it exists, else HELM's public source. */
function originLink(origin: Origin, ctx: SourceLinkContext): SourceLink | undefined {
  return sourceLink(origin.file, origin.line, ctx);
}

export function getDefinition(conf: ConfFile, offset: number, registry: Registry, ctx: SourceLinkContext = {}): DefinitionLink | undefined {
  const target = nameAt(conf, offset);
  if (!target) return undefined;
  let origin: Origin | undefined;
  if (target.kind === 'function') origin = registry.functions.get(target.name)?.origin;
  else origin = registry.models.get(target.name)?.origin ?? registry.deployments.get(target.name)?.origin;
  if (!origin) return undefined;
  const link = originLink(origin, ctx);
  return link ? { ...link, character: 0, originSpan: target.span } : undefined;
}
