// `helm-conf expand FILE…`: the RunSpecs each run entry expands to (static expansion), as text or JSON.
import type { ExpandedEntry, ExpansionFilters } from '../common/protocol';
import { parseConf } from '../parser/index';
import type { Registry } from '../registry/types';
import { expandEntry } from '../expansion/staticExpansion';
import type { HelmBridge } from '../expansion/helmBridge';
import type { RunEntry } from '../parser/types';
import { pythonDecodeError } from '../common/userFiles';
import { exactQuestion, withExactAnswer } from '../services/exactChecks';
import { FILE_REFUSED, SHAPE_REFUSED } from '../services/rules';
import { loadCliRegistry } from './registry';
import { lastOf, parseArgs, wantsHelp } from './args';
import { EXACT_SINGLE, EXACT_SWITCHES, helmLabel, startExactSession } from './exact';
import { cannotReadLine, expandFileArgs } from './files';
import type { CliIO } from './io';

const USAGE = `Usage: helm-conf expand FILE|FOLDER... [options]

Lists the RunSpecs each run entry expands to, named as HELM names them (static expansion: where a
name can only be known by running Python, it is marked approximate).

Options:
  --models-to-run M...      as helm-run --models-to-run
  --priority N              keep entries with priority at most N (as helm-run --priority)
  --groups-to-run G...      as helm-run --groups-to-run
  --format text|json        output format (default text)
  --local-path DIR          HELM's --local-path (default: prod_env, when it exists in the current folder)
  --plugins PATH...         plugin .py files or folders with @run_spec_function (as helm-run --plugins)
  --exact                   HELM's own names (and errors), from HELM itself; never downloads, starts a
                            program or writes outside a temporary folder
  --python PATH             with --exact: the interpreter that has HELM (default: python3)
  --helm-source DIR         with --exact: a HELM checkout to put first on its path
  -h, --help                show this help

Exit status: 0 done, 2 usage error, unreadable file, or --exact without HELM.
`;

/** One entry of `--format json`. */
export interface ExpandedEntryJson extends Omit<ExpandedEntry, 'line'> {
  file: string;
  /** 1-based line of the entry. `exact`: the names (or the error) come from HELM itself (`--exact`). */
  line: number;
  /** With `--exact`: the side effect HELM would have had building the RunSpecs (the names stay static). */
  refused?: string;
}

interface ExpandArgs {
  files: string[];
  filters: ExpansionFilters;
  format: 'text' | 'json';
  localPath?: string;
  plugins: string[];
  exact?: { python?: string; helmSource?: string };
}

const MULTI = new Set(['models-to-run', 'groups-to-run', 'plugins']);
const SINGLE = new Set(['priority', 'format', 'local-path', ...EXACT_SINGLE]);

