// Run suite's pure parts: the helm-run argument list, reading HELM's log, reading stats.json, the process.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  buildHelmRunArgs,
  defaultSuiteName,
  HelmRunOptions,
  parseMaxEvalInstances,
  parsePriority,
  validateSuiteName,
} from '../../client/src/runSuite/helmRunArgs';
import { entryConfName, entryConfText } from '../../client/src/runSuite/entryConf';
import { HelmRunLogReader, parseHelmRunLogLine, progressMessage } from '../../client/src/runSuite/helmRunLog';
import { environmentFor, findOnPath, HelmRunProcess } from '../../client/src/runSuite/helmRunProcess';
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

describe('helm-run log', () => {
  const lines: Array<[string, ReturnType<typeof parseHelmRunLogLine>]> = [
    ['  Running mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2 {', { kind: 'running', runSpec: 'mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2' }],
    ['INFO 2026-01-01 12:00:00 Running boolq:model=openai_gpt2,data_augmentation=canonical {', { kind: 'running', runSpec: 'boolq:model=openai_gpt2,data_augmentation=canonical' }],
    ['    Error when running boolq:model=openai_gpt2:', { kind: 'failed', runSpec: 'boolq:model=openai_gpt2' }],
    ['  } [1.2s]', undefined],
    ['Running the numbers', undefined],
    ['3 entries produced 5 run specs', undefined],
  ];
  for (const [line, event] of lines) {
    it(`reads ${JSON.stringify(line)}`, () => assert.deepEqual(parseHelmRunLogLine(line), event));
  }

  it('follows a run streamed in arbitrary chunks with CRLF and CR line ends', () => {
    const log = '  Running a:model=m {\r\n  } [1s]\r\n  Running b:model=m {\rprogress 50%\r\n  Error when running b:model=m:\nTraceback\n  Running c:model=m {';
    const reader = new HelmRunLogReader();
    const events = [];
    for (let i = 0; i < log.length; i += 7) events.push(...reader.push(log.slice(i, i + 7)));
    events.push(...reader.end());
    assert.deepEqual(events.map((e) => `${e.kind} ${e.runSpec}`), ['running a:model=m', 'running b:model=m', 'failed b:model=m', 'running c:model=m']);
    assert.deepEqual(reader.done, ['a:model=m', 'c:model=m']);
    assert.deepEqual(reader.failed, ['b:model=m']);
  });

  it('words the progress as RunSpec i of N', () => {
    assert.equal(progressMessage(2, 5, 'boolq:model=m'), 'RunSpec 2 of 5: boolq:model=m');
    assert.equal(progressMessage(6, 5, 'extra:model=m'), 'RunSpec 6: extra:model=m');
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

  it('reads each RunSpec\'s stats.json under runs/<suite>/ and says why one has none', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-stats-'));
    try {
      const suiteDir = suiteOutputDir(dir, 'v1');
      assert.equal(suiteDir, path.join(dir, 'benchmark_output', 'runs', 'v1'));
      fs.mkdirSync(path.join(suiteDir, 'ok:model=m'), { recursive: true });
      fs.writeFileSync(path.join(suiteDir, 'ok:model=m', 'stats.json'), JSON.stringify([stat('exact_match', 'test', 0.25)]));
      fs.mkdirSync(path.join(suiteDir, 'broken:model=m'), { recursive: true });
      fs.writeFileSync(path.join(suiteDir, 'broken:model=m', 'stats.json'), '[{');
      const results = await readRunSpecResults(suiteDir, ['ok:model=m', 'broken:model=m', 'missing:model=m']);
      assert.deepEqual(results, [
        { runSpec: 'ok:model=m', split: 'test', means: { exact_match: 0.25 } },
        { runSpec: 'broken:model=m', means: {}, problem: 'stats.json is not valid JSON' },
        { runSpec: 'missing:model=m', means: {}, problem: 'no stats.json' },
      ]);
      assert.deepEqual(resultColumns(results), ['exact_match']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('renders a results table with escaped names and failed rows marked', () => {
    const html = renderResultsHtml({
      suite: 'v1',
      suiteDir: '/w/benchmark_output/runs/v1',
      results: [
        { runSpec: 'a:model=<m>', split: 'test', means: { num_instances: 10, exact_match: 0.25 } },
        { runSpec: 'b:model=m', means: {}, problem: 'no stats.json' },
      ],
      failed: ['b:model=m'],
    });
    assert.match(html, /<tr><th>RunSpec<\/th><th>split<\/th><th>num_instances<\/th><th>exact_match<\/th><\/tr>/);
    assert.match(html, /<tr><td>a:model=&lt;m&gt;<\/td><td>test<\/td><td class="num">10<\/td><td class="num">0.250<\/td><\/tr>/);
    assert.match(html, /<tr class="failed"><td>b:model=m<\/td><td>failed<\/td>/);
    assert.doesNotMatch(html, /<script/);
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
    const helmRun = new HelmRunProcess(
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
