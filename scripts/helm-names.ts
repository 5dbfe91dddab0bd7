// Asks HELM itself (through the bridge) for the RunSpec names of every corpus entry; writes them as JSON.
//
//   node out/scripts/helm-names.js [--python /usr/bin/python3] [--helm-source DIR] [--pythonpath DIRS]
//     [--corpus DIR] [--models-to-run openai/gpt2 …] [--out FILE] [--timeout-ms N]
//
// The output maps each description to HELM's RunSpec names (or HELM's error), expanded without the
// entry's priority and groups, plus the same per file and entry with the entry's groups applied.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HelmBridge } from '../server/src/expansion/helmBridge';

interface Args {
  python: string;
  helmSource?: string;
  pythonPath?: string;
  corpus: string;
  modelsToRun: string[];
  out: string;
  timeoutMs: number;
}

type Answer = { runSpecs: string[] } | { error: string };

function parseArgs(argv: string[]): Args {
  const args: Args = {
    python: 'python3',
    corpus: path.resolve(__dirname, '..', '..', '..', 'shared', 'helm-corpus'),
    modelsToRun: ['openai/gpt2'],
    out: path.join(os.tmpdir(), 'helm-exact-names.json'),
    timeoutMs: 60_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const values: string[] = [];
    while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) values.push(argv[++i]);
    const value = values[0] ?? '';
    if (flag === '--python') args.python = value;
    else if (flag === '--helm-source') args.helmSource = value;
    else if (flag === '--pythonpath') args.pythonPath = value;
    else if (flag === '--corpus') args.corpus = value;
    else if (flag === '--models-to-run') args.modelsToRun = values;
    else if (flag === '--out') args.out = value;
    else if (flag === '--timeout-ms') args.timeoutMs = Number(value);
    else throw new Error(`Unknown flag ${flag}`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const confDir = path.join(args.corpus, 'conf');
  const confFiles = fs.readdirSync(confDir).filter((f) => f.endsWith('.conf')).sort();
  // An empty working folder: no prod_env of some unrelated project is picked up.
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-names-'));
  const bridge = new HelmBridge({
    pythonPath: args.python,
    cwd,
    localPath: 'prod_env',
    plugins: [],
    helmSourcePath: args.helmSource,
    timeoutMs: args.timeoutMs,
    env: args.pythonPath ? { PYTHONPATH: args.pythonPath } : {},
    log: (message) => process.stderr.write(`${message}\n`),
  });
  const ping = await bridge.ping();
  if (!ping.ok) {
    process.stderr.write(`HELM is not available: ${ping.error}\n`);
    await bridge.dispose();
    process.exitCode = 1;
    return;
  }
  const descriptions: Record<string, Answer> = {};
  const files: Record<string, { entries: Array<{ description: string; priority: number | null; groups: string[] | null } & Answer> } | { error: string }> = {};
  let entriesSeen = 0;
  let entriesOk = 0;
  const started = Date.now();
  for (const file of confFiles) {
    const read = await bridge.readRunEntries([path.join(confDir, file)]);
    if (!read.ok) {
      files[file] = { error: read.error };
      continue;
    }
    const entries = [];
    for (const entry of read.entries) {
      entriesSeen++;
      const filters = { modelsToRun: args.modelsToRun };
      const plain = await bridge.expand(entry.description, filters);
      descriptions[entry.description] = plain.ok ? { runSpecs: plain.runSpecs.map((r) => r.name) } : { error: `${plain.kind}: ${plain.error}` };
      const withEntry = entry.groups ? await bridge.expand(entry.description, filters, { groups: entry.groups }) : plain;
      if (withEntry.ok) entriesOk++;
      entries.push({ ...entry, ...(withEntry.ok ? { runSpecs: withEntry.runSpecs.map((r) => r.name) } : { error: `${withEntry.kind}: ${withEntry.error}` }) });
      if (entriesSeen % 250 === 0) process.stderr.write(`${entriesSeen} entries (${Math.round((Date.now() - started) / 1000)} s)\n`);
    }
    files[file] = { entries };
  }
  const output = {
    helm: { version: ping.value.helmVersion, path: ping.value.helmPath, python: ping.value.python },
    modelsToRun: args.modelsToRun,
    summary: {
      confFiles: confFiles.length,
      confFilesHelmCouldNotRead: Object.values(files).filter((f) => 'error' in f).length,
      entries: entriesSeen,
      entriesExpanded: entriesOk,
      entriesWithHelmError: entriesSeen - entriesOk,
      distinctDescriptions: Object.keys(descriptions).length,
      seconds: Math.round((Date.now() - started) / 1000),
    },
    descriptions,
    files,
  };
  fs.writeFileSync(args.out, JSON.stringify(output, null, 1));
  process.stderr.write(`${JSON.stringify(output.summary)}\nWritten to ${args.out}\n`);
  await bridge.dispose();
  fs.rmSync(cwd, { recursive: true, force: true });
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
