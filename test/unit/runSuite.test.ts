// Run suite's pure parts: the argument lists of HELM's programs, reading stats.json, the results page, the process.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  buildHelmRunArgs,
  defaultSuiteName,
  HelmRunOptions,
  optionLikeArgument,
  parseMaxEvalInstances,
  parsePriority,
  validateSuiteName,
} from '../../client/src/runSuite/helmRunArgs';
import { buildHelmServerArgs, buildHelmSummarizeArgs, serverProblem, summarizeProblem } from '../../client/src/runSuite/helmWorkflowArgs';
import { entryConfName, entryConfText } from '../../client/src/runSuite/entryConf';
import { HelmRunLogReader } from '../../client/src/runSuite/helmRunLog';
import { environmentFor, findOnPath, HelmProcess } from '../../client/src/runSuite/helmProcess';
import { renderResultsHtml } from '../../client/src/runSuite/resultsHtml';
import { mainStatistics, readRunSpecResults, resultColumns, suiteOutputDir } from '../../client/src/runSuite/runStats';
import { expandEntry } from '../../server/src/expansion/staticExpansion';
import { parseConf } from '../../server/src/parser/index';
import { validate } from '../../server/src/services/validation';
import { snapshotRegistry } from '../helpers/registry';

const FAKE_HELM_RUN_DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'fake-helm-run');

describe('helm-run argument list', () => {
  const base: HelmRunOptions = { suite: 's1', maxEvalInstances: 10 };
  const rows: Array<{ name: string; options: HelmRunOptions; args: string[] }> = [
    {
      name: 'a conf file with the required flags only',
      options: { ...base, confPath: 'run_entries.conf' },
      args: ['--conf-paths', 'run_entries.conf', '--suite', 's1', '--max-eval-instances', '10'],
    },
    {
      name: 'every filter, each value its own argument',
      options: {
        ...base,
        confPath: 'conf/run entries.conf',
        modelsToRun: ['openai/gpt2', ' together/llama '],
        groupsToRun: ['core'],
        priority: 2,
        localPath: 'my_env',
        plugins: ['plugins/my_specs.py'],
      },
      args: [
        '--conf-paths', 'conf/run entries.conf', '--suite', 's1', '--max-eval-instances', '10',
        '--models-to-run', 'openai/gpt2', 'together/llama', '--groups-to-run', 'core', '--priority', '2',
        '--local-path', 'my_env', '--plugins', 'plugins/my_specs.py',
      ],
    },
    {
      name: 'no filter for priority 0, empty lists, HELM\'s default local path',
      options: { ...base, confPath: 'a.conf', priority: 0, modelsToRun: [], plugins: [''], localPath: 'prod_env' },
      args: ['--conf-paths', 'a.conf', '--suite', 's1', '--max-eval-instances', '10'],
    },
    {
      name: 'one run entry, with characters a shell would split on',
      options: { ...base, runEntries: ['mmlu:subject=anatomy,model=openai/gpt2; rm -rf ~'] },
      args: ['--run-entries', 'mmlu:subject=anatomy,model=openai/gpt2; rm -rf ~', '--suite', 's1', '--max-eval-instances', '10'],
    },
  ];
  for (const row of rows) {
    it(row.name, () => assert.deepEqual(buildHelmRunArgs(row.options), row.args));
  }

  it('passes a conf file whose name starts with - as a path, never as a flag', () => {
    assert.deepEqual(buildHelmRunArgs({ ...base, confPath: '-o.conf' }).slice(0, 2), ['--conf-paths', './-o.conf']);
    assert.equal(optionLikeArgument({ ...base, confPath: '-o.conf' }), undefined);
  });

  // argparse reads an argument that starts with `-` as an option: `--models-to-run openai/gpt2 --output-path /x`
  // would set helm-run's output path. Such values are refused, whichever list they are in.
  const injections: Array<[string, HelmRunOptions, string]> = [
    ['a model', { ...base, modelsToRun: ['openai/gpt2', '--output-path=/tmp/x'] }, '--models-to-run "--output-path=/tmp/x"'],
    ['an abbreviated option as a group', { ...base, groupsToRun: ['--out', '/tmp/x'] }, '--groups-to-run "--out"'],
    ['a plugin', { ...base, plugins: [' -o'] }, '--plugins "-o"'],
    ['a run entry', { ...base, runEntries: ['-o/tmp/x'] }, '--run-entries "-o/tmp/x"'],
    ['a suite', { ...base, suite: '--skip-instances' }, '--suite "--skip-instances"'],
    ['a local path', { ...base, localPath: '-x' }, '--local-path "-x"'],
  ];
  for (const [what, options, flag] of injections) {
    it(`refuses ${what} that starts with -`, () => {
      assert.equal(optionLikeArgument(options), `${flag}: helm-run would read a value that starts with "-" as an option of its own. Remove the "-".`);
    });
  }

  it('never uses the --conf-file flag helm-run refuses', () => {
    assert.ok(!buildHelmRunArgs({ ...base, confPath: 'x.conf' }).includes('--conf-file'));
  });

  it('offers today\'s date as the suite name', () => {
    assert.equal(defaultSuiteName(new Date(2026, 0, 5)), '2026-01-05');
  });

  const answers: Array<[string, (t: string) => unknown, string, unknown]> = [
    ['suite', validateSuiteName, 'v1', undefined],
    ['suite', validateSuiteName, '', 'The suite name must not be empty.'],
    ['suite', validateSuiteName, 'a/b', 'The suite name becomes a folder name: no `/`, `\\`, `.` or `..`.'],
    ['suite', validateSuiteName, '-o', 'The suite name must not start with `-`: HELM\'s programs would read it as an option.'],
    ['max eval instances', parseMaxEvalInstances, ' 25 ', 25],
    ['max eval instances', parseMaxEvalInstances, '0', undefined],
    ['max eval instances', parseMaxEvalInstances, '1.5', undefined],
    ['priority', parsePriority, '', 0],
    ['priority', parsePriority, '3', 3],
    ['priority', parsePriority, '-1', undefined],
  ];
  for (const [what, parse, text, expected] of answers) {
    it(`reads the ${what} answer ${JSON.stringify(text)} as ${JSON.stringify(expected)}`, () => assert.equal(parse(text), expected));
  }
});

