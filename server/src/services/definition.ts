// Go to definition: a run spec function → its `def` in HELM or a plugin; a model → its entry in a model YAML.
import * as path from 'path';
import type { Span } from '../common/span';
import type { ConfFile } from '../parser/types';
import type { Origin, Registry } from '../registry/types';
import { descriptionAt } from './cursor';

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

export interface DefinitionContext {
  /**
   * The folder snapshot paths are relative to: the one holding the `helm` package (HELM's `src/`),
   * when an installed HELM or a source checkout is known. Without it, snapshot items have no location.
   */
  helmSrcRoot?: string;
}

/** A place in a file: absolute path and 0-based line/character. */
export interface FileLocation {
  path: string;
  line: number;
  character: number;
  /** Where the name is written in the conf file (for the link's origin). */
  originSpan: Span;
}

function originPath(origin: Origin, ctx: DefinitionContext): string | undefined {
  if (origin.source === 'snapshot') return ctx.helmSrcRoot ? path.join(ctx.helmSrcRoot, origin.file) : undefined;
  return path.isAbsolute(origin.file) ? origin.file : ctx.helmSrcRoot ? path.join(ctx.helmSrcRoot, origin.file) : undefined;
}

export function getDefinition(conf: ConfFile, offset: number, registry: Registry, ctx: DefinitionContext = {}): FileLocation | undefined {
  const target = nameAt(conf, offset);
  if (!target) return undefined;
  let origin: Origin | undefined;
  if (target.kind === 'function') origin = registry.functions.get(target.name)?.origin;
  else origin = registry.models.get(target.name)?.origin ?? registry.deployments.get(target.name)?.origin;
  if (!origin) return undefined;
  const file = originPath(origin, ctx);
  if (!file) return undefined;
  return { path: file, line: origin.line, character: 0, originSpan: target.span };
}
