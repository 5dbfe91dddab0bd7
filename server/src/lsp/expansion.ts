// The expansion requests: helmConf/expandFile (static, upgraded to HELM's exact answer when trusted), modelChoices, exact hover.
import type { CancellationToken } from 'vscode-languageserver/node';
import type { ExpandFileParams, ExpandFileResult, ExpandedEntry, ExpansionFilters, ModelChoicesParams, ModelChoicesResult } from '../common/protocol';
import type { BridgeResult, HelmBridge } from '../expansion/helmBridge';
import { expandEntry } from '../expansion/staticExpansion';
import type { RunEntry } from '../parser/types';
import { exactQuestion, withExactAnswer } from '../services/exactChecks';
import type { ServerContext } from './context';
import type { ExactResult } from '../services/expansionHover';

/** How long a hover waits for HELM's exact answer before showing the static one alone. */
const HOVER_EXACT_WAIT_MS = 1500;

/**
 * The bridge to ask now: a helper that is running and ready. While HELM is loading (or hangs, or is
 * missing) the static answer is given at once; the helper is started in the background if none runs.
 */
function readyBridge(ctx: ServerContext): HelmBridge | undefined {
  const bridge = ctx.bridge();
  if (!bridge || !ctx.trusted() || !ctx.settings().exactExpansion) return undefined;
  if (bridge.isReady()) return bridge;
  bridge.warmUp();
  return undefined;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(undefined), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      () => {
        clearTimeout(t);
        resolve(undefined);
      },
    );
  });
}

/** HELM's answer for the hover, when the bridge gives one in time; a missing HELM or a timeout gives none. */
export async function exactHoverSection(ctx: ServerContext, entry: RunEntry): Promise<ExactResult | undefined> {
  const q = exactQuestion(entry);
  const bridge = ctx.bridge();
  if (!q || !bridge || !ctx.trusted() || !ctx.settings().exactExpansion) return undefined;
  const known = bridge.peek(q.description, ctx.filters(), q.fields, ctx.registry().version);
  if (known) return toExact(known);
  if (!readyBridge(ctx)) return undefined;
  const result = await withTimeout(bridge.expand(q.description, ctx.filters(), q.fields, { registryVersion: ctx.registry().version }), HOVER_EXACT_WAIT_MS);
  return toExact(result);
}

function toExact(result: BridgeResult | undefined): ExactResult | undefined {
  if (!result) return undefined;
  if (result.ok) return { ok: true, runSpecs: result.runSpecs };
  return result.kind === 'helm-error' ? { ok: false, error: result.error } : undefined;
}

/** Every entry (or the one on `line`) with its RunSpecs: static first, then HELM's exact names when it answers. */
export async function expandFile(ctx: ServerContext, params: ExpandFileParams, token?: CancellationToken): Promise<ExpandFileResult> {
  const o = ctx.open(params.uri);
  if (!o) return { entries: [], total: 0 };
  const registry = ctx.registry();
  const filters: ExpansionFilters = params.filters ?? ctx.filters();
  let entries = o.conf.entries.map((entry) => ({ entry, line: o.conf.lines.positionAt(entry.node.span.start).line }));
  if (typeof params.line === 'number') entries = entries.filter((e) => e.line === params.line);
  const { fromLine, toLine } = params;
  if (typeof fromLine === 'number' || typeof toLine === 'number') {
    entries = entries.filter((e) => (typeof fromLine !== 'number' || e.line >= fromLine) && (typeof toLine !== 'number' || e.line < toLine));
  }
  const out: ExpandedEntry[] = entries.map(({ entry, line }) => {
    const s = expandEntry(entry, registry, filters);
    const e: ExpandedEntry = { line, description: s.description, runSpecs: s.runSpecs.map((r) => r.name), exact: false, approximate: s.approximate };
    if (entry.groups?.value) e.groups = entry.groups.value;
    if (s.error) e.error = s.error;
    if (s.filteredOut) e.filteredOut = true;
    return e;
  });
  const bridge = params.exact === false ? undefined : readyBridge(ctx);
  if (bridge) {
    const answers = await Promise.all(
      entries.map(({ entry }, i) => {
        const q = exactQuestion(entry);
        return out[i].filteredOut || !q ? undefined : bridge.expand(q.description, filters, q.fields, { registryVersion: registry.version, token });
      }),
    );
    answers.forEach((a, i) => {
      if (a && !token?.isCancellationRequested) out[i] = withExactAnswer(out[i], a);
    });
  }
  return { entries: out, total: out.reduce((n, e) => n + e.runSpecs.length, 0) };
}

/** The wildcards the document uses (with their members) and every model the registry knows. */
export function modelChoices(ctx: ServerContext, params: ModelChoicesParams): ModelChoicesResult {
  const registry = ctx.registry();
  const used = new Set<string>();
  const o = ctx.open(params.uri);
  for (const entry of o?.conf.entries ?? []) {
    for (const arg of entry.description?.parsed?.args ?? []) {
      const v = arg.value?.text.trim();
      if (arg.key.text.trim() === 'model' && v && registry.wildcards.has(v)) used.add(v);
    }
  }
  const models = [...registry.models.values()].filter((m) => !m.deprecated).map((m) => m.name).sort();
  return { wildcards: [...used].sort().map((name) => ({ name, members: [...registry.wildcardMembers(name)] })), models };
}
