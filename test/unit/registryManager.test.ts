// The RegistryManager: workspace prod_env and plugins, trust, an installed HELM found through the real python3, reloads.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findInstalledHelm, probeInstalledHelm, RegistryManager } from '../../server/src/registry/index';
import { fixturePath } from '../helpers/corpus';

const workspace = fixturePath('registry', 'workspace');
const site = fixturePath('registry', 'site');
const withPythonPath = <T>(value: string, body: () => Promise<T>): Promise<T> => {
  const saved = process.env.PYTHONPATH;
  process.env.PYTHONPATH = value;
  return body().finally(() => {
    if (saved === undefined) delete process.env.PYTHONPATH;
    else process.env.PYTHONPATH = saved;
  });
};

describe('registry: findInstalledHelm with the real python3', () => {
  it('finds the stand-in helm package on PYTHONPATH, and its crfm-helm version', async () => {
    const env = { ...process.env, PYTHONPATH: site };
    assert.strictEqual(await findInstalledHelm('python3', { env }), path.join(site, 'helm'));
    assert.deepStrictEqual(await probeInstalledHelm('python3', { env }), { helmDir: path.join(site, 'helm'), version: '0.5.99' });
  });

  it('says clearly that an interpreter is missing, without throwing', async () => {
    const r = await probeInstalledHelm('/no/such/python3');
    assert.deepStrictEqual(r, { error: 'Python interpreter not found: /no/such/python3' });
    assert.strictEqual(await findInstalledHelm('/no/such/python3'), undefined);
  });
});

describe('registry: RegistryManager', () => {
  it('starts from the bundled snapshot', () => {
    const m = new RegistryManager();
    assert.strictEqual(m.describeSource, 'bundled snapshot (HELM 63754d05)');
    assert.ok(m.registry.functions.has('mmlu'));
  });

  it('adds the workspace prod_env models and the plugin functions, with source workspace/plugin', async () => {
    const m = new RegistryManager();
    let changes = 0;
    m.onDidChange(() => changes++);
    await m.configure({ workspaceFolder: workspace, localPath: 'prod_env', plugins: ['plugins/team_run_specs.py'], allowPython: false });
    const model = m.registry.models.get('team/private-model');
    assert.deepStrictEqual([model?.origin.source, model?.origin.file, model?.origin.line, model?.description],
      ['workspace', path.join(workspace, 'prod_env', 'model_metadata.yaml'), 1, 'Our own fine-tune.']);
    assert.strictEqual(m.registry.deployments.get('team/private-model')?.origin.source, 'workspace');
    assert.strictEqual(m.registry.functions.get('team_task')?.origin.source, 'plugin');
    assert.ok(m.registry.wildcardMembers('instruction_following').includes('team/private-model'));
    assert.ok(m.registry.functions.has('mmlu'), 'the snapshot stays underneath');
    assert.strictEqual(m.describeSource, 'bundled snapshot (HELM 63754d05) + workspace');
    assert.strictEqual(changes, 1);
    assert.deepStrictEqual(m.watchedFiles(), [
      path.join(workspace, 'prod_env', 'model_metadata.yaml'), path.join(workspace, 'prod_env', 'model_deployments.yaml'),
      path.join(workspace, 'plugins', 'team_run_specs.py'),
    ]);
  });

  it('accepts a plugin given as a module name or a folder, and another --local-path', async () => {
    const m = new RegistryManager();
    await m.configure({ workspaceFolder: workspace, localPath: 'custom_env', plugins: ['plugins.team_run_specs'] });
    assert.ok(m.registry.models.has('team/custom-path-model'));
    assert.ok(!m.registry.models.has('team/private-model'));
    assert.ok(m.registry.functions.has('team_task'));
    await m.configure({ workspaceFolder: workspace, localPath: 'custom_env', plugins: ['plugins'] });
    assert.ok(m.registry.functions.has('team_task'));
    assert.ok(m.isWatched(path.join(workspace, 'plugins', 'new_file.py')));
  });

  it('reports a plugin that registers a name HELM already has, as helm-run would refuse it', async () => {
    const m = new RegistryManager();
    await m.configure({ workspaceFolder: workspace, plugins: ['plugins_dup/dup_run_specs.py'] });
    const file = path.join(workspace, 'plugins_dup', 'dup_run_specs.py');
    assert.deepStrictEqual(m.problems.map((p) => [p.file, p.line, p.message]), [
      [file, 4, 'A run spec function with name mmlu already exists: helm-run stops with ValueError when it imports this plugin'],
    ]);
  });

  it('reloads a changed file alone, reports a broken one as a problem and keeps what it can read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-registry-'));
    try {
      fs.mkdirSync(path.join(dir, 'prod_env'));
      const file = path.join(dir, 'prod_env', 'model_metadata.yaml');
      fs.writeFileSync(file, 'models:\n  - name: a/one\n    tags: [TEXT_MODEL_TAG]\n');
      const m = new RegistryManager();
      await m.configure({ workspaceFolder: dir });
      const v1 = m.version;
      assert.ok(m.registry.models.has('a/one'));
      fs.writeFileSync(file, 'models:\n  - name: a/two\n    tags: [TEXT_MODEL_TAG]\n  - name: [broken\n');
      await m.fileChanged(file);
      assert.ok(m.version > v1);
      assert.ok(m.registry.models.has('a/two') && !m.registry.models.has('a/one'));
      assert.deepStrictEqual(m.problems.map((p) => [p.file, p.line, p.message]), [
        [file, 4, 'Flow sequence in block collection must be sufficiently indented and end with a ]'],
        [file, 3, 'A model without `name`'],
      ]);
      const v2 = m.version;
      await m.fileChanged(path.join(dir, 'unrelated.yaml'));
      assert.strictEqual(m.version, v2, 'an unwatched file changes nothing');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the installed HELM (found with python3) only when the workspace is trusted', async () => {
    await withPythonPath(site, async () => {
      const untrusted = new RegistryManager();
      await untrusted.configure({ workspaceFolder: workspace, pythonPath: 'python3', allowPython: false });
      assert.ok(!untrusted.registry.functions.has('site_task'));
      const trusted = new RegistryManager();
      await trusted.configure({ workspaceFolder: workspace, pythonPath: 'python3', allowPython: true });
      assert.strictEqual(trusted.describeSource, `HELM 0.5.99 at ${path.join(site, 'helm')} + workspace`);
      const f = trusted.registry.functions.get('site_task');
      assert.deepStrictEqual([f?.origin.source, f?.docstring], ['installed', 'A task only the installed stand-in has.']);
      assert.ok(!trusted.registry.functions.has('mmlu'), 'the installed HELM replaces the snapshot');
      assert.strictEqual(trusted.helmSrcRoot, site);
      assert.deepStrictEqual(trusted.registry.wildcardMembers('text'), ['site/model', 'team/private-model']);
    });
  });

  it('falls back to the snapshot, with a log line, when the interpreter is missing', async () => {
    const log: string[] = [];
    const m = new RegistryManager({ log: (s) => log.push(s) });
    await m.configure({ workspaceFolder: workspace, pythonPath: '/no/such/python3', allowPython: true });
    assert.ok(m.registry.functions.has('mmlu'));
    assert.deepStrictEqual(log, ['registry: Python interpreter not found: /no/such/python3; using the bundled snapshot']);
  });
});
