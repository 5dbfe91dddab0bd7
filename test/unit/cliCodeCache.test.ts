// The command line's start from V8's code cache (dist/cli.js → dist/cli-main.js + .cache): used when it is this bundle's, ignored otherwise.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { projectRoot } from '../helpers/corpus';

const DIST = path.join(projectRoot, 'dist');
const EXAMPLE = path.join(projectRoot, 'examples', 'run_entries.conf');

/** The check of the example, and what the start said of the code cache (HELM_CONF_REPORT_CODE_CACHE). */
function check(dist: string): { run: { code: number | null; stdout: string; stderr: string }; cache: string } {
  const r = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'check', EXAMPLE], { encoding: 'utf8', timeout: 60000, env: { ...process.env, HELM_CONF_REPORT_CODE_CACHE: '1' } });
  const cache = /^code cache: (\w+)\n/.exec(r.stderr)?.[1] ?? 'not said';
  return { run: { code: r.status, stdout: r.stdout, stderr: r.stderr.replace(/^code cache: \w+\n/, '') }, cache };
}

/** The command line's bundles and cache copied to a temporary dist/, beside the project's server/data (the registry snapshot). */
function copiedDist(root: string): string {
  const dir = path.join(root, 'dist');
  fs.mkdirSync(dir);
  for (const f of fs.readdirSync(DIST)) if (/^cli.*\.(js|cache)$/.test(f)) fs.copyFileSync(path.join(DIST, f), path.join(dir, f));
  fs.mkdirSync(path.join(root, 'server'));
  fs.symlinkSync(path.join(projectRoot, 'server', 'data'), path.join(root, 'server', 'data'));
  return dir;
}

const stampOf = (file: string): string => {
  const s = fs.statSync(file);
  return `${s.size} ${s.mtimeMs}`;
};

describe('the command line\'s code cache', () => {
  it('the build writes one that the command line starts from', () => {
    assert.strictEqual(check(DIST).cache, 'accepted');
  });

  it('a cache that is not this bundle\'s, or is broken, or is missing is not used, and changes nothing the user sees', () => {
    const expected = check(DIST).run;
    assert.strictEqual(expected.code, 1);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-conf-dist-'));
    try {
      const dir = copiedDist(root);
      const main = path.join(dir, 'cli-main.js');
      const cache = path.join(dir, 'cli-main.js.cache');
      const variants: Array<{ name: string; cache: string; write: () => void }> = [
        { name: 'its own (the build\'s cache, stamped for the copy)', cache: 'accepted', write: () => { const c = fs.readFileSync(path.join(DIST, 'cli-main.js.cache')); fs.writeFileSync(cache, Buffer.concat([Buffer.from(`${stampOf(main)}\n`), c.subarray(c.indexOf(10) + 1)])); } },
        { name: 'another bundle\'s (stamp differs)', cache: 'none', write: () => fs.writeFileSync(cache, fs.readFileSync(path.join(DIST, 'cli-main.js.cache'))) },
        { name: 'broken (right stamp, garbage after it)', cache: 'rejected', write: () => fs.writeFileSync(cache, Buffer.concat([Buffer.from(`${stampOf(main)}\n`), Buffer.alloc(4096, 7)])) },
        { name: 'cut short (right stamp, half of a cache)', cache: 'rejected', write: () => { const c = fs.readFileSync(path.join(DIST, 'cli-main.js.cache')); const end = c.indexOf(10); fs.writeFileSync(cache, Buffer.concat([Buffer.from(`${stampOf(main)}\n`), c.subarray(end + 1, end + 1 + (c.length - end) / 2)])); } },
        { name: 'missing', cache: 'none', write: () => fs.rmSync(cache, { force: true }) },
      ];
      for (const v of variants) {
        v.write();
        const got = check(dir);
        assert.strictEqual(got.cache, v.cache, v.name);
        assert.deepStrictEqual(got.run, expected, v.name);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
