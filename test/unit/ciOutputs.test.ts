// The checker where CI lives: SARIF 2.1.0 valid against OASIS's schema, GitHub workflow commands escaped as GitHub reads them, and `format` in place and with --check.
import * as assert from 'assert';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { escapeData, escapeProperty, workflowCommand } from '../../server/src/cli/github';
import { RULES } from '../../server/src/services/rules';
import { fixturePath, projectRoot } from '../helpers/corpus';
import { helmConf } from '../helpers/helmConf';

const EXAMPLE = 'examples/run_entries.conf';

interface SarifLog {
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; help: { text: string }; defaultConfiguration: { level: string } }> } };
    results: Array<{
      ruleId: string;
      ruleIndex?: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }>;
      fixes?: Array<{ description: { text: string }; artifactChanges: Array<{ replacements: Array<{ deletedRegion: object; insertedContent: { text: string } }> }> }>;
    }>;
  }>;
}

function validateSarif(log: unknown): void {
  const schema = JSON.parse(fs.readFileSync(fixturePath('sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  const valid = ajv.validate(schema, log);
  assert.ok(valid, `not valid SARIF 2.1.0: ${ajv.errorsText(ajv.errors, { separator: '\n' })}`);
}

/** A temporary folder holding `files`, removed after `body`. */
function inTempFolder(files: Record<string, string>, body: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-conf-ci-'));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('helm-conf check --format sarif', () => {
  it('writes a SARIF 2.1.0 log that validates against the OASIS schema, with the rule table and the fixes', () => {
    const r = helmConf(['check', EXAMPLE, fixturePath('cli', 'wildcard.conf'), '--format', 'sarif', '--min-severity', 'hint']);
    assert.strictEqual(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout) as SarifLog;
    validateSarif(log);
    const run = log.runs[0];
    assert.strictEqual(run.tool.driver.name, 'helm-conf');
    assert.deepStrictEqual(
      run.tool.driver.rules.map((x) => [x.id, x.help.text, x.defaultConfiguration.level]),
      RULES.map((x) => [x.code, x.description, { error: 'error', warning: 'warning', info: 'note', hint: 'note' }[x.severity]]),
    );
    const results = run.results.map((x) => [x.ruleId, x.level, x.locations[0].physicalLocation.artifactLocation.uri, x.locations[0].physicalLocation.region.startLine, x.locations[0].physicalLocation.region.startColumn]);
    assert.deepStrictEqual(results, [
      ['unknown-entry-key', 'warning', 'examples/run_entries.conf', 13, 62],
      ['missing-argument', 'error', 'examples/run_entries.conf', 18, 18],
      ['priority-not-int', 'error', 'examples/run_entries.conf', 18, 53],
      ['wildcard-needs-models-to-run', 'note', 'test/fixtures/cli/wildcard.conf', 2, 45],
    ]);
    for (const x of run.results) assert.strictEqual(run.tool.driver.rules[x.ruleIndex ?? -1].id, x.ruleId);
    const typo = run.results[0];
    assert.deepStrictEqual(
      typo.fixes?.map((f) => [f.description.text, f.artifactChanges[0].replacements.map((p) => [p.deletedRegion, p.insertedContent.text])]),
      [
        ['Change to `priority`', [[{ startLine: 13, startColumn: 62, endLine: 13, endColumn: 69 }, 'priority']]],
        ['Disable unknown-entry-key for this line', [[{ startLine: 13, startColumn: 1, endLine: 13, endColumn: 1 }, '  # helm-conf: disable-next-line unknown-entry-key\n']]],
      ],
    );
  });

  it('with no problem, still a valid log with no results', () => {
    const r = helmConf(['check', fixturePath('cli', 'clean.conf'), '--format', 'sarif']);
    assert.strictEqual(r.code, 0);
    const log = JSON.parse(r.stdout) as SarifLog;
    validateSarif(log);
    assert.deepStrictEqual(log.runs[0].results, []);
  });
});

describe('helm-conf check --format github', () => {
  it('prints one workflow command per diagnostic, on the lines of the pull request', () => {
    const r = helmConf(['check', EXAMPLE, '--format', 'github']);
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(r.stdout.trimEnd().split('\n'), [
      '::warning file=examples/run_entries.conf,line=13,col=62,endLine=13,endColumn=68,title=helm-conf%3A unknown-entry-key::`prority` is not a run entry field: HELM ignores it silently. Did you mean `priority`?',
      "::error file=examples/run_entries.conf,line=18,col=18,endLine=18,endColumn=21,title=helm-conf%3A missing-argument::`mmlu` needs `subject`: HELM stops with `TypeError: get_mmlu_spec() missing 1 required positional argument: 'subject'`.",
      '::error file=examples/run_entries.conf,line=18,col=53,endLine=18,endColumn=55,title=helm-conf%3A priority-not-int::`priority` is the string "1", not an int: dacite fails. Write an int from 1 to 5 without quotes.',
    ]);
  });

  it('escapes as GitHub requires: %, CR and LF in the message; also : and , in properties', () => {
    assert.strictEqual(escapeData('50% a:b,c\r\nd'), '50%25 a:b,c%0D%0Ad');
    assert.strictEqual(escapeProperty('dir,x/a:b%.conf'), 'dir%2Cx/a%3Ab%25.conf');
    assert.strictEqual(
      workflowCommand({ file: 'a,b.conf', line: 2, column: 1, endLine: 4, endColumn: 3, severity: 'info', title: 't', message: 'x\ny' }),
      '::notice file=a%2Cb.conf,line=2,endLine=4,title=t::x%0Ay',
    );
  });
});

describe('helm-conf format', () => {
  const MESSY = 'entries: [\n    {description: "mmlu:subject=anatomy,model=openai/gpt2",priority=1},\n  # kept\n    {description: "gsm:model=openai/gpt2"}\n]';
  const TIDY = 'entries: [\n  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}\n  # kept\n  {description: "gsm:model=openai/gpt2"}\n]\n';

  it('rewrites the files in place, and a second run changes nothing', () => {
    inTempFolder({ 'run_entries_a.conf': MESSY, 'run_entries_b.conf': TIDY }, (dir) => {
      const r = helmConf(['format', dir]);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.strictEqual(r.stdout, `formatted ${path.join(dir, 'run_entries_a.conf')}\n`);
      assert.match(r.stderr, /^2 files: 1 reformatted, 1 already formatted$/m);
      assert.strictEqual(fs.readFileSync(path.join(dir, 'run_entries_a.conf'), 'utf8'), TIDY);
      assert.strictEqual(helmConf(['format', dir]).stdout, '');
    });
  });

  it('--quote-keys quoted writes the keys in quotes', () => {
    inTempFolder({ 'run_entries.conf': MESSY }, (dir) => {
      assert.strictEqual(helmConf(['format', '--quote-keys', 'quoted', 'run_entries.conf'], dir).code, 0);
      assert.match(fs.readFileSync(path.join(dir, 'run_entries.conf'), 'utf8'), /^"entries": \[\n {2}\{"description": "mmlu:subject=anatomy,model=openai\/gpt2", "priority": 1\}\n/);
    });
  });

  it('--check changes nothing, lists the files that would change and exits 1', () => {
    inTempFolder({ 'run_entries_a.conf': MESSY, 'run_entries_b.conf': TIDY }, (dir) => {
      const r = helmConf(['format', '--check', 'run_entries_a.conf', 'run_entries_b.conf'], dir);
      assert.strictEqual(r.code, 1);
      assert.strictEqual(r.stdout, 'run_entries_a.conf:2:3: would be reformatted\n');
      assert.strictEqual(fs.readFileSync(path.join(dir, 'run_entries_a.conf'), 'utf8'), MESSY);
      assert.strictEqual(helmConf(['format', '--check', 'run_entries_b.conf'], dir).code, 0);
    });
  });

  it('--check --format github and sarif point at the first change; the SARIF fix is the formatting', () => {
    inTempFolder({ 'run_entries.conf': MESSY }, (dir) => {
      const gh = helmConf(['format', '--check', '--format', 'github', 'run_entries.conf'], dir);
      assert.strictEqual(gh.code, 1);
      assert.match(gh.stdout, /^::error file=run_entries\.conf,line=2,col=3,endLine=2,endColumn=3,title=helm-conf format::Not in HELM's layout: `helm-conf format` changes this place and \d+ more\.\n$/);
      const sarif = helmConf(['format', '--check', '--format', 'sarif', 'run_entries.conf'], dir);
      const log = JSON.parse(sarif.stdout) as SarifLog;
      validateSarif(log);
      assert.deepStrictEqual(log.runs[0].results.map((x) => [x.ruleId, x.level, x.locations[0].physicalLocation.region.startLine]), [['format', 'error', 2]]);
      assert.ok((log.runs[0].results[0].fixes?.[0].artifactChanges[0].replacements.length ?? 0) > 1);
    });
  });

  it('leaves a file with a syntax error as it is, says why, and exits 1', () => {
    const broken = 'entries: [\n  {description: "a:k=1"\n]\n';
    inTempFolder({ 'run_entries.conf': broken }, (dir) => {
      const r = helmConf(['format', 'run_entries.conf'], dir);
      assert.strictEqual(r.code, 1);
      assert.match(r.stderr, /^run_entries\.conf:3:1: not formatted: line 3 has a syntax error pyhocon refuses \(Expected `}` to close the entry opened on line 2, found `]`/);
      assert.strictEqual(fs.readFileSync(path.join(dir, 'run_entries.conf'), 'utf8'), broken);
    });
  });

  it('refuses --format without --check, and a bad --quote-keys', () => {
    assert.strictEqual(helmConf(['format', EXAMPLE, '--format', 'json']).code, 2);
    const r = helmConf(['format', EXAMPLE, '--quote-keys', 'single']);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /--quote-keys must be bare or quoted/);
  });

  it('the example and the fixture workspace are formatted already', () => {
    assert.strictEqual(helmConf(['format', '--check', EXAMPLE, fixturePath('cli')], projectRoot).code, 0);
  });
});
