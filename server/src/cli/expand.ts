// `helm-conf expand FILE…`: the RunSpecs each run entry expands to (static expansion), as text or JSON.
import type { ExpandedEntry, ExpansionFilters } from '../common/protocol';
import { parseConf } from '../parser/index';
import type { Registry } from '../registry/types';
import { expandConf } from '../expansion/staticExpansion';
import { loadCliRegistry } from './registry';
import { lastOf, parseArgs, wantsHelp } from './args';
import { expandFileArgs } from './files';
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
  -h, --help                show this help

Exit status: 0 done, 2 usage error or unreadable file.
`;

/** One entry of `--format json`. */
export interface ExpandedEntryJson extends Omit<ExpandedEntry, 'line'> {
  file: string;
  /** 1-based line of the entry. `exact` is always false here: the names come from static expansion. */
  line: number;
}

interface ExpandArgs {
  files: string[];
  filters: ExpansionFilters;
  format: 'text' | 'json';
  localPath?: string;
  plugins: string[];
}

const MULTI = new Set(['models-to-run', 'groups-to-run', 'plugins']);
const SINGLE = new Set(['priority', 'format', 'local-path']);

function parseExpandArgs(args: string[]): ExpandArgs | string {
  const out: ExpandArgs = { files: [], filters: {}, format: 'text', plugins: [] };
  const parsed = parseArgs(args, MULTI, SINGLE);
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
  if (out.files.length === 0) return 'no FILE given';
  return out;
}

/** Expands the files' entries; returns the items in file and entry order, or the unreadable file. */
export function expandFiles(files: string[], registry: Registry, filters: ExpansionFilters, readFile: (path: string) => string): { items: ExpandedEntryJson[]; unreadable: string[] } {
  const items: ExpandedEntryJson[] = [];
  const unreadable: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFile(file);
    } catch {
      unreadable.push(file);
      continue;
    }
    const conf = parseConf(text);
    expandConf(conf, registry, filters).forEach((e, i) => {
      const item: ExpandedEntryJson = {
        file,
        line: conf.lines.positionAt(conf.entries[i].node.span.start).line + 1,
        description: e.description,
        runSpecs: e.runSpecs.map((r) => r.name),
        exact: false,
        approximate: e.approximate,
      };
      if (e.error) item.error = e.error;
      if (e.filteredOut) item.filteredOut = true;
      items.push(item);
    });
  }
  return { items, unreadable };
}

function textLines(item: ExpandedEntryJson): string[] {
  const head = `${item.file}:${item.line}: ${item.description}`;
  if (item.filteredOut) return [`${head}  (dropped by --priority)`];
  if (item.error) return [`${head}  (error: ${item.error})`];
  const n = item.runSpecs.length;
  return [`${head}  (${n} RunSpec${n === 1 ? '' : 's'}${item.approximate ? ', approximate' : ''})`, ...item.runSpecs.map((r) => `  ${r}`)];
}

/** Exit codes: 0 done, 2 usage error or an unreadable file. */
export async function runExpandCommand(args: string[], io: Pick<CliIO, 'stdout' | 'stderr' | 'readFile'> & { cwd?: string }, registry?: Registry): Promise<number> {
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
  const { items, unreadable } = expandFiles(files, reg, parsed.filters, io.readFile);
  for (const f of unreadable) io.stderr(`helm-conf expand: cannot read ${f}\n`);
  if (parsed.format === 'json') io.stdout(JSON.stringify(items, null, 2) + '\n');
  else {
    const lines = items.flatMap(textLines);
    const total = items.reduce((n, i) => n + i.runSpecs.length, 0);
    lines.push(`${total} RunSpec${total === 1 ? '' : 's'} from ${items.length} entr${items.length === 1 ? 'y' : 'ies'} (static expansion)`);
    io.stdout(lines.join('\n') + '\n');
  }
  return unreadable.length || files.length === 0 ? 2 : 0;
}
