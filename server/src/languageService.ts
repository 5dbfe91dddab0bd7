// The language service facade: every feature on a parsed conf file, in document offsets, without any LSP transport.
import type { HelmDiagnostic } from './common/diagnostic';
import type { ExpansionFilters, RuleSeverity } from './common/protocol';
import type { Span } from './common/span';
import { parseConf } from './parser/index';
import type { ConfFile, RunEntry } from './parser/types';
import type { Registry } from './registry/types';
import { expandEntry, type StaticExpansion } from './expansion/staticExpansion';
import { describeExpansion, type ExactResult } from './services/expansionHover';
import { getCodeLenses, type HelmCodeLens } from './services/codeLens';
import { fixAll, type FixAllResult } from './services/fixAll';
import { collapseRepeats } from './services/repeats';
import { descriptionAt } from './services/cursor';
import { getDefinition, type DefinitionLink } from './services/definition';
import type { SourceLinkContext } from './services/sourceLinks';
import { getDocumentSymbols, getWorkspaceSymbols, type HelmSymbol, type WorkspaceSymbolMatch } from './services/symbols';
import { getFoldingRanges, type HelmFoldingRange } from './services/folding';
import { prepareRename, referencesAt, rename, type NameReference, type RenameResult } from './services/references';
import { validate, validateInSlices } from './services/validation';
import { formatConf, type FormatOptions, type FormatResult } from './services/formatting';
import * as completion from './services/completion';
import * as hover from './services/hover';
import * as semanticTokens from './services/semanticTokens';
import * as inlayHints from './services/inlayHints';

export interface ValidationSettings {
  rules: Record<string, RuleSeverity>;
  modelsToRun: string[];
}

export type ConfSet = ReadonlyArray<{ uri: string; conf: ConfFile }>;

/** Each feature as a plain function of (parsed document, offset, registry). */
export interface LanguageService {
  parse(text: string): ConfFile;
  validate(conf: ConfFile, registry: Registry, settings: ValidationSettings): HelmDiagnostic[];
  /** validate, pausing between slices of the work (see validateInSlices). */
  validateInSlices(conf: ConfFile, registry: Registry, settings: ValidationSettings): Generator<void, HelmDiagnostic[], void>;
  complete(conf: ConfFile, offset: number, registry: Registry, options?: completion.CompletionOptions): completion.CompletionResultShape;
  /** The detail and documentation of a function, model, deployment or wildcard item (`complete` may leave them out). */
  resolveItem(item: { kind: completion.CompletionKind; label: string }, registry: Registry): { detail?: string; documentation?: string };
  /** The hover; `links`: where its links to a definition go (as for `definition`). */
  hover(conf: ConfFile, offset: number, registry: Registry, links?: SourceLinkContext): hover.HoverResultShape;
  /** The entry whose description is under the cursor, for the expansion section of the hover. */
  descriptionEntryAt(conf: ConfFile, offset: number): RunEntry | undefined;
  expandEntry(entry: RunEntry, registry: Registry, filters: ExpansionFilters): StaticExpansion;
  describeExpansion(expansion: StaticExpansion, exact?: ExactResult): string;
  definition(conf: ConfFile, offset: number, registry: Registry, links: SourceLinkContext): DefinitionLink | undefined;
  references(conf: ConfFile, offset: number, files: ConfSet): NameReference[];
  prepareRename(conf: ConfFile, offset: number): { span: Span; placeholder: string } | undefined;
  rename(conf: ConfFile, offset: number, newName: string, files: ConfSet): RenameResult;
  documentSymbols(conf: ConfFile): HelmSymbol[];
  workspaceSymbols(files: ConfSet, query: string): WorkspaceSymbolMatch[];
  foldingRanges(conf: ConfFile): HelmFoldingRange[];
  semanticTokenLegend: semanticTokens.LegendShape;
  /** LSP's relative encoding, packed (see semanticTokens.packTokens). */
  semanticTokens(conf: ConfFile, registry: Registry): Uint32Array;
  /** What turns one packed encoding into the next (`semanticTokens/full/delta`). */
  semanticTokenEdits(previous: Uint32Array, next: Uint32Array): semanticTokens.TokenEdit[];
  inlayHints(conf: ConfFile, span: Span, registry: Registry): inlayHints.InlayHintShape[];
  /** The lenses without their counts (see services/codeLens.ts for the counting). */
  codeLenses(conf: ConfFile, mode: 'sections' | 'entries'): HelmCodeLens[];
  /** The edits that give the file (or the run entries in `range`) HELM's layout, or why it is left as written. */
  format(conf: ConfFile, options: FormatOptions, range?: Span): FormatResult;
  /** Every fix that cannot change what HELM runs, applied. */
  fixAll(text: string, registry: Registry, settings: ValidationSettings): FixAllResult;
  /** Repeats of an identical diagnostic shortened to "Same as line N." */
  collapseRepeats(conf: ConfFile, diagnostics: readonly HelmDiagnostic[]): HelmDiagnostic[];
}

export function getLanguageService(): LanguageService {
  return {
    parse: parseConf,
    validate: (conf, registry, settings) => validate(conf, registry, settings),
    validateInSlices: (conf, registry, settings) => validateInSlices(conf, registry, settings),
    complete: (conf, offset, registry, options) => completion.doComplete(conf, offset, registry, options),
    resolveItem: (item, registry) => completion.resolveItem(item, registry),
    hover: (conf, offset, registry, links) => hover.doHover(conf, offset, registry, { links }),
    descriptionEntryAt: (conf, offset) => descriptionAt(conf, offset)?.entry,
    expandEntry,
    describeExpansion,
    definition: getDefinition,
    references: referencesAt,
    prepareRename,
    rename,
    documentSymbols: getDocumentSymbols,
    workspaceSymbols: (files, query) => getWorkspaceSymbols(files, query),
    foldingRanges: getFoldingRanges,
    semanticTokenLegend: semanticTokens.LEGEND,
    semanticTokens: (conf, registry) => semanticTokens.encode(conf, registry),
    semanticTokenEdits: semanticTokens.tokenEdits,
    inlayHints: (conf, span, registry) => inlayHints.getInlayHints(conf, span, registry),
    codeLenses: getCodeLenses,
    format: formatConf,
    fixAll,
    collapseRepeats,
  };
}
