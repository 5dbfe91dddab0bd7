// Seeded fuzzing through the language server's path: mutated conf documents (mutations.ts) opened and edited through ParsedDocuments (the incremental update), checked after every version against a full parse.
import type { HelmDiagnostic } from '../../server/src/common/diagnostic';
import { ParsedDocuments } from '../../server/src/lsp/documents';
import { getLanguageService, type LanguageService, type ValidationSettings } from '../../server/src/languageService';
import { parseConf } from '../../server/src/parser/index';
import type { ConfFile } from '../../server/src/parser/types';
import { createRegistry } from '../../server/src/registry/index';
import type { Registry } from '../../server/src/registry/types';
import { assertSame, assertSameParse, diagnosticSpans, modelSpans, spanOutside } from '../helpers/parseCompare';
import { snapshotRegistry } from '../helpers/registry';
import { documentRandom, editKind, EDITS, fuzzDocument, fuzzSeeds, type FuzzScale } from './mutations';

export interface FuzzOptions {
  seed: number;
  documents: number;
  /** Edits after opening each document. */
  edits: number;
  scale: FuzzScale;
  /** Only the document of this number (to replay a failure). */
  only?: number;
}

export interface FuzzDocumentTime {
  document: number;
  ms: number;
  length: number;
  kinds: string[];
}

export interface FuzzStats {
  documents: number;
  edits: number;
  /** Edits after which the update kept the previous tree (re-read one entry, or nothing). */
  spliced: number;
  /** Per document: open → diagnostics (ms). */
  open: number[];
  /** Per edit: edit → diagnostics (ms). */
  edit: number[];
  /** Per version: document symbols and folding ranges (ms). */
  outline: number[];
  /** The slowest documents (open, every edit and the outlines together), slowest first. */
  slowest: FuzzDocumentTime[];
}

// ---------------------------------------------------------------- the run

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

const SETTINGS: ValidationSettings = { rules: {}, modelsToRun: [] };
const OPENED = 'opened';
/** Checks one version: the kept parse equals a full one, nothing lies outside the text, no file-level failure. */
function checkVersion(where: string, text: string, conf: ConfFile, diagnostics: HelmDiagnostic[], service: LanguageService, registry: Registry): void {
  const full = parseConf(text);
  if (conf.text !== text) throw new Error(`${where}: the parse is of another text`);
  assertSameParse(conf, full, where);
  assertSame(diagnostics, service.validate(full, registry, SETTINGS), `${where}: the diagnostics differ from a full parse's`);
  const outside = spanOutside(modelSpans(conf), text) ?? spanOutside(diagnostics.flatMap(diagnosticSpans), text);
  if (outside) throw new Error(`${where}: span ${JSON.stringify(outside)} outside the document of ${text.length} characters`);
  const unread = conf.problems.find((p) => p.message.startsWith('This file could not be read'));
  if (unread) throw new Error(`${where}: ${unread.message}`);
}

/**
 * Opens `options.documents` fuzzed documents, edits each `options.edits` times, and checks every version.
 * Throws at the first failure, naming the seed and the document that replays it.
 */
export function runFuzz(options: FuzzOptions): FuzzStats {
  const seeds = fuzzSeeds();
  const registry = snapshotRegistry() ?? createRegistry([]);
  const service = getLanguageService();
  const stats: FuzzStats = { documents: 0, edits: 0, spliced: 0, open: [], edit: [], outline: [], slowest: [] };
  const docs = new ParsedDocuments();
  for (let d = 0; d < options.documents; d++) {
    if (options.only !== undefined && d !== options.only) continue;
    const rnd = documentRandom(options.seed, d);
    const { text: original, kinds } = fuzzDocument(seeds, rnd, options.scale);
    const uri = `file:///fuzz/${d}/run_entries.conf`;
    const replay = `seed ${options.seed}, document ${d} (${kinds.join(', ')})`;
    let text = original;
    let spent = 0;
    const version = (step: string): ConfFile => {
      const t0 = now();
      let conf: ConfFile;
      let diagnostics: HelmDiagnostic[];
      try {
        docs.changed(uri);
        conf = docs.get(uri, text);
        diagnostics = service.validate(conf, registry, SETTINGS);
      } catch (err) {
        throw new Error(`${replay}, ${step}: ${err instanceof Error ? err.stack : String(err)}`);
      }
      const t1 = now();
      try {
        service.documentSymbols(conf);
        service.foldingRanges(conf);
      } catch (err) {
        throw new Error(`${replay}, ${step}: outline: ${err instanceof Error ? err.stack : String(err)}`);
      }
      const t2 = now();
      (step === OPENED ? stats.open : stats.edit).push(t1 - t0);
      stats.outline.push(t2 - t1);
      spent += t2 - t0;
      checkVersion(`${replay}, ${step}`, text, conf, diagnostics, service, registry);
      return conf;
    };
    let conf = version(OPENED);
    for (let e = 0; e < options.edits; e++) {
      const kind = e % 6 === 5 ? 'revert' : editKind(rnd);
      const next = kind === 'revert' ? original : EDITS[kind](text, conf, rnd, options.scale);
      const root = conf.root;
      text = next;
      conf = version(`edit ${e + 1} (${kind})`);
      if (conf.root === root) stats.spliced++;
      stats.edits++;
    }
    docs.delete(uri);
    stats.documents++;
    stats.slowest.push({ document: d, ms: spent, length: text.length, kinds });
    stats.slowest.sort((a, b) => b.ms - a.ms);
    stats.slowest.length = Math.min(stats.slowest.length, 5);
  }
  return stats;
}

/** The value below which `p` percent of the sorted numbers lie. */
export function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}
