// The HELM bridge against the real python3 and a stand-in `helm` package: answers, errors, timeouts, crashes, cache.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ExpansionFilters } from '../../server/src/common/protocol';
import { HelmBridge, HelmBridgeOptions, RunEntryFields } from '../../server/src/expansion/helmBridge';
import { locateHelperScript } from '../../server/src/expansion/helmBridgeLocate';
import { bridgeFactory, hasPython, helperPid, names, pythonHasHelm, REAL_HELM_UNSET, realHelm, realHelmBridge, standin, waitUntilGone } from '../helpers/bridge';
import { fixturePath, projectRoot } from '../helpers/corpus';

const { makeBridge, disposeAll } = bridgeFactory();

(hasPython ? describe : describe.skip)('HelmBridge (python3 with the stand-in helm package)', function () {
  this.timeout(30_000);
  after(disposeAll);

  describe('answers', () => {
    const bridge = makeBridge();
    it('says which HELM it loaded', async () => {
      const ping = await bridge.ping();
      assert.ok(ping.ok, JSON.stringify(ping));
      assert.strictEqual(ping.value.helmVersion, '0.0.0+standin');
      assert.strictEqual(ping.value.helmPath, path.join(standin, 'helm'));
      assert.deepStrictEqual(ping.value.pluginErrors, []);
      assert.strictEqual(bridge.status().state, 'ready');
    });

    const rows: Array<{ description: string; filters?: ExpansionFilters; entry?: RunEntryFields; expected: string[] | string }> = [
      { description: 'mmlu:subject=anatomy,model=openai/gpt2', expected: ['mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2'] },
      {
        description: 'mmlu:subject=anatomy',
        filters: { modelsToRun: ['openai/gpt2', 'local/tiny-model'] },
        expected: ['mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2', 'mmlu:subject=anatomy,method=multiple_choice_joint,model=local_tiny-model'],
      },
      {
        description: 'extra_task:model=text',
        expected: ['extra_task:level=1,model=openai_gpt2', 'extra_task:level=1,model=stanford_alpaca-7b', 'extra_task:level=1,model=local_tiny-model'],
      },
      { description: 'boolq:model=text', filters: { modelsToRun: ['stanford/alpaca-7b'] }, expected: ['boolq,model=stanford_alpaca-7b'] },
      { description: 'boolq:model=openai/gpt2', entry: { groups: ['b', 'a'] }, expected: ['boolq,model=openai_gpt2,groups=a-b'] },
      { description: 'boolq:model=openai/gpt2', entry: { priority: 3 }, filters: { priority: 2 }, expected: [] },
      { description: 'boolq:model=openai/gpt2', entry: { priority: 2 }, filters: { priority: 2 }, expected: ['boolq,model=openai_gpt2'] },
      { description: 'boolq:model=openai/gpt2', filters: { groupsToRun: ['mmlu'] }, expected: [] },
      { description: 'nope', expected: 'helm-error: ValueError: Unknown run spec name: nope' },
      { description: 'mmlu:subjec=anatomy', expected: "helm-error: TypeError: get_mmlu_spec() got an unexpected keyword argument 'subjec'" },
      { description: 'mmlu:subject=x,', expected: 'helm-error: ValueError: Expected <key>=<value>, got ' },
      { description: 'exits', expected: 'helm-error: SystemExit: run spec function called sys.exit' },
      {
        description: 'mmlu:subject=anatomy',
        filters: { modelsToRun: ['nobody/none'] },
        expected: "helm-error: ValueError: Unknown model 'nobody/none' passed to --models-to-run",
      },
    ];
    for (const row of rows) {
      const label = `${row.description} ${JSON.stringify({ ...row.filters, ...row.entry })} → ${JSON.stringify(row.expected)}`;
      it(label, async () => {
        assert.deepStrictEqual(names(await bridge.expand(row.description, row.filters ?? {}, row.entry ?? {})), row.expected);
      });
    }

    it('sends the scenario, adapter and metric specs HELM built', async () => {
      const result = await bridge.expand('mmlu:subject=anatomy,model=openai/gpt2', {});
      assert.ok(result.ok);
      const [runSpec] = result.runSpecs;
      assert.deepStrictEqual(runSpec.scenarioSpec, { className: 'standin.MMLUScenario', args: { subject: 'anatomy' } });
      assert.deepStrictEqual(
        [runSpec.adapterSpec.method, runSpec.adapterSpec.model, runSpec.adapterSpec.model_deployment, runSpec.adapterSpec.max_tokens, runSpec.adapterSpec.instructions],
        ['multiple_choice_joint', 'openai/gpt2', 'openai/gpt2', 1, 'Answer about anatomy.'],
      );
      assert.deepStrictEqual(runSpec.metricSpecs, [{ className: 'standin.ExactMatch', args: { names: ['exact_match'] } }]);
      assert.deepStrictEqual(runSpec.groups, ['mmlu']);
    });

    it('turns values JSON cannot carry into text (infinity, enums, objects, non-string keys)', async () => {
      const result = await bridge.expand('boolq:model=openai/gpt2', {});
      assert.ok(result.ok);
      assert.deepStrictEqual(result.runSpecs[0].scenarioSpec?.args, { threshold: 'inf', answer: 'yes', thing: '<opaque thing>', '3': [1, 2] });
      assert.deepStrictEqual(result.runSpecs[0].adapterSpec.stop_sequences, ['\n']);
    });

    it('keeps the protocol intact when HELM prints to stdout (print, a JSON-looking line, fd 1)', async () => {
      assert.deepStrictEqual(names(await bridge.expand('noisy:model=openai/gpt2', {})), ['boolq,model=openai_gpt2']);
      assert.deepStrictEqual(names(await bridge.expand('boolq:model=stanford/alpaca-7b', {})), ['boolq,model=stanford_alpaca-7b']);
    });

    it("reads a conf file's run entries with HELM's reader", async () => {
      const result = await bridge.readRunEntries(['run_entries_small.conf']);
      assert.deepStrictEqual(result, {
        ok: true,
        entries: [
          { description: 'mmlu:subject=anatomy,model=text', priority: 1, groups: null },
          { description: 'boolq:model=openai/gpt2', priority: 2, groups: null },
          { description: 'nope:model=text', priority: null, groups: null },
        ],
      });
      // A bool priority, which dacite takes for the int: HELM's --priority filter counts True as 1.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-bool-'));
      fs.writeFileSync(path.join(dir, 'run_entries.conf'), 'entries: [\n  {description: "boolq:model=text", priority: true}\n]\n');
      const bool = await bridge.readRunEntries([path.join(dir, 'run_entries.conf')]);
      fs.rmSync(dir, { recursive: true, force: true });
      assert.deepStrictEqual(bool, { ok: true, entries: [{ description: 'boolq:model=text', priority: 1, groups: null }] });
      const missing = await bridge.readRunEntries(['no_such.conf']);
      assert.deepStrictEqual(missing.ok ? 'ok' : [missing.kind, missing.error], ['helm-error', "FileNotFoundError: [Errno 2] No such file or directory: 'no_such.conf'"]);
    });

    it('keeps one helper running through HELM errors', async () => {
      const before = await helperPid(bridge);
      await bridge.expand('nope:again=1', {});
      await bridge.expand('exits:again=1', {});
      assert.strictEqual(await helperPid(bridge), before);
      assert.strictEqual(bridge.status().starts, 1);
    });
  });

  describe('cache', () => {
    it('answers a repeated request without asking HELM again', async () => {
      const bridge = makeBridge();
      const asked = async () => {
        const ping = await bridge.ping();
        assert.ok(ping.ok);
        return ping.value.expandRequests;
      };
      const first = await bridge.expand('mmlu:subject=anatomy', { modelsToRun: ['openai/gpt2'] });
      assert.strictEqual(await asked(), 1);
      const again = await bridge.expand('mmlu:subject=anatomy', { modelsToRun: ['openai/gpt2'] });
      assert.deepStrictEqual(again, first);
      assert.strictEqual(await asked(), 1);
      await bridge.expand('nope', {});
      await bridge.expand('nope', {});
      assert.strictEqual(await asked(), 2, 'HELM errors are answers too');
      await bridge.expand('mmlu:subject=anatomy', { modelsToRun: ['local/tiny-model'] });
      await bridge.expand('mmlu:subject=anatomy', { modelsToRun: ['openai/gpt2'] }, { groups: ['x'] });
      assert.strictEqual(await asked(), 4, 'other filters or entry fields are other questions');
    });

    it('answers concurrent requests each with its own RunSpecs, asking HELM once per distinct question', async () => {
      const bridge = makeBridge();
      const descriptions = ['boolq:model=openai/gpt2', 'mmlu:subject=a,model=openai/gpt2', 'boolq:model=openai/gpt2', 'nope', 'mmlu:subject=b,model=openai/gpt2'];
      const results = await Promise.all(descriptions.map((d) => bridge.expand(d, {})));
      assert.deepStrictEqual(results.map(names), [
        ['boolq,model=openai_gpt2'],
        ['mmlu:subject=a,method=multiple_choice_joint,model=openai_gpt2'],
        ['boolq,model=openai_gpt2'],
        'helm-error: ValueError: Unknown run spec name: nope',
        ['mmlu:subject=b,method=multiple_choice_joint,model=openai_gpt2'],
      ]);
      const ping = await bridge.ping();
      assert.ok(ping.ok);
      assert.strictEqual(ping.value.expandRequests, 4);
    });

    it('drops the answers and reloads HELM when the registry version changes', async () => {
      const bridge = makeBridge({ registryVersion: 1 });
      await bridge.expand('boolq:model=openai/gpt2', {});
      const before = await helperPid(bridge);
      bridge.setRegistryVersion(2);
      await bridge.expand('boolq:model=openai/gpt2', {});
      const ping = await bridge.ping();
      assert.ok(ping.ok);
      assert.strictEqual(ping.value.expandRequests, 1, 'a fresh helper answered');
      assert.notStrictEqual(bridge.status().pid, before);
      assert.ok(await waitUntilGone(before), 'the old helper is gone');
      assert.strictEqual(bridge.status().starts, 2);
    });
  });

  describe('failures', () => {
    it('stops a hanging HELM after the timeout, with the processes its interpreter started, and starts again on the next request', async () => {
      const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'helm-bridge-')), 'child.pid');
      const bridge = makeBridge({ pythonPath: fixturePath('standin-python', 'python-with-child'), timeoutMs: 1500, env: { STANDIN_CHILD_PID_FILE: pidFile } });
      const helper = await helperPid(bridge);
      const result = await bridge.expand('hang', {});
      assert.deepStrictEqual(result, {
        ok: false,
        kind: 'timeout',
        error: 'HELM took longer than 1.5 s expanding `hang`; the helper was stopped and starts again on the next request',
      });
      const child = Number(fs.readFileSync(pidFile, 'utf8'));
      assert.ok(await waitUntilGone(helper), 'the helper is gone');
      assert.ok(await waitUntilGone(child), 'the process its interpreter started is gone');
      assert.deepStrictEqual(names(await bridge.expand('boolq:model=openai/gpt2', {})), ['boolq,model=openai_gpt2']);
      assert.strictEqual(bridge.status().starts, 2);
      const again = await bridge.expand('hang', {});
      assert.strictEqual(again.ok ? 'ok' : again.kind, 'timeout', 'the timeout is the answer for this entry: the static one stands');
      assert.strictEqual(bridge.status().starts, 2, 'HELM is not asked again about an entry it hung on');
    });

    it('explains a crash (exit code, last output) and starts again on the next request', async () => {
      const bridge = makeBridge();
      const result = await bridge.expand('crash', {});
      assert.deepStrictEqual(result, {
        ok: false,
        kind: 'unavailable',
        error: 'The HELM helper (python3) crashed while expanding `crash` (exit code 3); last output:\nstand-in: crashing on purpose',
      });
      assert.deepStrictEqual(names(await bridge.expand('boolq:model=openai/gpt2', {})), ['boolq,model=openai_gpt2']);
      assert.strictEqual(bridge.status().starts, 2);
    });

    const unavailableRows: Array<{ title: string; options: Partial<HelmBridgeOptions>; expected: RegExp; skip?: boolean }> = [
      {
        title: 'a missing interpreter',
        options: { pythonPath: '/nonexistent/bin/python3' },
        expected: /^Python interpreter `\/nonexistent\/bin\/python3` not found; set helmConf\.pythonPath$/,
      },
      {
        title: 'no interpreter set',
        options: { pythonPath: '' },
        expected: /^No Python interpreter is set; set helmConf\.pythonPath$/,
      },
      {
        title: 'a working folder that does not exist',
        options: { cwd: path.join(standin, 'no_such_folder') },
        expected: /^The working folder `.*no_such_folder` of the HELM helper does not exist$/,
      },
      {
        title: 'an interpreter without HELM',
        options: { cwd: os.tmpdir(), env: { PYTHONPATH: '' } },
        expected: /^HELM is not installed for \S*python\S*$/,
        skip: pythonHasHelm,
      },
      {
        title: 'a `helm` package that is not HELM',
        options: { env: { PYTHONPATH: fixturePath('standin-helm', 'not-helm') } },
        expected: /^The `helm` package \S*python\S* finds \(.*not-helm\/helm\/__init__\.py\) is not HELM \(crfm-helm\)$/,
      },
      {
        title: 'a HELM whose dependencies are missing',
        options: { env: { STANDIN_HELM_IMPORT_ERROR: '1' } },
        expected: /^HELM could not be imported with \S*python\S*: No module named 'standin_missing_dependency'$/,
      },
      {
        title: 'a helper script that is not there',
        options: { helperPath: path.join(standin, 'no_such_helper.py') },
        expected: /^The HELM helper \(python3\) crashed before it was ready \(exit code 2\); last output:\n.*No such file or directory/s,
      },
    ];
    for (const row of unavailableRows) {
      (row.skip ? it.skip : it)(`reports ${row.title} as unavailable, with a clear message`, async () => {
        const bridge = makeBridge(row.options);
        const result = await bridge.expand('mmlu:subject=anatomy,model=openai/gpt2', {});
        assert.ok(!result.ok);
        assert.strictEqual(result.kind, 'unavailable');
        assert.match(result.error, row.expected);
        assert.strictEqual(bridge.status().state, 'idle', 'no retry delay in these tests: idle, not blocked');
        assert.strictEqual(bridge.status().pid, undefined, 'no helper left running');
      });
    }

    it('tries a missing interpreter again only when it appears, and says so once', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-python-'));
      const python = path.join(dir, 'python3');
      const logs: string[] = [];
      const bridge = makeBridge({ pythonPath: python, retryUnavailableMs: undefined, log: (m) => logs.push(m) });
      for (const d of ['boolq', 'boolq:x=1', 'mmlu:subject=a']) assert.strictEqual((await bridge.expand(d, {})).ok, false);
      assert.strictEqual(bridge.status().starts, 1, 'tried once');
      assert.strictEqual(bridge.status().state, 'unavailable');
      assert.deepStrictEqual(
        logs.filter((l) => l.includes('not found')),
        [`Python interpreter \`${python}\` not found; set helmConf.pythonPath. Static checks only until a setting, the interpreter or the workspace's HELM files change.`],
      );
      fs.symlinkSync(spawnSync('python3', ['-c', 'import sys; print(sys.executable)']).stdout.toString().trim(), python);
      assert.deepStrictEqual(names(await bridge.expand('boolq:model=openai/gpt2', {})), ['boolq,model=openai_gpt2']);
      assert.strictEqual(bridge.status().state, 'ready');
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('does not start an interpreter without HELM again until something changes', async () => {
      const bridge = makeBridge({ cwd: os.tmpdir(), env: { PYTHONPATH: fixturePath('standin-helm', 'not-helm') }, retryUnavailableMs: undefined });
      for (const d of ['boolq', 'boolq:x=1', 'mmlu:subject=a']) assert.strictEqual((await bridge.expand(d, {})).ok, false);
      assert.strictEqual(bridge.status().starts, 1);
      assert.strictEqual(bridge.status().state, 'unavailable');
      bridge.setRegistryVersion(7); // a setting or a workspace HELM file changed
      await bridge.expand('boolq', {});
      assert.strictEqual(bridge.status().starts, 2);
    });

    it('reports a plugin that fails to load, and names it when its function is unknown', async () => {
      const bridge = makeBridge({ plugins: ['plugins/no_such_plugin.py'] });
      const ping = await bridge.ping();
      assert.ok(ping.ok);
      assert.strictEqual(ping.value.pluginErrors.length, 1);
      assert.match(ping.value.pluginErrors[0], /^plugins\/no_such_plugin\.py: /);
      const result = await bridge.expand('extra_task', {});
      assert.ok(!result.ok);
      assert.match(result.error, /^ValueError: Unknown run spec name: extra_task \(plugins that failed to load: plugins\/no_such_plugin\.py: /);
    });
  });

  describe('dispose', () => {
    it('stops the helper and answers later requests as unavailable', async () => {
      const bridge = makeBridge();
      const pid = await helperPid(bridge);
      await bridge.dispose();
      assert.ok(await waitUntilGone(pid));
      assert.strictEqual(bridge.status().state, 'disposed');
      assert.deepStrictEqual(await bridge.expand('boolq:model=openai/gpt2', {}), {
        ok: false,
        kind: 'unavailable',
        error: 'The HELM bridge was stopped',
      });
    });

    it('kills a helper stuck in HELM', async () => {
      const bridge = makeBridge({ timeoutMs: 60_000 });
      const pid = await helperPid(bridge);
      const stuck = bridge.expand('hang', {});
      await new Promise((r) => setTimeout(r, 200));
      await bridge.dispose();
      assert.ok(await waitUntilGone(pid));
      const result = await stuck;
      assert.deepStrictEqual(result.ok ? 'ok' : result.kind, 'unavailable');
    });
  });
});