function parseExpandArgs(args: string[]): ExpandArgs | string {
  const out: ExpandArgs = { files: [], filters: {}, format: 'text', plugins: [] };
  const parsed = parseArgs(args, MULTI, SINGLE, EXACT_SWITCHES);
  if (typeof parsed === 'string') return parsed;
  out.files = parsed.files;
  const flags = parsed.flags;
  const priority = lastOf(flags, 'priority');
  if (priority !== undefined) {
    if (!/^-?\d+$/.test(priority)) return `--priority takes an integer, not ${JSON.stringify(priority)}`;
    out.filters.priority = Number(priority);
  }
  if (flags.has('models-to-run')) out.filters.modelsToRun = flags.get('models-to-run');
  if (flags.has('groups-to-run')) out.filters.groupsToRun = flags.get('groups-to-run');
  const format = lastOf(flags, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') return `--format must be text or json, not ${JSON.stringify(format)}`;
  out.format = format;
  out.localPath = lastOf(flags, 'local-path');
  out.plugins = flags.get('plugins') ?? [];
  if (flags.has('exact')) out.exact = { python: lastOf(flags, 'python'), helmSource: lastOf(flags, 'helm-source') };
  if (out.files.length === 0) return 'no FILE given';
  return out;
}

/** One entry of the files, with its RunSpecs by static expansion. */
interface ExpandedRunEntry {
  item: ExpandedEntryJson;
  entry: RunEntry;
}

/** What expandFiles says besides the entries: a file it cannot read, and one helm-run could not read (1-based place). */
export interface ExpandNotices {
  unreadable(file: string, err: unknown): void;
  refused(file: string, line: number, column: number, why: string): void;
}

/**
 * The files' entries with their RunSpecs, one at a time in file and entry order, so that a file of
 * 100,000 entries naming wildcards (tens of millions of RunSpecs) is never held whole.
 */
export function* expandFiles(files: string[], registry: Registry, filters: ExpansionFilters, readFile: CliIO['readFile'], notices: ExpandNotices): Generator<ExpandedRunEntry> {
  for (const file of files) {
    let read: ReturnType<CliIO['readFile']>;
    try {
      read = readFile(file);
    } catch (err) {
      notices.unreadable(file, err);
      continue;
    }
    const conf = parseConf(read.text);
    // helm-run would read none of it: said before its entries, which are listed all the same.
    const problem = conf.problems.find((p) => FILE_REFUSED.has(p.code)) ?? conf.problems.find((p) => SHAPE_REFUSED.has(p.code));
    const refusal = read.notUtf8
      ? { at: read.notUtf8.offset, why: `it stops with \`${pythonDecodeError(read.notUtf8)}\`.` }
      : problem && { at: problem.span.start, why: problem.message };
    if (refusal) {
      const at = conf.lines.positionAt(refusal.at);
      notices.refused(file, at.line + 1, at.character + 1, refusal.why);
    }
    for (const entry of conf.entries) {
      const e = expandEntry(entry, registry, filters);
      const item: ExpandedEntryJson = {
        file,
        line: conf.lines.positionAt(entry.node.span.start).line + 1,
        description: e.description,
        runSpecs: e.runSpecs.map((r) => r.name),
        exact: false,
        approximate: e.approximate,
      };
      if (e.error) item.error = e.error;
      if (e.filteredOut) item.filteredOut = true;
      yield { item, entry };
    }
  }
}

/** Entries asked of HELM at once with `--exact`; their answers are written before the next ones are asked. */
const EXACT_BATCH = 64;

/** `--exact`: HELM's names (or its error) replace the static ones, entry by entry, a batch at a time. */
async function* exactItems(bridge: HelmBridge, expanded: Iterable<ExpandedRunEntry>, filters: ExpansionFilters): AsyncGenerator<ExpandedEntryJson> {
  const ask = async ({ item, entry }: ExpandedRunEntry): Promise<ExpandedEntryJson> => {
    const q = exactQuestion(entry);
    if (!q || item.filteredOut) return item;
    const a = await bridge.expand(q.description, filters, q.fields, { lane: 'background' });
    return !a.ok && a.kind === 'refused' ? { ...item, refused: a.error } : withExactAnswer(item, a);
  };
  let batch: ExpandedRunEntry[] = [];
  for (const e of expanded) {
    batch.push(e);
    if (batch.length < EXACT_BATCH) continue;
    yield* await Promise.all(batch.map(ask));
    batch = [];
  }
  yield* await Promise.all(batch.map(ask));
}

function* staticItems(expanded: Iterable<ExpandedRunEntry>): Generator<ExpandedEntryJson> {
  for (const e of expanded) yield e.item;
}

function textLines(item: ExpandedEntryJson): string[] {
  const head = `${item.file}:${item.line}: ${item.description}`;
  if (item.filteredOut) return [`${head}  (dropped by --priority)`];
  if (item.error) return [`${head}  (error: ${item.error})`];
  const n = item.runSpecs.length;
  const how = item.refused ? `, static: ${item.refused}` : item.approximate ? ', approximate' : '';
  return [`${head}  (${n} RunSpec${n === 1 ? '' : 's'}${how})`, ...item.runSpecs.map((r) => `  ${r}`)];
}


/** The JSON array of the items, written as they come: the same text as JSON.stringify(items, null, 2). */
function jsonArrayWriter(write: (text: string) => void): { item(value: unknown): void; end(): void } {
  let count = 0;
  return {
    item(value) {
      write(`${count++ === 0 ? '[\n' : ',\n'}  ${JSON.stringify(value, null, 2).replace(/\n/g, '\n  ')}`);
    },
    end() {
      write(count === 0 ? '[]\n' : '\n]\n');
    },
  };
}

/** Exit codes: 0 done, 2 usage error, an unreadable file or --exact without HELM. Output is written entry by entry. */
export async function runExpandCommand(args: string[], io: Pick<CliIO, 'stdout' | 'stderr' | 'readFile'> & Partial<Pick<CliIO, 'cwd' | 'drained'>>, registry?: Registry): Promise<number> {
  if (wantsHelp(args)) {
    io.stdout(USAGE);
    return 0;
  }
  const parsed = parseExpandArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`helm-conf expand: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  // Loaded only when no registry is given, so that tests pass one without reading any HELM.
  const reg =
    registry ??
    (await loadCliRegistry({ cwd: io.cwd ?? process.cwd(), localPath: parsed.localPath, plugins: parsed.plugins, warn: (m: string) => io.stderr(`helm-conf: ${m}\n`) }));
  const files = expandFileArgs(parsed.files, { cwd: io.cwd ?? process.cwd() }, (m) => io.stderr(`helm-conf: ${m}\n`));
  let bridge: HelmBridge | undefined;
  let source = 'static expansion';
  if (parsed.exact) {
    const session = await startExactSession({ ...parsed.exact, cwd: io.cwd ?? process.cwd(), localPath: parsed.localPath, plugins: parsed.plugins });
    if (!session.ok) {
      io.stderr(`helm-conf expand --exact: ${session.message}\n`);
      return 2;
    }
    bridge = session.bridge;
    source = helmLabel(session.helm);
  }
  let unreadable = 0;
  const expanded = expandFiles(files, reg, parsed.filters, io.readFile, {
    unreadable: (f, err) => {
      unreadable++;
      io.stderr(cannotReadLine('expand', f, err));
    },
    refused: (f, line, column, why) => io.stderr(`helm-conf expand: ${f}:${line}:${column}: helm-run cannot read this file, so none of the RunSpecs listed for it would run: ${why}\n`),
  });
  const json = parsed.format === 'json' ? jsonArrayWriter(io.stdout) : undefined;
  let entries = 0;
  let total = 0;
  try {
    for await (const item of bridge ? exactItems(bridge, expanded, parsed.filters) : staticItems(expanded)) {
      entries++;
      total += item.runSpecs.length;
      if (json) json.item(item);
      else io.stdout(textLines(item).join('\n') + '\n');
      // A slow reader of the output (a pipe to less) holds the expansion back instead of the memory filling.
      await io.drained?.();
    }
  } finally {
    await bridge?.dispose();
  }
  if (json) json.end();
  else io.stdout(`${total} RunSpec${total === 1 ? '' : 's'} from ${entries} entr${entries === 1 ? 'y' : 'ies'} (${source})\n`);
  return unreadable || files.length === 0 ? 2 : 0;
}
