// Seeded fuzzing of the language server over the protocol: mutated corpus documents opened in the bundled server and edited by incremental didChange events, every version's diagnostics (pushed or pulled), hovers, symbols, folding and semantic tokens (by full/delta) compared with a fresh open of the same text in a second server.
import {
  DidChangeTextDocumentNotification,
  type Diagnostic,
  type DocumentSymbol,
  type Position,
  type Range,
  type SymbolInformation,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { parseConf } from '../../server/src/parser/index';
import { documentRandom, editKind, EDITS, fuzzDocument, fuzzSeeds, type FuzzScale } from './mutations';
import { applyChanges, lineEnds, LineIndex, toChanges } from './lspChanges';
import { features, Server, type Answers, type DiagnosticsMode } from './lspServer';

export type { DiagnosticsMode };

export interface LspFuzzOptions {
  seed: number;
  documents: number;
  /** Edit steps after opening each document (a step is one didChange, or a burst of a few sent without waiting). */
  edits: number;
  scale: FuzzScale;
  mode: DiagnosticsMode;
  /** Only the document of this number (to replay a failure). */
  only?: number;
  /** Called with each mismatch as it is found (the long run prints them as they come). */
  onMismatch?: (m: LspMismatch) => void;
}

/** What a client sent to reach the version that differed: the text opened, then each didChange. */
export interface LspReplay {
  original: string;
  steps: Array<{ kind: string; version: number; changes: TextDocumentContentChangeEvent[] }>;
}

export interface LspMismatch {
  document: number;
  kinds: string[];
  step: string;
  /** diagnostics, range, hover, symbols, folding, log, server. */
  what: string;
  detail: string;
  text: string;
  replay: LspReplay;
}

export interface LspFuzzStats {
  documents: number;
  /** didChange notifications sent. */
  edits: number;
  /** Versions compared with a fresh open. */
  checked: number;
  /** Hover, documentSymbol and foldingRange requests answered (on both servers). */
  requests: number;
  /** didChange → diagnostics (ms): to the push of that version, or to the answer of the pull sent after it. */
  latency: number[];
  /** didOpen → diagnostics (ms). */
  open: number[];
  /** Edits per kind (a didChange holds one, or a burst of a few). */
  kinds: Record<string, number>;
  mismatches: LspMismatch[];
}

type Rnd = () => number;
const FRESH_URI = 'file:///fuzz/fresh/run_entries.conf';
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** A place to hover: mostly in the text, now and then past a line's end or past the last line (a client may send those). */
function randomPosition(index: LineIndex, rnd: Rnd): Position {
  const pick = (n: number): number => Math.floor(rnd() * n);
  const r = rnd();
  if (r < 0.85) {
    let offset = pick(index.text.length + 1);
    if (index.text[offset - 1] === '\r' && index.text[offset] === '\n') offset--;
    return index.positionAt(offset);
  }
  const line = pick(index.lineCount);
  if (r < 0.95) return { line, character: index.lineLength(line) + 1 + pick(100) };
  return { line: index.lineCount + pick(3), character: pick(10) };
}

/** The ranges of the answers that must lie in the document, each with a name for the report. */
function rangesOf(a: Answers, uri: string): Array<[string, Range]> {
  const out: Array<[string, Range]> = [];
  for (const d of a.diagnostics) {
    out.push([`diagnostic ${d.code}`, d.range]);
    for (const r of d.relatedInformation ?? []) if (r.location.uri === uri) out.push([`related information of ${d.code}`, r.location.range]);
  }
  a.hovers.forEach((h, i) => h?.range && out.push([`hover ${i}`, h.range]));
  const symbol = (s: DocumentSymbol | SymbolInformation): void => {
    if ('location' in s) return void out.push([`symbol ${s.name}`, s.location.range]);
    out.push([`symbol ${s.name}`, s.range], [`selection of symbol ${s.name}`, s.selectionRange]);
    s.children?.forEach(symbol);
  };
  a.symbols?.forEach(symbol);
  for (const f of a.folding ?? []) {
    const start = { line: f.startLine, character: f.startCharacter ?? 0 };
    out.push([`folding range ${f.startLine}-${f.endLine}`, { start, end: { line: f.endLine, character: f.endCharacter ?? 0 } }]);
  }
  let line = 0;
  let character = 0;
  for (let i = 0; i + 4 < a.tokens.length; i += 5) {
    const [deltaLine, deltaStart, length] = a.tokens.slice(i, i + 3);
    character = deltaLine ? deltaStart : character + deltaStart;
    line += deltaLine;
    out.push([`semantic token ${i / 5}`, { start: { line, character }, end: { line, character: character + length } }]);
  }
  return out;
}

/** A selection range outside its symbol's range (VS Code refuses the whole outline then). */
function selectionOutside(symbols: Answers['symbols']): string | undefined {
  const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character <= b.character);
  for (const s of symbols ?? []) {
    if ('location' in s) continue;
    if (!before(s.range.start, s.selectionRange.start) || !before(s.selectionRange.end, s.range.end)) return s.name;
    const inChild = selectionOutside(s.children ?? []);
    if (inChild) return inChild;
  }
  return undefined;
}