describe('helm-summarize and helm-server argument lists', () => {
  it('summarizes one suite, with HELM\'s defaults left out', () => {
    assert.deepEqual(buildHelmSummarizeArgs({ suite: 'v1', outputPath: 'benchmark_output', localPath: 'prod_env' }), ['--suite', 'v1']);
    assert.deepEqual(buildHelmSummarizeArgs({ suite: 'v1', outputPath: 'out', localPath: 'env', schemaPath: 'schema_lite.yaml' }), [
      '--suite', 'v1', '--output-path', 'out', '--local-path', 'env', '--schema-path', 'schema_lite.yaml',
    ]);
  });

  it('serves one suite on a port', () => {
    assert.deepEqual(buildHelmServerArgs({ suite: 'v1', port: 8123 }), ['--port', '8123', '--suite', 'v1']);
    assert.deepEqual(buildHelmServerArgs({}), []);
  });

  it('refuses values read as options, and ports that are none', () => {
    assert.equal(summarizeProblem({ suite: '--release' }), '--suite "--release": helm-summarize would read a value that starts with "-" as an option of its own. Remove the "-".');
    assert.equal(serverProblem({ suite: 'v1', outputPath: '-x' }), '--output-path "-x": helm-server would read a value that starts with "-" as an option of its own. Remove the "-".');
    assert.equal(serverProblem({ port: 70000 }), '--port 70000: not a port number.');
    assert.equal(serverProblem({ suite: 'v1', port: 8000 }), undefined);
  });
});

describe('one run entry as a conf file ("Run this entry" with groups)', () => {
  const registry = snapshotRegistry()!;
  const rows: Array<{ name: string; description: string; groups: string[] }> = [
    { name: 'a plain entry with two groups', description: 'narrative_qa:model=openai/gpt2', groups: ['core', 'ablation'] },
    { name: 'quotes, backslashes, a tab and a line break in the description', description: 'mmlu:subject="a\\b"\tc\nd,model=openai/gpt2', groups: ['x "y"'] },
    { name: 'an empty group list', description: 'boolq:model=openai/gpt2', groups: [] },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const text = entryConfText(row.description, row.groups, 'run_entries_x.conf');
      const conf = parseConf(text);
      // Read back as helm-run reads it: the same description and groups, and a file without problems.
      assert.equal(conf.entries.length, 1);
      assert.equal(conf.entries[0].description?.parsed?.text, row.description);
      assert.deepEqual(conf.entries[0].groups?.value, row.groups);
      assert.deepEqual(conf.problems, []);
      assert.deepEqual(validate(conf, registry, { rules: {}, modelsToRun: [] }).filter((d) => d.severity === 'error').map((d) => d.message), []);
    });
  }

  it('gives the RunSpec names a run of the whole file gives (with the groups)', () => {
    const file = parseConf('entries: [\n  {description: "narrative_qa:model=openai/gpt2", priority: 3, groups: ["core", "ablation"]}\n]\n');
    const alone = parseConf(entryConfText('narrative_qa:model=openai/gpt2', ['core', 'ablation'], 'run_entries_x.conf'));
    const names = (c: typeof file): string[] => expandEntry(c.entries[0], registry).runSpecs.map((r) => r.name);
    assert.deepEqual(names(alone), names(file));
    assert.ok(names(alone)[0].endsWith(',groups=ablation-core'), names(alone)[0]);
  });

  it('keeps a line break in the source file name out of the conf', () => {
    const conf = parseConf(entryConfText('boolq:model=openai/gpt2', ['core'], 'run_entries\n}{x.conf'));
    assert.deepEqual(conf.problems, []);
    assert.equal(conf.entries.length, 1);
  });

  it('names the file after its text', () => {
    const a = entryConfText('boolq:model=openai/gpt2', ['core'], 'run_entries_x.conf');
    const b = entryConfText('boolq:model=openai/gpt2', ['other'], 'run_entries_x.conf');
    assert.match(entryConfName(a), /^run_entries_entry_[0-9a-f]{12}\.conf$/);
    assert.equal(entryConfName(a), entryConfName(a));
    assert.notEqual(entryConfName(a), entryConfName(b));
  });
});

