// The incremental parse: after random edits, updateConf gives exactly what parseConf gives, and it does re-read only the entry edited.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseConf } from '../../server/src/parser/index';
import { updateConf } from '../../server/src/parser/incremental';
import type { ConfFile } from '../../server/src/parser/types';
import { validate } from '../../server/src/services/validation';
import { EDITS, type FuzzScale } from '../fuzz/mutations';
import { corpusConfFiles, fixturePath } from '../helpers/corpus';
import { applyEdits } from '../helpers/markers';
import { assertSame, assertSameParse } from '../helpers/parseCompare';
import { seededRandom } from '../helpers/random';
import { snapshotRegistry } from '../helpers/registry';

/** One edit: blanks and line breaks after an entry or a comment (a quarter of them), else a snippet typed, deleted or replaced on one line. */
function edit(text: string, conf: ConfFile, rnd: () => number): string {
  return rnd() < 0.25 ? EDITS.blanks(text, conf, rnd, SCALE) : EDITS.type(text, conf, rnd, SCALE);
}

const SCALE: FuzzScale = { nesting: 10, flood: 10, line: 100, paste: 100, window: 0 };

interface Run {
  steps: number;
  spliced: number;
}

/** Edits `original` `steps` times (back to the original every 6th step), comparing each update with a full parse. */
function check(original: string, seed: number, steps: number, withValidation: boolean): Run {
  const rnd = seededRandom(seed);
  const registry = snapshotRegistry();
  let text = original;
  let conf = parseConf(text);
  let spliced = 0;
  for (let step = 0; step < steps; step++) {
    const next = step % 6 === 5 ? original : edit(text, conf, rnd);
    const root = conf.root;
    const updated = updateConf(conf, next);
    if (updated.root === root && next !== text) spliced++;
    const full = parseConf(next);
    const where = `seed ${seed}, step ${step}`;
    assert.strictEqual(updated.text, next, where);
    assertSameParse(updated, full, where);
    if (withValidation && registry) {
      assertSame(validate(updated, registry), validate(full, registry), `${where}: diagnostics differ`);
    }
    text = next;
    conf = updated;
  }
  return { steps, spliced };
}

