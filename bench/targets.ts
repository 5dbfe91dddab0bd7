// The parser's performance targets, each as a ratio to its yardstick measured in the same run: `check` of the corpus vs pyhocon's parse, start-up vs `node -e 0`, parse vs JSON.parse, 100,000 entries (time, memory), growth from 10k to 300k entries.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseConf } from '../server/src/parser/index';
import { corpusConfFiles, projectRoot } from '../test/helpers/corpus';
import { generatedWithJson, median } from './_inputs';

const CLI = path.join(projectRoot, 'dist', 'cli.js');
const TIME = '/usr/bin/time';

/** A whole process: wall and CPU seconds, peak resident MiB (CPU and memory only where /usr/bin/time is). */
interface Run {
  wall: number;
  cpu?: number;
  peakMiB?: number;
}

function runOnce(argv: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const timed = fs.existsSync(TIME);
  const t0 = process.hrtime.bigint();
  const r = timed
    ? spawnSync(TIME, ['-f', '@@ %U %S %M', ...argv], { env, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) throw r.error;
  const m = timed ? /@@ ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr) : null;
  if (!m) return { wall };
  return { wall, cpu: Number(m[1]) + Number(m[2]), peakMiB: Number(m[3]) / 1024 };
}

/** The median run of `runs` (wall, CPU and peak taken each as its own median). */
function measure(argv: string[], runs: number, env?: NodeJS.ProcessEnv): Run {
  runOnce(argv, env); // warm-up: the file cache
  const all = Array.from({ length: runs }, () => runOnce(argv, env));
  const cpus = all.flatMap((r) => (r.cpu === undefined ? [] : [r.cpu]));
  const peaks = all.flatMap((r) => (r.peakMiB === undefined ? [] : [r.peakMiB]));
  return { wall: median(all.map((r) => r.wall)), cpu: cpus.length ? median(cpus) : undefined, peakMiB: peaks.length ? median(peaks) : undefined };
}

const secs = (r: Run): string => `${r.wall.toFixed(3)} s wall${r.cpu === undefined ? '' : `, ${r.cpu.toFixed(3)} s CPU`}`;
const mem = (r: Run): string => (r.peakMiB === undefined ? 'peak memory unknown (no /usr/bin/time)' : `peak ${r.peakMiB.toFixed(0)} MiB`);
const ratio = (a: number, b: number): string => `${(a / b).toFixed(a / b < 0.1 ? 4 : 2)}×`;

/** pyhocon from PYHOCON_PYTHONPATH (or installed), when `python3 -c 'import pyhocon'` works. */
function pyhocon(): { python: string; env: NodeJS.ProcessEnv } | undefined {
  const python = process.env.PYHOCON_PYTHON ?? 'python3';
  const extra = process.env.PYHOCON_PYTHONPATH;
  const env = extra ? { ...process.env, PYTHONPATH: extra } : process.env;
  const r = spawnSync(python, ['-c', 'import pyhocon'], { env, encoding: 'utf8' });
  return r.status === 0 ? { python, env } : undefined;
}

/**
 * f and g in turn, `runs` times each after `warmUp` untimed turns: the median time of each (ms) and
 * the median of the ratios f/g taken pair by pair, which holds when the machine's speed drifts.
 */
function inProcessPaired(runs: number, f: () => unknown, g: () => unknown, warmUp: number): { a: number; b: number; ratio: number; runs: number } {
  for (let i = 0; i < warmUp; i++) {
    f();
    g();
  }
  const time = (h: () => unknown): number => {
    const t0 = process.hrtime.bigint();
    h();
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = time(f);
    const b = time(g);
    as.push(a);
    bs.push(b);
    ratios.push(a / b);
  }
  return { a: median(as), b: median(bs), ratio: median(ratios), runs };
}

/**
 * parseConf of one file, median ms of `runs`, in a process of its own that first parses the same
 * 10,000 generated entries ten times: each size is measured in the same state of V8 (compiled code,
 * an empty heap), not after whatever the sizes before it left.
 */
function parseInFreshProcess(file: string, runs: number): number {
  const parser = path.join(__dirname, '..', 'server', 'src', 'parser', 'index.js');
  const script = `
    const { parseConf } = require(${JSON.stringify(parser)});
    const warm = ${JSON.stringify(generatedWithJson(10_000).conf)};
    for (let i = 0; i < 10; i++) parseConf(warm);
    const text = require('fs').readFileSync(${JSON.stringify(file)}, 'utf8');
    const times = [];
    for (let i = 0; i < ${runs}; i++) {
      const t0 = process.hrtime.bigint();
      parseConf(text);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ ms: times[times.length >> 1] }));`;
  const r = spawnSync(process.execPath, ['-'], { input: script, encoding: 'utf8' });
  const m = /\{.*\}/.exec(r.stdout ?? '');
  if (r.status !== 0 || !m) throw new Error(`parse of ${file} failed: ${r.stderr}`);
  return (JSON.parse(m[0]) as { ms: number }).ms;
}