describe('stats.json', () => {
  const stat = (name: string, split: string | undefined, mean: number, extra: Record<string, unknown> = {}): unknown => ({
    name: { name, ...(split ? { split } : {}), ...extra },
    count: 10,
    sum: mean * 10,
    mean,
  });

  it('takes the test split\'s whole-split means of the main metrics', () => {
    const stats = [
      stat('num_instances', 'test', 10),
      stat('exact_match', 'test', 0.5),
      stat('exact_match', 'test', 0.1, { perturbation: { name: 'typos' } }),
      stat('exact_match', 'test', 0.9, { sub_split: 'toxic' }),
      stat('exact_match', 'valid', 0.7),
      stat('num_references', 'test', 4),
    ];
    assert.deepEqual(mainStatistics(stats), { split: 'test', means: { num_instances: 10, exact_match: 0.5 } });
  });

  it('falls back to the valid split, and to sum / count without a mean', () => {
    assert.deepEqual(mainStatistics([{ name: { name: 'quasi_exact_match', split: 'valid' }, count: 4, sum: 3 }]), {
      split: 'valid',
      means: { quasi_exact_match: 0.75 },
    });
  });

  it('gives nothing for content that is not a list of stats', () => {
    assert.deepEqual(mainStatistics({ name: 'x' }), { means: {} });
    assert.deepEqual(mainStatistics([1, null, { name: 3 }]), { means: {} });
  });

  it('reads each RunSpec\'s stats.json under runs/<suite>/, which of its files exist, and says why one has none', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-stats-'));
    try {
      const suiteDir = suiteOutputDir(dir, 'v1');
      assert.equal(suiteDir, path.join(dir, 'benchmark_output', 'runs', 'v1'));
      fs.mkdirSync(path.join(suiteDir, 'ok:model=m'), { recursive: true });
      fs.writeFileSync(path.join(suiteDir, 'ok:model=m', 'stats.json'), JSON.stringify([stat('exact_match', 'test', 0.25)]));
      fs.writeFileSync(path.join(suiteDir, 'ok:model=m', 'run_spec.json'), '{}');
      fs.mkdirSync(path.join(suiteDir, 'broken:model=m'), { recursive: true });
      fs.writeFileSync(path.join(suiteDir, 'broken:model=m', 'stats.json'), '[{');
      const results = await readRunSpecResults(suiteDir, ['ok:model=m', 'broken:model=m', 'missing:model=m']);
      assert.deepEqual(results, [
        { runSpec: 'ok:model=m', split: 'test', means: { exact_match: 0.25 }, folder: true, files: ['run_spec.json', 'stats.json'] },
        { runSpec: 'broken:model=m', means: {}, problem: 'stats.json is not valid JSON', folder: true, files: ['stats.json'] },
        { runSpec: 'missing:model=m', means: {}, problem: 'no stats.json', folder: false, files: [] },
      ]);
      assert.deepEqual(resultColumns(results), ['exact_match']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('results page', () => {
  const page = renderResultsHtml({
    suite: 'v1',
    suiteDir: '/w/benchmark_output/runs/v1',
    suiteDirExists: true,
    logFile: '/logs/helm-run-v1.log',
    rows: [
      {
        outcome: { runSpec: 'a:model=<m>', status: 'done', logLine: 3 },
        result: { runSpec: 'a:model=<m>', split: 'test', means: { num_instances: 10, exact_match: 0.25 }, folder: true, files: ['run_spec.json', 'stats.json'] },
      },
      {
        outcome: { runSpec: 'b:model=m', status: 'failed', reason: 'ValueError: no <data>', logLine: 41 },
        result: { runSpec: 'b:model=m', means: {}, problem: 'no stats.json', folder: false, files: [] },
      },
      { outcome: { runSpec: 'c:model=m', status: 'cancelled', reason: 'not started' } },
    ],
  });
  const text = page.html.replace(/<script[\s\S]*<\/script>/, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it('says how each RunSpec ended, with its failure reason, escaped', () => {
    assert.match(text, / 3 RunSpecs: 1 done, 1 failed, 1 cancelled /);
    assert.match(text, / done a:model=&lt;m&gt; test 10 0.250 folder run_spec.json stats.json /);
    assert.match(text, / failed b:model=m ValueError: no &lt;data&gt; /);
    assert.match(text, / cancelled c:model=m not started /);
  });

  it('links the reason to the log at its line, and the files and folders that exist; nothing else', () => {
    assert.deepEqual(page.links, [
      { kind: 'folder', path: '/w/benchmark_output/runs/v1/a:model=<m>' },
      { kind: 'file', path: '/w/benchmark_output/runs/v1/a:model=<m>/run_spec.json' },
      { kind: 'file', path: '/w/benchmark_output/runs/v1/a:model=<m>/stats.json' },
      { kind: 'file', path: '/logs/helm-run-v1.log', line: 41 },
      { kind: 'folder', path: '/w/benchmark_output/runs/v1' },
      { kind: 'file', path: '/logs/helm-run-v1.log' },
    ]);
    assert.match(page.html, /<a href="#" data-link="3" title="helm-run&#39;s log, line 42">ValueError: no &lt;data&gt;<\/a>/);
  });

  it('makes every column sortable, the metrics as numbers, and runs only its own script', () => {
    assert.match(page.html, /<th data-sort="number"><button type="button">exact_match<span class="arrow"><\/span><\/button><\/th>/);
    assert.match(page.html, /<th data-sort="text"><button type="button">status<span class="arrow"><\/span><\/button><\/th>/);
    assert.match(page.html, /<td class="num" data-value="0.25">0.250<\/td>/);
    assert.match(page.html, /script-src 'nonce-results'/);
    assert.equal(page.html.match(/<script/g)?.length, 1);
    assert.match(page.html, /<script nonce="results">/);
  });
});

describe('helm-run process', () => {
  it('puts the interpreter\'s folder first on PATH and finds its helm-run there', async () => {
    const env = environmentFor(path.join(FAKE_HELM_RUN_DIR, 'python'), { PATH: '/usr/bin:/bin' });
    assert.equal(env.PATH, `${FAKE_HELM_RUN_DIR}:/usr/bin:/bin`);
    assert.equal(await findOnPath('helm-run', env), path.join(FAKE_HELM_RUN_DIR, 'helm-run'));
    assert.equal(await findOnPath('helm-run', { PATH: '/nonexistent' }), undefined);
  });

  it('streams the stand-in helm-run\'s log and stops its whole process group', async function () {
    if (process.platform === 'win32') this.skip();
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-run-'));
    fs.writeFileSync(path.join(cwd, 'run_entries.conf'), 'entries: [\n  {description: "mmlu:model=openai/gpt2", priority: 1}\n]\n');
    const reader = new HelmRunLogReader();
    let output = '';
    let sawRunning: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (sawRunning = resolve));
    const env = environmentFor(path.join(FAKE_HELM_RUN_DIR, 'python'));
    const helmRun = new HelmProcess(
      { program: path.join(FAKE_HELM_RUN_DIR, 'helm-run'), args: ['--conf-paths', 'run_entries.conf', '--suite', 'hang', '-m', '1'], cwd, env },
      (text) => {
        output += text;
        if (reader.push(text).some((e) => e.kind === 'running')) sawRunning();
      },
    );
    try {
      await running;
      const record = JSON.parse(fs.readFileSync(path.join(cwd, 'fake-helm-run.json'), 'utf8')) as { pid: number; childPid: number };
      assert.equal(record.pid, helmRun.pid);
      await helmRun.stop();
      assert.deepEqual(reader.started, ['mmlu:model=openai_gpt2']);
      assert.match(output, /Running mmlu:model=openai_gpt2 \{/);
      // The child is gone once it is reaped; until then it is a zombie (state Z), which runs nothing.
      const gone = (): boolean => {
        try {
          const stat = fs.readFileSync(`/proc/${record.childPid}/stat`, 'utf8');
          return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
        } catch {
          return true;
        }
      };
      for (let i = 0; i < 100 && !gone(); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(gone(), `the stand-in's child ${record.childPid} still runs`);
    } finally {
      await helmRun.stop();
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});
