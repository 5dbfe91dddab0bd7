// `helm-conf`'s start (dist/cli.js): runs the command line's bundle (dist/cli-main.js) with V8's code cache written beside it at build time, so that the functions a check needs are not compiled again at every start.
//
// The cache holds the bytecode of the functions a check of examples/run_entries.conf compiled, not only
// the bundle's top level. It is used only for the bundle it was made from (same size and modification
// time) and by the same Node and V8 (V8 refuses it otherwise): in any other case, or without it, the
// bundle is compiled as usual. Nothing is written at run time but on the build's request
// (HELM_CONF_WRITE_CODE_CACHE); HELM_CONF_REPORT_CODE_CACHE says on stderr whether the cache was used.
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { setFlagsFromString } from 'v8';
import * as vm from 'vm';

/*
 * A check is short: V8's optimizing compiler spends more on the functions it picks there than their
 * faster code gives back before the command ends. It is asked to wait for three times as much work
 * as by default before it picks a function, which spares most of that (a check of the corpus's 70
 * files takes 0.88× the time) and still optimizes what runs long (100,000 entries: 0.98×). Set
 * before the bundle is compiled: V8 takes a code cache only under the flags it was made with, and
 * the build makes the cache here too.
 */
setFlagsFromString('--interrupt-budget=202752');

const MAIN = path.join(__dirname, 'cli-main.js');
const CACHE = `${MAIN}.cache`;

/** What the cache records of the bundle it was made from. */
function stampOf(file: string): string {
  const stat = fs.statSync(file);
  return `${stat.size} ${stat.mtimeMs}`;
}

/** The code cache made from this very bundle, if there is one. */
function cachedData(stamp: string): Buffer | undefined {
  try {
    const cache = fs.readFileSync(CACHE);
    const end = cache.indexOf(10);
    return end > 0 && cache.toString('latin1', 0, end) === stamp ? cache.subarray(end + 1) : undefined;
  } catch {
    return undefined;
  }
}

function start(): void {
  const source = fs.readFileSync(MAIN, 'utf8');
  const stamp = stampOf(MAIN);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const cache = cachedData(stamp);
  const script = new vm.Script(wrapped, { filename: MAIN, cachedData: cache });
  if (process.env.HELM_CONF_REPORT_CODE_CACHE) process.stderr.write(`code cache: ${!cache ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted'}\n`);
  if (process.env.HELM_CONF_WRITE_CODE_CACHE === CACHE) {
    // The build's run: the cache is written once the command is done, with what it compiled.
    process.once('exit', () => fs.writeFileSync(CACHE, Buffer.concat([Buffer.from(`${stamp}\n`, 'latin1'), script.createCachedData()])));
  }
  const main = { exports: {}, filename: MAIN, id: '.', loaded: false };
  const require = createRequire(MAIN);
  // The bundle starts its command when it is the program's main module.
  require.main = main as unknown as NodeJS.Module;
  (script.runInThisContext() as (...args: unknown[]) => void).call(main.exports, main.exports, require, main, MAIN, __dirname);
}

start();