export async function run(): Promise<void> {
  if (!fs.existsSync(CLI)) {
    console.log('skipped: dist/cli.js is missing (node esbuild.mjs)');
    return;
  }
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} processors; medians`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-targets-'));
  try {
    const files = corpusConfFiles();
    if (files.length) {
      const dir = path.dirname(files[0]);
      const check = measure([process.execPath, CLI, 'check', dir], 7);
      const py = pyhocon();
      let yard: Run | undefined;
      if (py) {
        const script = 'import sys\nfrom pyhocon import ConfigFactory\nfor f in sys.argv[1:]: ConfigFactory.parse_file(f)\n';
        yard = measure([py.python, '-c', script, ...files], 3, py.env);
        console.log(`check of the corpus (${files.length} files): ${secs(check)}; pyhocon's parse ${secs(yard)}: ratio ${ratio(check.wall, yard.wall)} wall (target ≤ 0.02×: 50× faster)`);
      } else {
        console.log(`check of the corpus (${files.length} files): ${secs(check)}; pyhocon absent (set PYHOCON_PYTHONPATH, or PYHOCON_PYTHON), no ratio (target ≤ 0.12 s)`);
      }
      const small = files.map((f) => ({ f, lines: fs.readFileSync(f, 'utf8').split('\n').length })).sort((a, b) => Math.abs(a.lines - 30) - Math.abs(b.lines - 30))[0];
      const one = measure([process.execPath, CLI, 'check', small.f], 11);
      const bare = measure([process.execPath, '-e', '0'], 11);
      console.log(`check of one ${small.lines}-line file (start-up): ${secs(one)}; node -e 0 ${secs(bare)}: ratio ${ratio(one.wall, bare.wall)} wall (target ≤ 0.08 s)`);
      const certs = process.env.NODE_EXTRA_CA_CERTS;
      if (certs) {
        // Node reads and parses these certificates at every start, before any of a program's code runs.
        const env = { ...process.env };
        delete env.NODE_EXTRA_CA_CERTS;
        const bareWithout = measure([process.execPath, '-e', '0'], 11, env);
        const checkWithout = measure([process.execPath, CLI, 'check', dir], 7, env);
        console.log(
          `  NODE_EXTRA_CA_CERTS is set (${certs}): node -e 0 takes ${secs(bareWithout)} without it, ${(bare.wall - bareWithout.wall).toFixed(3)} s less; the check of the corpus ${secs(checkWithout)}${yard ? `, ${ratio(checkWithout.wall, yard.wall)} pyhocon's parse` : ''} (for information: the targets are the lines above)`,
        );
      }

      const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
      const jsons = texts.map((t) => JSON.stringify(parseConf(t).entries.map((e) => ({ description: e.description?.parsed?.text ?? '', priority: Number(e.priority?.value ?? 0) }))));
      // Both warm: JSON.parse is native code from the first call, parseConf is compiled by V8 as it runs
      // (the command line's cold start is the first line's).
      const paired = inProcessPaired(
        41,
        () => texts.forEach((t) => parseConf(t)),
        () => jsons.forEach((j) => JSON.parse(j)),
        20,
      );
      console.log(`parse of the corpus (warm) ${paired.a.toFixed(1)} ms; JSON.parse of the same data ${paired.b.toFixed(2)} ms: ratio ${paired.ratio.toFixed(2)}×, the median of ${paired.runs} pairs (target ≤ 8×)`);
    } else {
      console.log('corpus (../shared/helm-corpus) absent: its lines skipped');
    }

    // The time per entry of check leaves out its start-up: a check of a one-entry file.
    const base = path.join(tmp, 'run_entries_1.conf');
    fs.writeFileSync(base, generatedWithJson(1).conf);
    const startUp = measure([process.execPath, CLI, 'check', base], 5).wall;
    const perEntry: Array<{ n: number; ms: number; parseMs: number }> = [];
    for (const n of [10_000, 100_000, 300_000]) {
      const g = generatedWithJson(n);
      const conf = path.join(tmp, `run_entries_${n}.conf`);
      const json = path.join(tmp, `entries_${n}.json`);
      fs.writeFileSync(conf, g.conf);
      fs.writeFileSync(json, g.json);
      const runs = n >= 300_000 ? 1 : 3;
      const check = measure([process.execPath, CLI, 'check', conf], runs);
      const yard = measure([process.execPath, '-e', 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))', json], runs);
      console.log(
        `check of ${n.toLocaleString('en')} entries (${(g.conf.length / 1e6).toFixed(1)} MB): ${secs(check)}, ${mem(check)}; JSON.parse of the same data ${secs(yard)}, ${mem(yard)}: ratio ${ratio(check.wall, yard.wall)} wall${n === 100_000 ? ' (target ≤ 1 s and ≤ 300 MB)' : ''}`,
      );
      const parse = parseInFreshProcess(conf, n >= 300_000 ? 3 : 5);
      perEntry.push({ n, ms: ((check.wall - startUp) * 1000) / n, parseMs: parse / n });
      console.log(`  parseConf in a fresh process, after the same warm-up: ${((parse * 1000) / n).toFixed(2)} µs per entry`);
    }
    const [first, last] = [perEntry[0], perEntry[perEntry.length - 1]];
    console.log(`growth, time per entry at 300k / at 10k: check (less its start-up) ${(last.ms / first.ms).toFixed(2)}×, parseConf ${(last.parseMs / first.parseMs).toFixed(2)}× (target ≤ 1.5×)`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