const sameAs = (a: unknown, b: unknown, uriA: string, uriB: string): string | undefined => {
  const x = JSON.stringify(a).split(uriA).join('<document>');
  const y = JSON.stringify(b).split(uriB).join('<document>');
  if (x === y) return undefined;
  let i = 0;
  while (x[i] === y[i]) i++;
  const from = Math.max(0, i - 150);
  return `after the edits: …${x.slice(from, i + 150)}…\nfresh open:       …${y.slice(from, i + 150)}…`;
};

/** One fuzzing run against a pair of servers: the one edited, and the one each version is opened in afresh. */
class Run {
  readonly stats: LspFuzzStats = { documents: 0, edits: 0, checked: 0, requests: 0, latency: [], open: [], kinds: {}, mismatches: [] };
  private freshVersion = 0;

  constructor(private edited: Server, private fresh: Server, private readonly options: LspFuzzOptions) {}

  static async start(options: LspFuzzOptions): Promise<Run> {
    return new Run(await Server.start(options.mode), await Server.start(options.mode), options);
  }

  stop(): void {
    this.edited.client.kill();
    this.fresh.client.kill();
  }

  /** After a server failed (no answer, an exit): both anew. */
  private async restart(): Promise<void> {
    this.stop();
    this.edited = await Server.start(this.options.mode);
    this.fresh = await Server.start(this.options.mode);
  }

  async document(d: number, seeds: ReturnType<typeof fuzzSeeds>): Promise<void> {
    const rnd = documentRandom(this.options.seed, d);
    const pick = (n: number): number => Math.floor(rnd() * n);
    const { text: original, kinds } = fuzzDocument(seeds, rnd, this.options.scale);
    const uri = `file:///fuzz/lsp/${d}/run_entries.conf`;
    const replay: LspReplay = { original, steps: [] };
    let text = original;
    let version = 1;
    const found = (step: string, what: string, detail: string): void => {
      const m: LspMismatch = { document: d, kinds, step, what, detail, text, replay: { original, steps: [...replay.steps] } };
      this.stats.mismatches.push(m);
      this.options.onMismatch?.(m);
    };
    const sequence = async (): Promise<void> => {
      const t0 = now();
      const opened = await this.edited.diagnosticsAfter(uri, version, () => this.edited.client.open(uri, text, version));
      this.stats.open.push(now() - t0);
      if (!(await this.check('opened', uri, text, opened, rnd, found))) return;
      for (let e = 0; e < this.options.edits; e++) {
        const burst = rnd() < 0.15 ? 2 + pick(3) : 1;
        // Now and then a burst goes in one didChange, its changes applied one after the other (as an editor sends the edits of several cursors).
        const together = burst > 1 && rnd() < 0.4;
        let pending: TextDocumentContentChangeEvent[] = [];
        let last!: () => Promise<void>;
        const names: string[] = [];
        for (let b = 0; b < burst; b++) {
          const kind = e % 6 === 5 && b === 0 ? 'revert' : rnd() < 0.2 ? 'lineEnds' : editKind(rnd);
          const next = kind === 'revert' ? original : kind === 'lineEnds' ? lineEnds(text, parseConf(text), rnd) : EDITS[kind](text, parseConf(text), rnd, this.options.scale);
          const changes = toChanges(text, next, rnd);
          if (applyChanges(text, changes) !== next) throw new Error(`the changes do not make the edited text: ${JSON.stringify(changes).slice(0, 500)}`);
          this.stats.kinds[kind] = (this.stats.kinds[kind] ?? 0) + 1;
          names.push(kind);
          text = next;
          pending = pending.concat(changes);
          if (together && b < burst - 1) continue;
          // Mostly the next version; now and then the same again (a client's mistake) or a jump. The last of a burst is new.
          const highest = Math.max(version, ...replay.steps.map((s) => s.version));
          version = b === burst - 1 && burst > 1 ? highest + 1 : rnd() < 0.1 ? version : version + 1 + (rnd() < 0.05 ? pick(5) : 0);
          const sent = { textDocument: { uri, version }, contentChanges: pending };
          const send = (): Promise<void> => this.edited.client.connection.sendNotification(DidChangeTextDocumentNotification.type, sent);
          replay.steps.push({ kind: together ? names.join(' + ') : kind, version, changes: pending });
          pending = [];
          this.stats.edits++;
          if (b < burst - 1) await send();
          else last = send;
        }
        const t1 = now();
        const diagnostics = await this.edited.diagnosticsAfter(uri, version, last);
        this.stats.latency.push(now() - t1);
        if (!(await this.check(`edit ${e + 1} (${names.join(' + ')}, version ${version})`, uri, text, diagnostics, rnd, found))) return;
      }
    };
    try {
      await sequence();
      await this.edited.close(uri);
    } catch (err) {
      found('after the last edit sent', 'server', err instanceof Error ? err.message : String(err));
      await this.restart();
      return;
    } finally {
      this.stats.documents++;
    }
  }

