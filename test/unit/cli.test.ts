// The `helm-conf` command line as CI runs it: the bundled dist/cli.js in a child process.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { fixturePath, projectRoot } from '../helpers/corpus';

const CLI = path.join(projectRoot, 'dist', 'cli.js');
const EXAMPLE = path.join(projectRoot, 'examples', 'run_entries.conf');

function helmConf(args: string[], cwd = projectRoot): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

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

  it('exits 2 on an unreadable file, after checking the others', () => {
    const r = helmConf(['check', 'no/such.conf', fixturePath('cli', 'clean.conf')]);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /cannot read no\/such\.conf: ENOENT/);
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
});
