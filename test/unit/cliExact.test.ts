// `helm-conf check --exact` and `expand --exact` (dist/cli.js in a child process) against the stand-in HELM, and the real one when given.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REAL_HELM_UNSET, realHelm } from '../helpers/bridge';
import { corpusConfFiles, fixturePath, projectRoot } from '../helpers/corpus';

const CLI = path.join(projectRoot, 'dist', 'cli.js');
const STANDIN = fixturePath('standin-helm');
const CONSTRUCT = 'run_entries_construct_errors.conf';
const hasPython = spawnSync('python3', ['-c', 'import sys'], { stdio: 'ignore' }).status === 0;

function helmConf(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `line code` of each diagnostic line. */
const lineCodes = (stdout: string): string[] =>
  stdout
    .trimEnd()
    .split('\n')
    .filter((l) => l)
    .map((l) => {
      const m = /^[^:]+:(\d+):\d+: (\w+): .* \[([\w-]+)\]$/.exec(l);
      return m ? `${m[1]} ${m[2]} ${m[3]}` : `unparsed: ${l}`;
    });

(hasPython ? describe : describe.skip)('helm-conf check --exact (stand-in HELM)', function () {
  this.timeout(60_000);
  const cwd = fixturePath('exact');

  it('lists each construct-time error at its line, and the download as info; exits 1', () => {
    const r = helmConf(['check', CONSTRUCT, '--exact', '--helm-source', STANDIN], cwd);
    assert.strictEqual(r.code, 1, r.stderr);
    const found = lineCodes(r.stdout);
    // One error per broken entry (a static one where the static checks know the class, else HELM's).
    for (const line of [3, 4, 5, 6, 7, 8]) assert.ok(found.some((f) => f.startsWith(`${line} error `)), `line ${line}: ${found.join('; ')}`);
    assert.ok(found.includes('3 error helm-error'), 'only HELM knows the empty lang fails');
    assert.ok(found.includes('9 info helm-needs-download'), found.join('; '));
    assert.ok(!found.some((f) => f.startsWith('10 ')), 'the valid entry has nothing');
    assert.match(r.stdout, /:3:61: error: HELM stops with `KeyError: ''` in `get_mmlu_clinical_afr_spec` \(helm\/benchmark\/construct_run_specs\.py:\d+\)\. \[helm-error\]/);
    assert.match(r.stdout, /:9:17: info: HELM downloads `https:\/\/standin\.invalid\/raft\/prompt_construction_settings\.json` to build/);
  });

  it("with the static checks off, HELM's own error stands at each line", () => {
    const off = ['empty-value', 'deployment-for-other-model', 'deprecated-deployment', 'number-for-str-parameter', 'unknown-expander-value', 'expander-not-for-method'];
    const r = helmConf(['check', CONSTRUCT, '--exact', '--helm-source', STANDIN, ...off.flatMap((c) => ['--rule', `${c}=off`])], cwd);
    assert.deepStrictEqual(lineCodes(r.stdout), ['3 error helm-error', '4 error helm-error', '5 error helm-error', '6 error helm-error', '7 error helm-error', '8 error helm-error', '9 info helm-needs-download']);
    assert.match(r.stdout, /:4:74: error: HELM stops with `ValueError: Invalid RunSpec: selected model deployment 'openai\/gpt-4o-2024-05-13'for model 'openai\/gpt2'/);
  });

  it('prints the same JSON format as the static check', () => {
    const r = helmConf(['check', CONSTRUCT, '--exact', '--helm-source', STANDIN, '--format', 'json'], cwd);
    const items = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    const helm = items.find((d) => d.code === 'helm-error');
    const fixed = items.find((d) => d.code !== 'helm-error' && d.fixes);
    assert.deepStrictEqual(Object.keys(helm ?? {}), Object.keys(fixed ?? {}));
    assert.deepStrictEqual((helm?.fixes as Array<{ title: string }>).map((f) => f.title), ['Disable helm-error for this line']);
  });

  it("expand --exact gives HELM's names and errors", () => {
    const r = helmConf(['expand', CONSTRUCT, '--exact', '--helm-source', STANDIN, '--format', 'json'], cwd);
    assert.strictEqual(r.code, 0, r.stderr);
    const items = JSON.parse(r.stdout) as Array<{ line: number; runSpecs: string[]; exact: boolean; error?: string; refused?: string }>;
    assert.deepStrictEqual(items[0], { ...items[0], exact: true, runSpecs: [], error: "KeyError: ''" });
    assert.deepStrictEqual(items[7], { ...items[7], exact: true, runSpecs: ['boolq,model=openai_gpt2'] });
    assert.strictEqual(items[6].exact, false, 'a download keeps the static names');
    assert.match(items[6].refused ?? '', /would download https:\/\/standin\.invalid\//);
  });

  it('exits 2 and names what it looked for when no HELM is found', () => {
    const r = helmConf(['check', CONSTRUCT, '--exact', '--python', '/nonexistent/bin/python3'], cwd);
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.stdout, '');
    assert.strictEqual(r.stderr, 'helm-conf check --exact: no HELM found: looked for the `helm` package of /nonexistent/bin/python3: Python interpreter `/nonexistent/bin/python3` not found\n');
    const e = helmConf(['expand', CONSTRUCT, '--exact', '--helm-source', fixturePath('standin-helm', 'not-helm')], cwd);
    assert.strictEqual(e.code, 2);
    assert.match(e.stderr, /^helm-conf expand --exact: no HELM found: looked for .*not-helm \(--helm-source\), then the `helm` package of python3 \(choose the interpreter with --python\): The `helm` package \S+ finds \(.*\) is not HELM \(crfm-helm\)\n$/);
  });
});

// The real HELM, when the machine has one (see the bridge tests): the whole corpus, 0 errors, the downloads as info.
const corpus = corpusConfFiles();
(realHelm && corpus.length ? describe : describe.skip)(
  `helm-conf check --exact on the corpus with the real HELM${realHelm ? (corpus.length ? '' : ' (skipped: no corpus)') : ` (skipped: ${REAL_HELM_UNSET})`}`,
  function () {
    this.timeout(300_000);
    it('reports 0 errors, and the entries whose RunSpecs need a download as info', () => {
      const helm = realHelm!;
      const env = { ...process.env, PYTHONPATH: helm.pythonPath };
      const args = ['check', ...corpus, '--exact', '--python', helm.python, '--models-to-run', 'openai/gpt2'];
      if (helm.helmSource) args.push('--helm-source', helm.helmSource);
      const r = helmConf(args, fs.mkdtempSync(path.join(os.tmpdir(), 'helm-corpus-')), env);
      assert.strictEqual(r.code, 0, r.stderr.slice(-2000));
      const codes = lineCodes(r.stdout).map((l) => l.split(' ').slice(1).join(' '));
      assert.strictEqual(codes.filter((c) => c.startsWith('error')).length, 0);
      assert.strictEqual(codes.filter((c) => c === 'info helm-needs-download').length, 453);
      assert.strictEqual(codes.filter((c) => c.endsWith('helm-error')).length, 0);
    });
  },
);