describe('locateHelperScript', () => {
  const helper = path.join(projectRoot, 'server', 'python', 'helm_bridge.py');
  const extension = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ext-'));
  fs.mkdirSync(path.join(extension, 'server', 'python'), { recursive: true });
  fs.mkdirSync(path.join(extension, 'dist'));
  fs.writeFileSync(path.join(extension, 'server', 'python', 'helm_bridge.py'), '');
  const nowhere = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-none-'));
  after(() => {
    fs.rmSync(extension, { recursive: true, force: true });
    fs.rmSync(nowhere, { recursive: true, force: true });
  });
  const rows: Array<{ from: string; startDir: string; expected: string | undefined }> = [
    { from: 'compiled tests (out/server/src/expansion)', startDir: path.join(projectRoot, 'out', 'server', 'src', 'expansion'), expected: helper },
    { from: 'the bundle (dist)', startDir: path.join(projectRoot, 'dist'), expected: helper },
    { from: 'the sources (server/src/expansion)', startDir: path.join(projectRoot, 'server', 'src', 'expansion'), expected: helper },
    { from: 'an installed extension (dist beside server/python)', startDir: path.join(extension, 'dist'), expected: path.join(extension, 'server', 'python', 'helm_bridge.py') },
    { from: 'a folder without the helper', startDir: nowhere, expected: undefined },
  ];
  for (const row of rows) {
    it(`finds the helper from ${row.from}`, () => {
      assert.strictEqual(locateHelperScript(row.startDir), row.expected);
    });
  }
});

// The real HELM, when the machine has one (test/helpers/bridge.ts says how to name it).
(realHelm ? describe : describe.skip)(`HelmBridge with the real HELM${realHelm ? '' : ` (skipped: ${REAL_HELM_UNSET})`}`, function () {
  this.timeout(120_000);
  const bridge = realHelmBridge(60_000);
  after(() => bridge.dispose());
  const rows: Array<{ description: string; expected: string[] | string }> = [
    { description: 'mmlu:subject=anatomy,model=openai/gpt2', expected: ['mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2'] },
    { description: 'boolq:model=text,data_augmentation=canonical', expected: ['boolq:model=openai_gpt2,data_augmentation=canonical'] },
    { description: 'mmlu:model=text', expected: "helm-error: TypeError: get_mmlu_spec() missing 1 required positional argument: 'subject'" },
    { description: 'no_such_scenario:model=text', expected: 'helm-error: ValueError: Unknown run spec name: no_such_scenario' },
  ];
  for (const row of rows) {
    it(`${row.description} → ${JSON.stringify(row.expected)}`, async () => {
      assert.deepStrictEqual(names(await bridge.expand(row.description, { modelsToRun: ['openai/gpt2'] })), row.expected);
    });
  }
});
