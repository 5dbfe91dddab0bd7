// The `helm-conf` command line as CI runs it: the bundled dist/cli.js in a child process.
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixturePath, projectRoot } from '../helpers/corpus';
import { helmConf, languageServer } from '../helpers/helmConf';

const EXAMPLE = path.join(projectRoot, 'examples', 'run_entries.conf');

describe('the package\'s programs (its bin)', () => {
  // `npx helm-conf` and an installed bin start the file itself, through its shebang.
  const programs = [path.join(projectRoot, 'dist', 'cli.js'), path.join(projectRoot, 'dist', 'server.js')];
  (process.platform === 'win32' ? it.skip : it)('are executable once built, and helm-conf starts as a program of its own', () => {
    for (const program of programs) assert.ok((fs.statSync(program).mode & 0o111) === 0o111, `${program} is not executable`);
    const r = spawnSync(programs[0], ['check', EXAMPLE], { encoding: 'utf8' });
    assert.strictEqual(r.error, undefined);
    assert.strictEqual(r.status, 1);
    assert.match(r.stderr, /1 file checked: 2 errors, 1 warning, 0 others/);
  });
});

describe('helm-conf check', () => {
  it('prints file:line:col: severity: message [code] for the example and exits 1 on errors', () => {
    const r = helmConf(['check', 'examples/run_entries.conf']);
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(r.stdout.trimEnd().split('\n'), [
      'examples/run_entries.conf:13:62: warning: `prority` is not a run entry field: HELM ignores it silently. Did you mean `priority`? [unknown-entry-key]',
      "examples/run_entries.conf:18:18: error: `mmlu` needs `subject`: HELM stops with `TypeError: get_mmlu_spec() missing 1 required positional argument: 'subject'`. [missing-argument]",
      'examples/run_entries.conf:18:53: error: `priority` is the string "1", not an int: dacite fails. Write an int from 1 to 5 without quotes. [priority-not-int]',
    ]);
    assert.match(r.stderr, /1 file checked: 2 errors, 1 warning, 0 others/);
  });

  it('exits 0 on a file HELM accepts and prints nothing on stdout', () => {
    const r = helmConf(['check', fixturePath('cli', 'clean.conf')]);
    assert.strictEqual(r.code, 0);
    assert.strictEqual(r.stdout, '');
  });

  it('prints the same diagnostics as JSON with --format json', () => {
    const r = helmConf(['check', EXAMPLE, '--format', 'json']);
    assert.strictEqual(r.code, 1);
    const items = JSON.parse(r.stdout) as Array<{ file: string; line: number; column: number; severity: string; code: string }>;
    assert.deepStrictEqual(
      items.map((d) => [d.line, d.column, d.severity, d.code]),
      [
        [13, 62, 'warning', 'unknown-entry-key'],
        [18, 18, 'error', 'missing-argument'],
        [18, 53, 'error', 'priority-not-int'],
      ],
    );
    assert.ok(items.every((d) => d.file === EXAMPLE));
  });

  it('changes or turns off a rule with --rule CODE=SEVERITY', () => {
    const r = helmConf(['check', EXAMPLE, '--rule', 'missing-argument=off', '--rule', 'priority-not-int=warning']);
    assert.strictEqual(r.code, 0);
    assert.doesNotMatch(r.stdout, /missing-argument/);
    assert.match(r.stdout, /:18:53: warning: .*\[priority-not-int\]/);
  });

  it('shows hints only from --min-severity hint', () => {
    const conf = fixturePath('cli', 'wildcard.conf');
    assert.strictEqual(helmConf(['check', conf]).stdout, '');
    const r = helmConf(['check', conf, '--min-severity', 'hint']);
    assert.match(r.stdout, /wildcard\.conf:2:45: hint: helm-run refuses `model=text` without `--models-to-run`.*\[wildcard-needs-models-to-run\]/);
    assert.strictEqual(helmConf(['check', conf, '--min-severity', 'hint', '--models-to-run', 'openai/gpt2']).stdout, '');
  });

  it("accepts the models of the folder's prod_env, as helm-run run there would", () => {
    const workspace = fixturePath('cli', 'workspace');
    assert.strictEqual(helmConf(['check', 'run_entries.conf'], workspace).code, 0);
    const elsewhere = helmConf(['check', path.join(workspace, 'run_entries.conf')]);
    assert.strictEqual(elsewhere.code, 1);
    assert.match(elsewhere.stdout, /`acme\/tiny-lm` is neither a model wildcard, a model nor a model deployment/);
  });

  it('checks runner_config.yaml by its name, in the same format', () => {
    const r = helmConf(['check', 'examples/prod_env/runner_config.yaml']);
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(r.stdout.trimEnd().split('\n'), [
      'examples/prod_env/runner_config.yaml:8:3: error: `cpus-per-task` has a `-`: simple_slurm takes sbatch options with `_` (`cpus_per_task` for `--cpus-per-task`) and refuses it: helm-run exits (argparse error) when it submits the first job. Did you mean `cpus_per_task`? [unknown-slurm-arg]',
      'examples/prod_env/runner_config.yaml:11:9: error: `time` is `4:00:00`, the int 14400 (PyYAML reads `4:00:00` in base 60): HELM quotes each slurm_args value with shlex.quote, which needs a str, so helm-run fails with TypeError when it submits the first job. Quote the value. [slurm-arg-not-string]',
    ]);
    assert.match(r.stderr, /1 file checked: 2 errors, 0 warnings, 0 others/);
    const json = helmConf(['check', 'examples/prod_env/runner_config.yaml', '--format', 'json', '--rule', 'unknown-slurm-arg=off']);
    assert.deepStrictEqual((JSON.parse(json.stdout) as Array<{ code: string; line: number }>).map((d) => [d.line, d.code]), [[11, 'slurm-arg-not-string']]);
  });

  it('exits 2 on an unreadable file, after checking the others, and counts only the files read', () => {
    const r = helmConf(['check', 'no/such.conf', fixturePath('cli', 'clean.conf')]);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /cannot read no\/such\.conf: ENOENT/);
    assert.match(r.stderr, /^1 file checked: 0 errors/m);
    assert.match(helmConf(['check', 'no/such.conf']).stderr, /^0 files checked: 0 errors/m);
  });

  it('writes one line per diagnostic, a line break in a message written `\\n`', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-cli-lines-'));
    try {
      // A triple-quoted description split over two lines: HELM gets the key `\nmodel`.
      fs.writeFileSync(path.join(dir, 'run_entries_split.conf'), 'entries: [\n  {description: """mmlu:subject=anatomy,\nmodel=openai/gpt2""", priority: 1}\n]\n');
      const r = helmConf(['check', 'run_entries_split.conf'], dir);
      assert.strictEqual(r.code, 1);
      assert.deepStrictEqual(r.stdout.trimEnd().split('\n'), [
        "run_entries_split.conf:2:41: error: `\\nmodel` has spaces around the argument name: HELM does not trim them, and it stops with `TypeError: get_mmlu_spec() got an unexpected keyword argument '\\nmodel'`. [untrimmed-space]",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  (process.platform === 'linux' ? it : it.skip)('a file in a folder whose name is not UTF-8: says why it cannot be read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-cli-names-'));
    try {
      // Linux takes any bytes in a name; Node gets U+FFFD for the 0xff, and no file has that name.
      fs.writeFileSync(Buffer.concat([Buffer.from(path.join(dir, 'run_entries_')), Buffer.from([0xff]), Buffer.from('.conf')]), 'entries: []\n');
      const r = helmConf(['check', '.'], dir);
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, /^helm-conf check: cannot read run_entries_\ufffd\.conf: ENOENT \(its name is not UTF-8, and Node cannot open a file by such a name: rename it\)$/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const usageErrors: string[][] = [[], ['check'], ['lint', 'x.conf'], ['check', 'x.conf', '--format', 'xml'], ['check', 'x.conf', '--rule', 'missing-argument=loud'], ['check', 'x.conf', '--bogus']];
  for (const args of usageErrors) {
    it(`exits 2 with the usage on ${JSON.stringify(args.join(' '))}`, () => {
      const r = helmConf(args);
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, /helm-conf/);
    });
  }
});

describe('helm-conf expand', () => {
  it('lists the RunSpecs of each entry as JSON with 1-based lines', () => {
    const r = helmConf(['expand', fixturePath('cli', 'clean.conf'), '--format', 'json']);
    assert.strictEqual(r.code, 0);
    const items = JSON.parse(r.stdout) as Array<{ line: number; description: string; runSpecs: string[]; exact: boolean }>;
    assert.deepStrictEqual(
      items.map((i) => [i.line, i.description, i.runSpecs, i.exact]),
      [
        [3, 'mmlu:subject=anatomy,model=openai/gpt2', ['mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2'], false],
        [4, 'gsm:model=openai/gpt2', ['gsm:model=openai_gpt2'], false],
      ],
    );
  });

  /** `expand` of one file written to a scratch folder (with `also` after it): the line listing its entry on line 2, and the notices on stderr. */
  function expandAlone(name: string, text: string, also: string[] = []): { line2: string | undefined; notices: string[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-expand-notice-'));
    try {
      fs.writeFileSync(path.join(dir, name), text);
      const r = helmConf(['expand', name, ...also], dir);
      assert.strictEqual(r.code, 0);
      return {
        line2: r.stdout.split('\n').find((l) => l.startsWith(`${name}:2: `)),
        notices: r.stderr.split('\n').filter((l) => l.startsWith('helm-conf expand:')),
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('says on stderr when helm-run could not read a file at all, and still lists its entries', () => {
    // The second entry lacks its `}`: pyhocon refuses the whole file.
    const r = expandAlone('run_entries_broken.conf', 'entries: [\n  {description: "boolq:model=openai/gpt2", priority: 1}\n  {description: "gsm:model=openai/gpt2", priority: 1\n]\n', [fixturePath('cli', 'clean.conf')]);
    assert.strictEqual(r.line2, 'run_entries_broken.conf:2: boolq:model=openai/gpt2  (1 RunSpec)');
    assert.deepStrictEqual(r.notices, [
      'helm-conf expand: run_entries_broken.conf:4:1: helm-run cannot read this file, so none of the RunSpecs listed for it would run: Expected `}` to close the entry opened on line 3, found `]`. pyhocon refuses the whole file.',
    ]);
  });

  it('says so too when dacite refuses what pyhocon read (a priority that is not an int)', () => {
    const r = expandAlone('run_entries_shape.conf', 'entries: [\n  {description: "boolq:model=openai/gpt2", priority: "1"}\n]\n');
    assert.strictEqual(r.line2, 'run_entries_shape.conf:2: boolq:model=openai/gpt2  (1 RunSpec)');
    assert.deepStrictEqual(r.notices, [
      'helm-conf expand: run_entries_shape.conf:2:54: helm-run cannot read this file, so none of the RunSpecs listed for it would run: `priority` is the string "1", not an int: dacite fails. Write an int from 1 to 5 without quotes.',
    ]);
  });
});

describe('command-line manners', () => {
  const helps: Array<{ args: string[]; shows: RegExp }> = [
    { args: ['--help'], shows: /helm-conf format FILE\|FOLDER\.\.\. \[--check\]/ },
    { args: ['check', '--help'], shows: /--format FORMAT +text \(default[^]*sarif[^]*github[^]*--rule CODE=SEVERITY/ },
    { args: ['check', 'x.conf', '-h'], shows: /^Usage: helm-conf check/ },
    { args: ['format', '--help'], shows: /--check +change nothing[^]*--quote-keys STYLE/ },
    { args: ['expand', '--help'], shows: /--models-to-run M\.\.\. +as helm-run --models-to-run/ },
  ];
  for (const { args, shows } of helps) {
    it(`\`helm-conf ${args.join(' ')}\` prints the usage on stdout and exits 0`, () => {
      const r = helmConf(args);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.match(r.stdout, shows);
    });
  }

  it('the language server without a transport prints its usage, not a stack trace, and exits 2', () => {
    const r = languageServer([]);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /^helm-conf-language-server: no transport given\n\nUsage: helm-conf-language-server --stdio \| --node-ipc/);
    assert.doesNotMatch(r.stderr, /Error|\n +at /);
  });

  it('the language server with --help prints its usage and exits 0', () => {
    const r = languageServer(['--help']);
    assert.strictEqual(r.code, 0);
    assert.match(r.stdout, /^Usage: helm-conf-language-server[^]*--socket=PORT/);
  });

  it('an unknown rule code is a usage error, with the closest code', () => {
    const r = helmConf(['check', EXAMPLE, '--rule', 'missing-argumnt=off']);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /^helm-conf check: --rule missing-argumnt=off: no rule is called `missing-argumnt`\. Did you mean `missing-argument`\?/);
    const none = helmConf(['check', EXAMPLE, '--rule', 'no-such-rule=off']);
    assert.strictEqual(none.code, 2);
    assert.match(none.stderr, /no rule is called `no-such-rule`\.\n/);
  });

  it('a missing --local-path or plugin gets a warning line, and the check goes on', () => {
    const r = helmConf(['check', EXAMPLE, '--local-path', 'no/such/dir', '--plugins', 'no/such.py']);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /^helm-conf: --local-path no\/such\/dir: no such folder; only the bundled registry's models are known$/m);
    assert.match(r.stderr, /^helm-conf: --plugins no\/such\.py: no such file, folder or module; its run spec functions are unknown here$/m);
    assert.match(r.stdout, /\[missing-argument\]/);
    const quiet = helmConf(['check', EXAMPLE, '--plugins', fixturePath('helm-like', 'plugins', 'my_run_specs.py')]);
    assert.doesNotMatch(quiet.stderr, /no such/);
  });

  it('a reader that stops early (`| head`) gets no stack trace: the check ends with its own status', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-conf-pipe-'));
    const file = path.join(dir, 'run_entries_many.conf');
    const entries = Array.from({ length: 3000 }, (_, i) => `  {description: "no_such_function_${i}:model=openai/gpt2", priority: 1}`);
    fs.writeFileSync(file, `entries: [\n${entries.join('\n')}\n]\n`);
    try {
      const child = spawn(process.execPath, [path.join(projectRoot, 'dist', 'cli.js'), 'check', file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // The first lines read, the reader goes away, as `head` does.
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      assert.doesNotMatch(stderr, /EPIPE|Error|\n +at /);
      assert.match(stderr, /^1 file checked: 3000 errors, 0 warnings/m);
      assert.strictEqual(code, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a folder argument checks the run_entries*.conf and run_specs*.conf files under it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-conf-folder-'));
    const write = (rel: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    const bad = 'entries: [\n  {description: "mmlu:model=openai/gpt2"}\n]\n';
    write('run_entries_a.conf', bad);
    write('sub/deeper/run_specs_b.conf', bad);
    write('sub/other.conf', bad);
    write('node_modules/pkg/run_entries_c.conf', bad);
    write('.git/run_entries_d.conf', bad);
    write('empty/notes.txt', '');
    try {
      const r = helmConf(['check', dir]);
      assert.strictEqual(r.code, 1);
      const files = [...new Set(r.stdout.trim().split('\n').map((l) => path.relative(dir, l.split(':')[0])))];
      assert.deepStrictEqual(files, ['run_entries_a.conf', path.join('sub', 'deeper', 'run_specs_b.conf')]);
      assert.match(r.stderr, /^2 files checked: 2 errors/m);
      const examples = helmConf(['check', 'examples/']);
      assert.strictEqual(examples.code, 1);
      assert.match(examples.stdout, /^examples\/run_entries\.conf:13:62: warning/);
      const empty = helmConf(['check', path.join(dir, 'empty')]);
      assert.strictEqual(empty.code, 2);
      assert.match(empty.stderr, /no run_entries\*\.conf or run_specs\*\.conf file in this folder/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