  /** Compares one version with a fresh open of its text; false after a mismatch (the rest of the sequence would only repeat it). */
  private async check(step: string, uri: string, text: string, diagnostics: Diagnostic[], rnd: Rnd, found: (step: string, what: string, detail: string) => void): Promise<boolean> {
    const index = new LineIndex(text);
    const positions = [randomPosition(index, rnd), randomPosition(index, rnd)];
    const edited: Answers = { diagnostics, ...(await features(this.edited, uri, positions)) };
    const version = ++this.freshVersion;
    const freshDiagnostics = await this.fresh.diagnosticsAfter(FRESH_URI, version, () => this.fresh.client.open(FRESH_URI, text, version));
    const fresh: Answers = { diagnostics: freshDiagnostics, ...(await features(this.fresh, FRESH_URI, positions)) };
    await this.fresh.close(FRESH_URI);
    this.stats.checked++;
    this.stats.requests += 2 * (positions.length + 3);
    const problems: Array<[string, string]> = [];
    for (const [what, a, b] of [
      ['diagnostics', edited.diagnostics, fresh.diagnostics],
      ['hover', edited.hovers, fresh.hovers],
      ['symbols', edited.symbols, fresh.symbols],
      ['folding', edited.folding, fresh.folding],
      ['semantic tokens', edited.tokens, fresh.tokens],
    ] as const) {
      const d = sameAs(a, b, uri, FRESH_URI);
      if (d) problems.push([what, d]);
    }
    for (const [answers, label, u] of [[edited, 'after the edits', uri], [fresh, 'fresh open', FRESH_URI]] as const) {
      const outside = rangesOf(answers, u).find(([, r]) => !index.containsRange(r));
      if (outside) problems.push(['range', `${label}: ${outside[0]} at ${JSON.stringify(outside[1])}, outside the document of ${index.lineCount} lines`]);
      const selection = selectionOutside(answers.symbols);
      if (selection) problems.push(['symbols', `${label}: the selection range of ${selection} lies outside its range`]);
    }
    for (const [server, label] of [[this.edited, 'after the edits'], [this.fresh, 'fresh open']] as const) {
      const logged = server.failures();
      if (logged.length) problems.push(['log', `${label}: ${logged.join('\n')}`]);
    }
    for (const [what, detail] of problems) found(step, what, `${detail}\nhovered at ${JSON.stringify(positions)}`);
    return problems.length === 0;
  }
}

/**
 * Opens `options.documents` fuzzed documents in the bundled server, edits each `options.edits` times,
 * and compares every version with a fresh open of its text. Mismatches are collected, not thrown: a
 * document stops at its first one.
 */
export async function runLspFuzz(options: LspFuzzOptions): Promise<LspFuzzStats> {
  const seeds = fuzzSeeds();
  const run = await Run.start(options);
  try {
    for (let d = 0; d < options.documents; d++) {
      if (options.only !== undefined && d !== options.only) continue;
      await run.document(d, seeds);
    }
  } finally {
    run.stop();
  }
  return run.stats;
}
