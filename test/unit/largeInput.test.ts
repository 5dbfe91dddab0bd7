// Inputs that once took minutes or overflowed the stack: each is read and checked, and the user sees what they need to.
// (No timing is asserted: before their fixes these ran far past mocha's timeout, or failed; now each takes a second or less.)
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { getLanguageService } from '../../server/src/languageService';
import { parseConf } from '../../server/src/parser/index';
import { projectRoot } from '../helpers/corpus';
import { applyEdits } from '../helpers/markers';
import { describeWithRegistry } from '../helpers/registry';

const service = getLanguageService();
const entryLine = (description: string): string => `entries: [\n  {description: "${description}", priority: 1}\n]\n`;

describe('large inputs: the command line', () => {
  it('150,000 backslashes after the list: one error line for them and exit 1, not an internal error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-conf-'));
    try {
      const file = path.join(dir, 'run_entries.conf');
      fs.writeFileSync(file, `entries: [{description: "mmlu:subject=anatomy,model=openai/gpt2"}]\n${'\\'.repeat(150000)}`);
      const r = spawnSync(process.execPath, [path.join(projectRoot, 'dist', 'cli.js'), 'check', file], { encoding: 'utf8' });
      assert.strictEqual(r.status, 1, r.stderr);
      assert.deepStrictEqual(r.stdout.trimEnd().split('\n'), [
        `${file}:2:1: error: 150000 backslashes outside a string: pyhocon refuses the whole file, so helm-run fails. Put the value in double quotes. [syntax-error]`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeWithRegistry('large inputs: the checks', (registry) => {
  it('a description with one key 60,000 times: each repeat says which one HELM keeps, and its fix removes only itself', () => {
    const text = entryLine(`mmlu:model=openai/gpt2${',subject=anatomy'.repeat(60000)}`);
    const diagnostics = service.validate(parseConf(text), registry, { rules: {}, modelsToRun: [] });
    const duplicates = diagnostics.filter((d) => d.code === 'duplicate-key');
    assert.strictEqual(duplicates.length, 59999);
    const last = text.lastIndexOf('subject=anatomy');
    assert.ok(duplicates.every((d) => d.related?.[0].span?.start === last), 'each points at the last `subject=anatomy`, the one HELM keeps');
    assert.strictEqual(applyEdits(text, duplicates[0].fixes?.[0].edits ?? []), text.replace(',subject=anatomy', ''));
  });

  it('a description of 150,000 `subject=anatomy,a`: every problem is reported (more than a spread of arguments takes)', () => {
    const text = entryLine(`mmlu:model=openai/gpt2${',subject=anatomy,a'.repeat(150000)}`);
    const conf = parseConf(text);
    assert.strictEqual(conf.problems.filter((p) => p.code === 'description-syntax').length, 150000);
    const diagnostics = service.validate(conf, registry, { rules: {}, modelsToRun: [] });
    assert.strictEqual(diagnostics.filter((d) => d.code === 'duplicate-key').length, 149999);
  });

  it('a description of 100,000 tabs: decoded as pyhocon expands them (to the next multiple of 8)', () => {
    // The string starts at column 15: its first tab takes one space, each next one seven (after an `x`).
    const text = `entries: [\n{description: "${'\tx'.repeat(100000)}"}\n]\n`;
    const conf = parseConf(text);
    assert.strictEqual(conf.entries[0].description?.parsed?.text, ` x${'       x'.repeat(99999)}`);
  });
});

describe('large inputs: the parser', () => {
  it('a million `{` on one line: a hundred syntax errors at most, from the second `{` on', () => {
    const text = `entries: [\n  {description: "a"}\n  ${'{'.repeat(1000000)}\n]\n`;
    const conf = parseConf(text);
    const errors = conf.problems.filter((p) => p.code === 'syntax-error');
    assert.ok(errors.length > 0 && errors.length <= 100, `${errors.length} syntax errors`);
    assert.strictEqual(errors[0].message, 'Expected `}` to close the entry opened on line 3, found `{`. pyhocon refuses the whole file.');
    assert.strictEqual(errors[0].span.start, text.indexOf('{{') + 1);
  });

  it('100,000 `[` closed by as many `}`, outside any object: one problem for the depth', () => {
    const text = `entries: [{description: "a"}]\nx: ${'['.repeat(100000)}${'}'.repeat(100000)}\n`;
    const conf = parseConf(text);
    assert.strictEqual(conf.problems.filter((p) => p.message.startsWith('Nested more than 32 levels deep')).length, 1);
  });

  it('`k {} {` 10,000 times: each `{` after `key {…}` closes its object (as the recovering parse does), so nothing is nested too deep', () => {
    const text = `entries: []\nx {${'k {} {'.repeat(10000)}${'}'.repeat(10001)}\n`;
    const conf = parseConf(text);
    assert.deepStrictEqual(conf.problems.filter((p) => p.message.startsWith('Nested more than')), []);
    assert.strictEqual(conf.problems[0].message, 'Expected `}` to close the object opened on line 2, found `{`. pyhocon refuses the whole file.');
  });

  it('10,000 lines of `:` in an entry: the syntax errors, not a stack overflow', () => {
    const text = `entries: [\n  {description: "a"\n${':\n'.repeat(10000)}  }\n]\n`;
    const conf = parseConf(text);
    assert.deepStrictEqual(conf.problems.filter((p) => p.message.startsWith('This file could not be read')), []);
    assert.strictEqual(conf.problems[0].message, 'Expected `}` to close the entry opened on line 2, found `:`. pyhocon refuses the whole file.');
  });
});

describe('large inputs: outline and folding', () => {
  for (const [what, filler] of [
    ['8,000 spaces', ' '.repeat(8000)],
    ['200,000 `#`', '#'.repeat(200000)],
  ]) {
    it(`a heading comment with ${what} between its words: a section of the outline, and a folding range`, () => {
      const text = `## a${filler}b\nentries: [\n  {description: "mmlu:subject=anatomy"}\n  {description: "mmlu:subject=virology"}\n]\n`;
      const conf = parseConf(text);
      const symbols = service.documentSymbols(conf);
      assert.deepStrictEqual(
        symbols.map((s) => [s.kind, s.name, s.children.length]),
        [['section', `a${filler}b`, 2]],
      );
      assert.ok(service.foldingRanges(conf).some((r) => r.kind === 'region' && r.startLine === 0 && r.endLine === 3));
    });
  }
});