describe('incremental parse: updateConf equals parseConf after every edit', () => {
  const fixture = fs.readFileSync(fixturePath('conf', 'incremental.conf'), 'utf8');

  for (const seed of [1, 2, 3, 4]) {
    it(`our fixture of every entry shape, 150 random edits (seed ${seed})`, () => {
      const run = check(fixture, seed, 150, true);
      // Many edits land inside an entry and keep the file valid (a lone `"` or `{` does not): those take the short way.
      assert.ok(run.spliced >= run.steps * 0.1, `only ${run.spliced} of ${run.steps} edits re-read a single entry`);
    });
  }

  it('our fixtures with CRLF line ends and broken syntax', () => {
    for (const name of ['crlf.conf', 'broken.conf', 'constructs.conf']) check(fs.readFileSync(fixturePath('conf', name), 'utf8'), 7, 60, true);
  });

  it('typing a description character by character, and deleting it again', () => {
    const at = fixture.indexOf('"mmlu:') + 1;
    let conf = parseConf(fixture);
    let text = fixture;
    const typed = 'bbq:subject=age,model=text,';
    const registry = snapshotRegistry();
    let spliced = 0;
    for (let i = 1; i <= typed.length * 2; i++) {
      const n = i <= typed.length ? i : typed.length * 2 - i;
      const next = fixture.slice(0, at) + typed.slice(0, n) + fixture.slice(at);
      const root = conf.root;
      conf = updateConf(conf, next);
      if (conf.root === root) spliced++;
      text = next;
      assertSameParse(conf, parseConf(text), `after ${n} characters`);
      if (registry) assertSame(validate(conf, registry), validate(parseConf(text), registry), `diagnostics after ${n} characters`);
    }
    assert.strictEqual(spliced, typed.length * 2, 'every keystroke re-reads one entry');
  });

  it('Enter after an entry, a blank line deleted: nothing is read again', () => {
    const conf0 = parseConf(fixture);
    const registry = snapshotRegistry();
    // After the second entry (the first has a comment on its line).
    const afterEntry = conf0.entries[1].node.span.end + (fixture[conf0.entries[1].node.span.end] === ',' ? 1 : 0);
    const steps = [
      fixture.slice(0, afterEntry) + '\n  ' + fixture.slice(afterEntry),
      fixture.slice(0, afterEntry) + '\n\n  ' + fixture.slice(afterEntry),
      fixture.slice(0, afterEntry) + '\n' + fixture.slice(afterEntry),
      fixture,
    ];
    let conf = conf0;
    for (const [i, next] of steps.entries()) {
      const root = conf.root;
      conf = updateConf(conf, next);
      assert.strictEqual(conf.root, root, `step ${i}: parsed again`);
      assertSameParse(conf, parseConf(next), `step ${i}`);
      if (registry) assertSame(validate(conf, registry), validate(parseConf(next), registry), `diagnostics, step ${i}`);
    }
  });

  it('a syntax error in another entry: typing before it or after it still re-reads one entry', () => {
    const text = [
      'entries: [',
      '  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}',
      '  {description: "boolq:model=text" = 1}',
      '  {description: "ice:subset=ea,model=openai/gpt2", priority: 1}',
      ']',
      '',
    ].join('\n');
    let conf = parseConf(text);
    assert.ok(conf.problems.some((p) => p.code === 'syntax-error'), 'the fixture has its syntax error');
    const registry = snapshotRegistry();
    let current = text;
    // In the first entry, in the last one (after the error), in the first again.
    for (const [i, k] of [0, 2, 0].entries()) {
      const at = conf.entries[k].node.span.start + '{description: "mm'.length;
      const next = current.slice(0, at) + 'zz' + current.slice(at);
      const root = conf.root;
      conf = updateConf(conf, next);
      assert.strictEqual(conf.root, root, `edit ${i}: parsed again`);
      assertSameParse(conf, parseConf(next), `edit ${i}`);
      if (registry) assertSame(validate(conf, registry), validate(parseConf(next), registry), `diagnostics, edit ${i}`);
      current = next;
    }
  });

  it('a character typed between the \\r and \\n of a line end, and deleted again: two line ends, then one', () => {
    const text = 'entries: [\r\n  {description: "a:x=1"}\r\n  {description: "b:y=2"}\r\n]\r\n';
    let conf = parseConf(text);
    const at = text.indexOf('}') + 2;
    const split = text.slice(0, at) + '\t' + text.slice(at);
    for (const next of [split, text]) {
      conf = updateConf(conf, next);
      const full = parseConf(next);
      assertSameParse(conf, full, JSON.stringify(next));
    }
  });

  it('typing a new entry, syntax errors and all until `description:` is whole, re-reads only that entry', () => {
    // As typed in an editor that closes braces and quotes: `{}`, then the key, the colon, `""` and the value.
    const registry = snapshotRegistry();
    const lineEnd = fixture.indexOf('\n', fixture.indexOf('"mmlu:'));
    let text = fixture.slice(0, lineEnd) + '\n  {}' + fixture.slice(lineEnd);
    let conf = parseConf(text);
    let cursor = lineEnd + 4;
    let withErrors = 0;
    const type = (typed: string): void => {
      const next = text.slice(0, cursor) + typed + text.slice(cursor);
      const root = conf.root;
      conf = updateConf(conf, next);
      assert.strictEqual(conf.root, root, `typing ${JSON.stringify(typed)}: parsed again`);
      assertSameParse(conf, parseConf(next), `typing ${JSON.stringify(typed)}`);
      if (registry) assertSame(validate(conf, registry), validate(parseConf(next), registry), `diagnostics, ${JSON.stringify(typed)}`);
      if (conf.problems.some((p) => p.code === 'syntax-error')) withErrors++;
      text = next;
      cursor += typed.length;
    };
    for (const c of 'description: ') type(c);
    type('""');
    cursor--;
    for (const c of 'boolq:model=openai/gpt2') type(c);
    assert.ok(withErrors >= 10, `only ${withErrors} steps had a syntax error`);
    assert.deepStrictEqual(conf.problems.filter((p) => p.code === 'syntax-error'), []);
  });

  it('an entry broken by an unclosed `[` is parsed in full (its recovery reaches past the entry)', () => {
    const text = 'entries: [\n  {description: "a:x=1",\n    priority: 4\n  }\n]\nother: 1\n';
    const conf = parseConf(text);
    const at = text.indexOf('priority') + 2;
    const broken = text.slice(0, at) + '[' + text.slice(at);
    const root = conf.root;
    const updated = updateConf(conf, broken);
    assert.notStrictEqual(updated.root, root);
    assertSameParse(updated, parseConf(broken), 'unclosed [');
  });

  it('blanks that move a tab inside a later string to another column: the string is read again (pyparsing expands tabs by column)', () => {
    const text = 'entries: [\n  {description: "mmlu:subject=a\tb"},\n  {description: "mmlu:subject=c\td"}\n]\n';
    const conf0 = parseConf(text);
    const [first, second] = conf0.entries.map((e) => e.node.span);
    const steps = [
      // A space before the second entry, on its line; then the line break before it deleted (joined to the first's line).
      text.slice(0, second.start) + ' ' + text.slice(second.start),
      text.slice(0, first.end + 1) + ' ' + text.slice(second.start),
      // Enter before an entry whose tab moves with it; and back to the text at the start.
      text.slice(0, first.end + 1) + '\n\t' + text.slice(second.start),
      text,
    ];
    let conf = conf0;
    for (const [i, next] of steps.entries()) {
      conf = updateConf(conf, next);
      assertSameParse(conf, parseConf(next), `step ${i}`);
    }
    // What the user reads: the tab of the second entry spans to the next tab stop of its new column.
    assert.strictEqual(updateConf(parseConf(text), steps[1]).entries[1].description?.parsed?.text, parseConf(steps[1]).entries[1].description?.parsed?.text);
  });

  it('blanks that leave every later tab of the line as many spaces: nothing is read again', () => {
    const noTab = 'entries: [\n  {description: "mmlu:subject=a\tb"},\n  {description: "mmlu:subject=c"}\n]\n';
    const tabbed = 'entries: [\n  {description: "mmlu:subject=a\tb"},\n  {description: "mmlu:subject=c\td"}\n]\n';
    // A space before an entry without a tab; eight spaces (one tab stop) before an entry with one.
    for (const [text, blanks] of [[noTab, ' '], [tabbed, '        ']]) {
      const conf = parseConf(text);
      const second = conf.entries[1].node.span;
      const next = text.slice(0, second.start) + blanks + text.slice(second.start);
      const root = conf.root;
      const updated = updateConf(conf, next);
      assert.strictEqual(updated.root, root, `parsed again: ${JSON.stringify(blanks)}`);
      assertSameParse(updated, parseConf(next), JSON.stringify(blanks));
    }
  });

  it('two entries left with nothing between them are parsed again (HOCON merges them)', () => {
    const text = 'entries: [\n  {description: "a:x=1"}\n  {description: "b:y=2"}\n]\n';
    const conf = parseConf(text);
    const at = conf.entries[0].node.span.end;
    const joined = text.slice(0, at) + text.slice(at + 3);
    const root = conf.root;
    const updated = updateConf(conf, joined);
    assert.notStrictEqual(updated.root, root);
    assertSameParse(updated, parseConf(joined), 'joined');
  });

  it('a paste that grows an entry by more than the gap between two later entries moves each of them once: the `prority` fix still writes on its key', () => {
    const text = [
      'entries: [',
      '  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}',
      '  {description: "boolq:model=openai/gpt2", priority: 1}',
      '  {description: "ice:subset=ea,model=openai/gpt2", prority: 1}',
      ']',
      '',
    ].join('\n');
    const at = text.indexOf('anatomy') + 'anatomy'.length;
    const pasted = text.slice(0, at) + '_and_physiology'.repeat(6) + text.slice(at);
    const prev = parseConf(text);
    const root = prev.root;
    const updated = updateConf(prev, pasted);
    assert.strictEqual(updated.root, root, 'the paste re-read one entry alone');
    assertSameParse(updated, parseConf(pasted), 'after the paste');
    const fix = updated.problems.find((p) => p.code === 'unknown-entry-key')?.fixes?.[0];
    assert.ok(fix, 'the `prority` key has its fix');
    assert.strictEqual(applyEdits(pasted, fix.edits), pasted.replace('prority', 'priority'));
  });

  it('with CR line ends, a string left open at the end of a line stops there, as in a full parse', () => {
    // HELM reads the file in text mode: each lone `\r` is a line end, inside a `"` string too.
    const text = 'entries: [\r  {\r    description: "mmlu:subject=anatomy"\r    priority: 1\r  }\r  {description: "boolq", prority: 1}\r]\r';
    const at = text.indexOf('anatomy"') + 'anatomy'.length;
    for (const next of [text.slice(0, at) + text.slice(at + 1), text.slice(0, at) + 'x' + text.slice(at + 1)]) {
      const updated = updateConf(parseConf(text), next);
      assertSameParse(updated, parseConf(next), JSON.stringify(next));
      const open = updated.problems.find((p) => p.message.startsWith('Unterminated string'));
      assert.ok(open, 'the string left open is reported');
      assert.strictEqual(updated.lines.positionAt(open.span.start).line, 2, 'on its own line');
      assert.strictEqual(next.slice(open.span.start, open.span.end), next.slice(next.indexOf('"mmlu'), next.indexOf('\r', next.indexOf('"mmlu'))));
    }
  });

  it('an entry nested in a braced root: the nesting limit cuts where a full parse cuts', () => {
    const text = '{\n  entries: [\n    {description: "a", x: 1}\n    {description: "b"}\n  ]\n}\n';
    const at = text.indexOf('x: 1') + 'x: '.length;
    const next = text.slice(0, at) + '['.repeat(30) + ']'.repeat(30) + text.slice(at + 1);
    const updated = updateConf(parseConf(text), next);
    assertSameParse(updated, parseConf(next), 'thirty lists deep in the entry');
    assert.ok(updated.problems.some((p) => p.message.startsWith('Nested more than 32 levels deep')));
  });

  it('keeps the nodes of the entries it did not re-read', () => {
    const conf = parseConf(fixture);
    const last = conf.entries[conf.entries.length - 1].node;
    const first = conf.entries[0];
    const at = (first.node.span.start + first.node.span.end) >> 1;
    const updated = updateConf(conf, fixture.slice(0, at) + 'x' + fixture.slice(at));
    assert.strictEqual(updated.entries[updated.entries.length - 1].node, last);
    assert.notStrictEqual(updated.entries[0], first);
  });

  const corpus = corpusConfFiles();
  const largest = corpus.map((f) => ({ f, size: fs.statSync(f).size })).sort((a, b) => b.size - a.size).slice(0, 3);
  for (const { f } of largest) {
    it(`corpus ${path.basename(f)}: 15 random edits`, () => {
      check(fs.readFileSync(f, 'utf8'), 11, 15, false);
    });
  }
});
