// The HELM bridge's sandbox (no download, no program, no write outside its folder, HELM's frame), its two lanes and cancellation, and plugin values (stand-in HELM).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HelmBridge, Refusal } from '../../server/src/expansion/helmBridge';
import { bridgeFactory, hasPython, helperPid, names, standin, waitUntilGone } from '../helpers/bridge';
import { fixturePath } from '../helpers/corpus';

const { makeBridge, disposeAll } = bridgeFactory();

(hasPython ? describe : describe.skip)('HelmBridge: sandbox, lanes, plugin values (python3 with the stand-in helm package)', function () {
  this.timeout(30_000);
  after(disposeAll);

  describe('no side effects', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-sandbox-'));
    const target = path.join(work, 'written-by-helm.txt');
    const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-temp-root-'));
    const bridge = makeBridge({ env: { STANDIN_WRITE_TARGET: target }, tempRoot });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    const rows: Array<{ description: string; refused: Refusal[]; error: string }> = [
      {
        description: 'raft:subset=ade_corpus_v2,model=openai/gpt2',
        refused: [{ kind: 'download', what: 'https://standin.invalid/raft/prompt_construction_settings.json' }],
        error: 'Building the RunSpec would download https://standin.invalid/raft/prompt_construction_settings.json; the HELM bridge never does',
      },
      { description: 'looks_up_host:model=openai/gpt2', refused: [{ kind: 'download', what: 'standin.invalid' }], error: 'Building the RunSpec would download standin.invalid; the HELM bridge never does' },
      { description: 'writes_file:model=openai/gpt2', refused: [{ kind: 'write', what: target }], error: `Building the RunSpec would write ${target}; the HELM bridge never does` },
    ];
    for (const row of rows) {
      it(`refuses what ${row.description.split(':')[0]} would do, and says what it was`, async () => {
        const result = await bridge.expand(row.description, {});
        assert.ok(!result.ok && result.kind === 'refused', JSON.stringify(result));
        assert.deepStrictEqual([result.refused, result.error], [row.refused, row.error]);
      });
    }

    it('refuses to start a program', async () => {
      const result = await bridge.expand('runs_program:model=openai/gpt2', {});
      assert.ok(!result.ok && result.kind === 'refused' && result.refused?.[0].kind === 'process', JSON.stringify(result));
      assert.match(result.refused[0].what, /python\S* -c print\('started while building a RunSpec'\)$/);
    });

    it('wrote nothing outside its own folder, and its folder goes with it', async () => {
      assert.strictEqual(fs.existsSync(target), false);
      const pid = await helperPid(bridge);
      assert.strictEqual(fs.readdirSync(tempRoot).length, 1, 'one folder for the running helper');
      await bridge.dispose();
      assert.ok(await waitUntilGone(pid));
      for (let i = 0; i < 50 && fs.readdirSync(tempRoot).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepStrictEqual(fs.readdirSync(tempRoot), []);
    });

    it("gives HELM's exception with the innermost frame of HELM's code", async () => {
      const result = await makeBridge().expand('mmlu_clinical_afr:subject=college_medicine,lang=,model=openai/gpt2', {});
      assert.ok(!result.ok && result.kind === 'helm-error', JSON.stringify(result));
      const file = path.join(standin, 'helm', 'benchmark', 'construct_run_specs.py');
      const line = fs.readFileSync(file, 'utf8').split('\n').indexOf('    language = _LANGS[lang]') + 1;
      assert.deepStrictEqual(result.exception, { type: 'KeyError', message: "''", frame: { file, line, function: 'get_mmlu_clinical_afr_spec' } });
    });
  });

  describe('lanes and cancellation', () => {
    const asked = async (bridge: HelmBridge): Promise<number> => {
      const ping = await bridge.ping();
      assert.ok(ping.ok);
      return ping.value.expandRequests;
    };

    it('answers an interactive question before the background ones queued earlier', async () => {
      const bridge = makeBridge();
      await bridge.ping();
      const order: string[] = [];
      const ask = (d: string, lane: 'interactive' | 'background') => bridge.expand(d, {}, {}, { lane }).then(() => order.push(d));
      await Promise.all([
        ask('mmlu:subject=b1,model=openai/gpt2', 'background'),
        ask('mmlu:subject=b2,model=openai/gpt2', 'background'),
        ask('mmlu:subject=b3,model=openai/gpt2', 'background'),
        ask('mmlu:subject=i1,model=openai/gpt2', 'interactive'),
      ]);
      assert.deepStrictEqual(order.map((d) => d.slice(13, 15)), ['b1', 'i1', 'b2', 'b3']);
    });

    it('never asks HELM a background question whose asker cancelled, and asks it afresh later', async () => {
      const bridge = makeBridge();
      await bridge.ping();
      const token = { isCancellationRequested: false };
      const first = bridge.expand('mmlu:subject=c1,model=openai/gpt2', {}, {}, { lane: 'background', token });
      const second = bridge.expand('mmlu:subject=c2,model=openai/gpt2', {}, {}, { lane: 'background', token });
      token.isCancellationRequested = true;
      const results = await Promise.all([first, second]);
      assert.deepStrictEqual(results.map((r) => (r.ok ? 'ok' : r.kind)), ['ok', 'cancelled'], 'the first was already on its way');
      assert.strictEqual(await asked(bridge), 1);
      assert.deepStrictEqual(names(await bridge.expand('mmlu:subject=c2,model=openai/gpt2', {})), ['mmlu:subject=c2,method=multiple_choice_joint,model=openai_gpt2']);
      assert.strictEqual(await asked(bridge), 2);
    });

    it('keeps a cancelled question that another asker still wants', async () => {
      const bridge = makeBridge();
      await bridge.ping();
      const token = { isCancellationRequested: false };
      void bridge.expand('mmlu:subject=k0,model=openai/gpt2', {}, {}, { lane: 'background' });
      const background = bridge.expand('mmlu:subject=k1,model=openai/gpt2', {}, {}, { lane: 'background', token });
      const hover = bridge.expand('mmlu:subject=k1,model=openai/gpt2', {});
      token.isCancellationRequested = true;
      assert.deepStrictEqual((await Promise.all([background, hover])).map(names), [
        ['mmlu:subject=k1,method=multiple_choice_joint,model=openai_gpt2'],
        ['mmlu:subject=k1,method=multiple_choice_joint,model=openai_gpt2'],
      ]);
      assert.deepStrictEqual(names(bridge.peek('mmlu:subject=k1,model=openai/gpt2', {}) ?? { ok: false, kind: 'unavailable', error: 'not cached' }), [
        'mmlu:subject=k1,method=multiple_choice_joint,model=openai_gpt2',
      ]);
    });
  });

  describe('plugin values', () => {
    it('passes a plugin whose path starts with `-` as a value, not as an option', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-dash-'));
      fs.copyFileSync(fixturePath('standin-helm', 'plugins', 'extra_run_specs.py'), path.join(dir, '-dash_plugin.py'));
      const bridge = makeBridge({ cwd: dir, plugins: ['-dash_plugin.py'] });
      const ping = await bridge.ping();
      assert.ok(ping.ok, JSON.stringify(ping));
      assert.deepStrictEqual(ping.value.pluginErrors, []);
      assert.deepStrictEqual(names(await bridge.expand('extra_task:model=openai/gpt2', {})), ['extra_task:level=1,model=openai_gpt2']);
      await bridge.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });

});
