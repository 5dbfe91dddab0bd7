// The pre-commit hooks a HELM fork uses: each hook runs a `bin` of this package, matches HELM's conf file names, and the packed package pre-commit installs holds the built bundles.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { projectRoot } from '../helpers/corpus';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
const hooks = yaml.load(fs.readFileSync(path.join(projectRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

describe('pre-commit hooks', () => {
  it('check and format, as node hooks that run a bin of this package', () => {
    assert.deepStrictEqual(hooks.map((h) => [h.id, h.entry, h.language]), [
      ['helm-conf-check', 'helm-conf check', 'node'],
      ['helm-conf-format', 'helm-conf format', 'node'],
    ]);
    for (const h of hooks) assert.ok(manifest.bin[h.entry.split(' ')[0]], `${h.entry}: no such bin`);
  });

  it("match HELM's conf file names, in any folder, and nothing else", () => {
    const names = ['run_entries.conf', 'src/helm/benchmark/presentation/run_entries_lite.conf', 'conf/run_specs_x.conf', 'other.conf', 'run_entries.conf.bak', 'my_run_entries.conf'];
    for (const h of hooks) {
      const re = new RegExp(h.files);
      assert.deepStrictEqual(names.map((n) => re.test(n)), [true, true, true, false, false, false], h.id);
    }
  });

  it('a fresh install builds dist/, and the packed package holds the bundles the bins point at', () => {
    assert.strictEqual(manifest.scripts.postinstall, 'node scripts/build-dist.mjs');
    // pre-commit reads the tarball's name from npm pack's stdout: a prepare or prepack script's banner would land there.
    assert.ok(!manifest.scripts.prepare && !manifest.scripts.prepack, 'npm pack would print a script banner before the file name');
    const r = spawnSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: projectRoot, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    const files = new Set((JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path));
    for (const bin of Object.values(manifest.bin)) assert.ok(files.has(bin), `${bin} is not in the package`);
    // What the bundles read at run time: the registry snapshot and the HELM helper script.
    for (const f of ['server/data/registry-snapshot.json', 'server/python/helm_bridge.py', 'scripts/build-dist.mjs']) assert.ok(files.has(f), `${f} is not in the package`);
    assert.ok(![...files].some((f) => f.startsWith('test/') || f.startsWith('out/') || f.startsWith('node_modules/')), 'tests or build output in the package');
  });
});
