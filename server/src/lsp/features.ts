// The LSP request handlers: each one reads the parsed document, asks the language service, converts, and never throws.
import {
  MarkupKind,
  MessageType,
  ShowMessageRequest,
  SymbolKind,
  type CancellationToken,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type Location,
  type SemanticTokens,
  type SemanticTokensDelta,
  type ShowMessageRequestParams,
  type SymbolInformation,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import {
  EXPAND_FILE_REQUEST,
  MODEL_CHOICES_REQUEST,
  REGISTRY_STATUS_REQUEST,
  type ExpandFileParams,
  type ExpandFileResult,
  type ModelChoicesParams,
  type ModelChoicesResult,
  type RegistryStatus,
} from '../common/protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { callClient } from './clientCalls';
import { runSafe, type ServerContext } from './context';
import { registerCodeLens } from './codeLens';
import { toRange } from './convert';
import { registerCodeActions } from './codeActions';
import { lazyCompletionKind, toLspCompletions, toLspHoverMarkdown, toLspInlayHints } from './serviceShapes';
import type { HelmSymbol } from '../services/symbols';
import { expandFile, exactHoverSection, modelChoices } from './expansion';
import { runnerConfigCompletions, runnerConfigHover } from './runnerConfig';

export { runSafe } from './context';

function toDocumentSymbol(doc: TextDocument, s: HelmSymbol): DocumentSymbol {
  const out: DocumentSymbol = {
    name: s.name,
    kind: s.kind === 'section' ? SymbolKind.Namespace : SymbolKind.Object,
    range: toRange(doc, s.span),
    selectionRange: toRange(doc, s.selectionSpan),
    children: s.children.map((c) => toDocumentSymbol(doc, c)),
  };
  if (s.detail) out.detail = s.detail;
  return out;
}

/**
 * The most `model=` choices a list sends a client that takes no list-wide range (LSP 3.17
 * itemDefaults), where each item carries its own: the whole list is some 150 KB to write and to read
 * at each request. As clangd limits its lists, the rest come as the word grows.
 */
const MODEL_LIST_LIMIT = 200;

export function registerFeatures(ctx: ServerContext): void {
  const { connection, service } = ctx;
  const at = (uri: string, position: { line: number; character: number }): ReturnType<ServerContext['open']> & { offset: number } | undefined => {
    const o = ctx.open(uri);
    return o ? { ...o, offset: o.doc.offsetAt(position) } : undefined;
  };

  // Documentation of the last completion list, given out on completionItem/resolve (see toLspCompletions).
  const completionDocs = new Map<string, string>();
  connection.onCompletion((p) =>
    runSafe(ctx, 'completion', null, () => {
      const runnerConfig = ctx.runnerConfig(p.textDocument.uri);
      if (runnerConfig) return runnerConfigCompletions(runnerConfig, p.position, ctx.snippetSupport(), ctx.completionShape());
      const o = at(p.textDocument.uri, p.position);
      if (!o) return null;
      const shape = ctx.completionShape();
      const plain = !shape.itemDefaults.has('editRange');
      const items = service.complete(o.conf, o.offset, ctx.registry(), { snippets: ctx.snippetSupport(), lazyDocumentation: true, ...(plain ? { modelListLimit: MODEL_LIST_LIMIT } : {}) });
      return toLspCompletions(o.doc, items, completionDocs, shape);
    }),
  );

  connection.onCompletionResolve((item) =>
    runSafe(ctx, 'completionResolve', item, () => {
      const data = item.data as Partial<{ doc: string }> | undefined;
      const kind = lazyCompletionKind(item.kind);
      if (typeof data?.doc === 'string') {
        const value = completionDocs.get(data.doc);
        return value ? { ...item, documentation: { kind: MarkupKind.Markdown, value } } : item;
      }
      if (!kind) return item;
      const { detail, documentation } = service.resolveItem({ kind, label: item.label }, ctx.registry());
      const out = { ...item };
      if (detail && !out.detail) out.detail = detail;
      if (documentation) out.documentation = { kind: MarkupKind.Markdown, value: documentation };
      return out;
    }),
  );

  connection.onHover((p) =>
    runSafe<Hover | null>(ctx, 'hover', null, async () => {
      const runnerConfig = ctx.runnerConfig(p.textDocument.uri);
      if (runnerConfig) return runnerConfigHover(runnerConfig, p.position);
      const o = at(p.textDocument.uri, p.position);
      if (!o) return null;
      const registry = ctx.registry();
      // Where the function, model or deployment is defined: a link with go to definition's rule.
      const base = toLspHoverMarkdown(o.doc, service.hover(o.conf, o.offset, registry, ctx.sourceLinks()));
      const sections = base ? [base.markdown] : [];
      const entry = service.descriptionEntryAt(o.conf, o.offset);
      if (entry) {
        const expansion = service.expandEntry(entry, registry, ctx.filters());
        const exact = await exactHoverSection(ctx, entry);
        // The text changed while HELM was asked: this hover is of a text no longer shown.
        if (ctx.revision(p.textDocument.uri) !== o.revision) return null;
        sections.push(service.describeExpansion(expansion, exact));
      }
      if (!sections.length) return null;
      const hover: Hover = { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') } };
      if (base?.range) hover.range = base.range;
      return hover;
    }),
  );

  connection.onDefinition((p) =>
    runSafe<Location[] | null>(ctx, 'definition', null, () => {
      const o = at(p.textDocument.uri, p.position);
      if (!o) return null;
      // A local file that exists, else HELM's source on GitHub at the snapshot's commit: never a missing file.
      const loc = service.definition(o.conf, o.offset, ctx.registry(), ctx.sourceLinks());
      if (!loc) return null;
      const pos = { line: loc.line, character: loc.character };
      return [{ uri: loc.uri, range: { start: pos, end: pos } }];
    }),
  );

  /** Ranges in any conf file of the set (open or on disk), through its own line index. */
  const locationsOf = (confs: ReturnType<ServerContext['allConfs']>, refs: Array<{ uri: string; span: { start: number; end: number } }>): Location[] => {
    const byUri = new Map(confs.map((c) => [c.uri, c.conf]));
    const out: Location[] = [];
    for (const r of refs) {
      const conf = byUri.get(r.uri);
      if (conf) out.push({ uri: r.uri, range: conf.lines.rangeOf(r.span) });
    }
    return out;
  };

  connection.onReferences((p) =>
    runSafe<Location[]>(ctx, 'references', [], () => {
      const o = at(p.textDocument.uri, p.position);
      if (!o) return [];
      const confs = ctx.allConfs();
      return locationsOf(confs, service.references(o.conf, o.offset, confs));
    }),
  );

  connection.onPrepareRename((p) =>
    runSafe(ctx, 'prepareRename', null, () => {
      const o = at(p.textDocument.uri, p.position);
      if (!o) return null;
      const r = service.prepareRename(o.conf, o.offset);
      return r ? { range: toRange(o.doc, r.span), placeholder: r.placeholder } : null;
    }),
  );

  connection.onRenameRequest((p) =>
    runSafe<WorkspaceEdit | null>(ctx, 'rename', null, () => {
      const o = at(p.textDocument.uri, p.position);
      if (!o) return null;
      const confs = ctx.allConfs();
      const result = service.rename(o.conf, o.offset, p.newName, confs);
      if (!result.ok) {
        // showErrorMessage is typed void but sends window/showMessageRequest: its promise must be kept to catch a refusal.
        const params: ShowMessageRequestParams = { type: MessageType.Error, message: result.error, actions: [] };
        void callClient('window/showMessageRequest', ctx.log, () => connection.sendRequest(ShowMessageRequest.type, params));
        return null;
      }
      const changes: WorkspaceEdit['changes'] = {};
      const byUri = new Map(confs.map((c) => [c.uri, c.conf]));
      for (const [uri, edits] of result.edits) {
        const conf = byUri.get(uri);
        if (conf) changes[uri] = edits.map((e) => ({ range: conf.lines.rangeOf(e.span), newText: e.newText }));
      }
      return { changes };
    }),
  );

  connection.onDocumentSymbol((p) =>
    runSafe<DocumentSymbol[]>(ctx, 'documentSymbol', [], () => {
      const o = ctx.open(p.textDocument.uri);
      return o ? service.documentSymbols(o.conf).map((s) => toDocumentSymbol(o.doc, s)) : [];
    }),
  );

  connection.onWorkspaceSymbol((p) =>
    runSafe<SymbolInformation[]>(ctx, 'workspaceSymbol', [], () => {
      const confs = ctx.allConfs();
      const byUri = new Map(confs.map((c) => [c.uri, c.conf]));
      const out: SymbolInformation[] = [];
      for (const m of service.workspaceSymbols(confs, p.query)) {
        const conf = byUri.get(m.uri);
        if (!conf) continue;
        const s: SymbolInformation = { name: m.name, kind: SymbolKind.Object, location: { uri: m.uri, range: conf.lines.rangeOf(m.span) } };
        if (m.container) s.containerName = m.container;
        out.push(s);
      }
      return out;
    }),
  );

  connection.onFoldingRanges((p) =>
    runSafe<FoldingRange[] | null>(ctx, 'foldingRange', [], () => {
      const o = ctx.open(p.textDocument.uri);
      // No answer (not an empty list) for runner_config.yaml: the editor then folds it by indentation.
      return o ? service.foldingRanges(o.conf) : null;
    }),
  );

  // Per document, the last semantic tokens sent: a `full/delta` request gets only what changed since.
  const sentTokens = new Map<string, { resultId: string; data: Uint32Array }>();
  let tokenResults = 0;
  const currentTokens = (uri: string): { resultId: string; data: Uint32Array } | undefined => {
    const o = ctx.open(uri);
    if (!o) return undefined;
    const sent = { resultId: String(++tokenResults), data: service.semanticTokens(o.conf, ctx.registry()) };
    sentTokens.set(uri, sent);
    return sent;
  };
  ctx.documents.onDidClose((e) => sentTokens.delete(e.document.uri));
  connection.languages.semanticTokens.on((p) =>
    runSafe<SemanticTokens>(ctx, 'semanticTokens', { data: [] }, () => {
      const now = currentTokens(p.textDocument.uri);
      return now ? { resultId: now.resultId, data: Array.from(now.data) } : { data: [] };
    }),
  );
  connection.languages.semanticTokens.onDelta((p) =>
    runSafe<SemanticTokens | SemanticTokensDelta>(ctx, 'semanticTokensDelta', { data: [] }, () => {
      const before = sentTokens.get(p.textDocument.uri);
      const now = currentTokens(p.textDocument.uri);
      if (!now) return { data: [] };
      if (before?.resultId !== p.previousResultId) return { resultId: now.resultId, data: Array.from(now.data) };
      return { resultId: now.resultId, edits: service.semanticTokenEdits(before.data, now.data) };
    }),
  );

  connection.languages.inlayHint.on((p) =>
    runSafe(ctx, 'inlayHint', [], () => {
      const o = ctx.open(p.textDocument.uri);
      if (!o || !ctx.settings().inlayHints) return [];
      const span = { start: o.doc.offsetAt(p.range.start), end: o.doc.offsetAt(p.range.end) };
      return toLspInlayHints(o.doc, service.inlayHints(o.conf, span, ctx.registry()));
    }),
  );

  registerCodeLens(ctx);
  registerCodeActions(ctx);

  connection.onRequest(EXPAND_FILE_REQUEST, (p: ExpandFileParams, token: CancellationToken) =>
    runSafe<ExpandFileResult>(ctx, EXPAND_FILE_REQUEST, { entries: [], total: 0 }, () => expandFile(ctx, p, token)),
  );

  connection.onRequest(REGISTRY_STATUS_REQUEST, () =>
    runSafe<RegistryStatus>(ctx, REGISTRY_STATUS_REQUEST, { describeSource: 'unknown', functions: 0, expanders: 0, models: 0, deployments: 0, problems: 0 }, () => {
      const r = ctx.registry();
      return {
        describeSource: r.describeSource,
        functions: r.functions.size,
        expanders: r.expanders.size,
        models: r.models.size,
        deployments: r.deployments.size,
        problems: r.problems.length,
      };
    }),
  );

  connection.onRequest(MODEL_CHOICES_REQUEST, (p: ModelChoicesParams) =>
    runSafe<ModelChoicesResult>(ctx, MODEL_CHOICES_REQUEST, { wildcards: [], models: [] }, () => modelChoices(ctx, p)),
  );
}
