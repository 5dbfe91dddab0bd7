// The line reader gives the model the tokens give: on HELM's files, on files of its layout, and on texts a character or a piece away from it, which it must leave to the tokens.
import * as assert from 'assert';
import * as fs from 'fs';
import { parseConf, parseConfFromTokens, parseConfRecovering } from '../../server/src/parser/index';
import { buildLines } from '../../server/src/parser/lineBuild';
import { corpusConfFiles, describeWithCorpus } from '../helpers/corpus';
import { assertSameParse } from '../helpers/parseCompare';
import { seededRandom } from '../helpers/random';
import { documentRandom, fuzzDocument, fuzzSeeds, type FuzzScale } from '../fuzz/mutations';

type Rnd = () => number;
const pick = <T>(rnd: Rnd, items: readonly T[]): T => items[Math.floor(rnd() * items.length)];

/** Pieces of an entry line: mostly the usual ones, and now and then one the line reader does not take. */
const DESCRIPTIONS = ['"mmlu:subject=anatomy,model=openai/gpt2"', '"boolq:model=text"', '""', '"a:b=1,,c"', '"é:x=ü"', '"x"', '"""t:x=1"""', '"a" "b"', 'mmlu:x=1', '"open', '"a\\"b"', '"a\tb"', '${x}'];
const PRIORITIES = ['1', '2', '5', '0', '7', '01', '1.5', '"1"', '-1', 'true', 'null', '1e3', '2 3'];
const GROUPS = ['["core"]', '[]', '["a", "b"]', '[ "a" ,"b" ]', '["a",]', '[1]', '"a"', '[["a"]]', '["a"] ["b"]'];
const KEYS: Record<string, readonly string[]> = {
  description: ['description', 'description', 'description', '"description"', 'descripton', 'description.x', 'description x'],
  priority: ['priority', 'priority', 'prioirty'],
  groups: ['groups', 'groups', 'Groups'],
};
const SEPARATORS = [': ', ': ', ':', ' = ', '=', ' : ', ' :', '+= ', ' '];
const BETWEEN = [', ', ', ', ',', ' , ', ',  ', ' ', ',, ', '\n'];

/** The piece of an entry line drawn from the unusual ones (a line of the usual layout: none). */
type Odd = 'key' | 'separator' | 'value' | 'between' | 'fields' | 'indent' | 'open' | 'close' | 'tail' | undefined;
const ODD_PIECES: readonly Odd[] = ['key', 'separator', 'value', 'value', 'between', 'fields', 'indent', 'open', 'close', 'tail', 'tail'];

function field(rnd: Rnd, name: string, odd: Odd): string {
  const key = odd === 'key' ? pick(rnd, KEYS[name]) : name;
  const sep = odd === 'separator' ? pick(rnd, SEPARATORS) : pick(rnd, [': ', ': ', '=', ' = ', ':']);
  const values = name === 'description' ? DESCRIPTIONS : name === 'priority' ? PRIORITIES : GROUPS;
  const value = odd === 'value' ? pick(rnd, values) : values[Math.floor(rnd() * (name === 'groups' ? 3 : 2))];
  return `${key}${sep}${value}`;
}

/** An entry on its line; `odd`: one of its pieces is drawn from the unusual ones (which the line reader may or may not take). */
function entryLine(rnd: Rnd, odd: Odd): string {
  const names = ['description', 'priority', 'groups'].filter((_, i) => i === 0 || rnd() < 0.6);
  if (rnd() < 0.3) names.reverse();
  if (odd === 'fields') {
    if (rnd() < 0.5) names.push(pick(rnd, ['description', 'priority']));
    else names.shift();
  }
  const oddField = Math.floor(rnd() * names.length);
  const between = (i: number): string => (i === 0 ? '' : odd === 'between' && i === oddField ? pick(rnd, BETWEEN) : ', ');
  const body = names.map((n, i) => between(i) + field(rnd, n, i === oddField ? odd : undefined)).join('');
  const indent = odd === 'indent' ? pick(rnd, ['\t', '\u00a0', ' \t ']) : pick(rnd, ['  ', '    ', '']);
  const open = odd === 'open' ? pick(rnd, ['{ ', '', '[', '{{']) : '{';
  const close = odd === 'close' ? pick(rnd, [' }', '', '}}', '} {description: "b:x=1"}', '}{}', ',}']) : '}';
  const tail = odd === 'tail' ? pick(rnd, [' ,', ', # note', ' # note', ' // note', '# é', ' x', ',,', ' "s"', ' ]', ' /', '#']) : pick(rnd, ['', '', ',']);
  return `${indent}${open}${body}${close}${tail}`;
}

/** A run entry file in (or a step away from) the line reader's layout. */
function lineShapedFile(rnd: Rnd): string {
  const lines: string[] = [];
  if (rnd() < 0.5) lines.push('# HELM run entries', '');
  if (rnd() < 0.05) lines.push(pick(rnd, ['x: 1', 'include "a.conf"', '  // a note', '\ufeff']));
  lines.push(rnd() < 0.9 ? 'entries: [' : pick(rnd, ['"entries": [', 'entries = [', 'entries:[', 'entries [', '{entries: [', 'entries: [ # all', 'entries +=[', 'entries:', 'entrie: [']));
  const count = Math.floor(rnd() * 8);
  for (let i = 0; i < count; i++) {
    const r = rnd();
    if (r < 0.1) lines.push('');
    else if (r < 0.18) lines.push(pick(rnd, ['  # a section', '  ##### Reasoning #####', '  // note', '#']));
    else lines.push(entryLine(rnd, rnd() < 0.07 ? pick(rnd, ODD_PIECES) : undefined));
  }
  lines.push(rnd() < 0.93 ? ']' : pick(rnd, ['] # end', '],', ']]', '', '  ]', ']x']));
  if (rnd() < 0.2) lines.push(pick(rnd, ['', '# after', 'entries: []', 'x = 2']));
  const ending = rnd() < 0.85 ? '\n' : pick(rnd, ['', '\r\n', '\n\n']);
  const text = lines.join(rnd() < 0.97 ? '\n' : '\r\n') + ending;
  return rnd() < 0.03 ? text.replace('mmlu', 'mm\\lu') : text;
}

describe('the line reader (the usual layout of a run entry file, read line by line)', () => {
  it('gives the model the tokens give, and leaves every other file to them: 3,000 files of its layout or a step away', () => {
    const rnd = seededRandom(20261206);
    let read = 0;
    const total = 3000;
    for (let i = 0; i < total; i++) {
      const text = lineShapedFile(rnd);
      const where = `file ${i}: ${JSON.stringify(text)}`;
      const lines = parseConf(text);
      assertSameParse(lines, parseConfFromTokens(text), where);
      if (buildLines(text) === undefined) continue;
      read++;
      // What it reads, a full parse reads without an error: the recovering parse gives the same model.
      assertSameParse(lines, parseConfRecovering(text), where);
      assert.ok(!lines.problems.some((p) => p.code === 'syntax-error'), where);
    }
    // Both ways are taken: most files are in the layout, many are a step away from it.
    assert.ok(read > total * 0.3 && read < total * 0.8, `${read} of ${total} read line by line`);
  });

  it('reads the usual entry into the model HELM reads, spans included', () => {
    const text = '# suite\nentries: [\n  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1, groups: ["core"]},  # first\n]\n';
    assert.ok(buildLines(text));
    const conf = parseConf(text);
    const [entry] = conf.entries;
    assert.strictEqual(entry.description?.parsed?.name.text, 'mmlu');
    assert.deepStrictEqual(entry.description?.parsed?.args.map((a) => `${a.keyText}=${a.valueText}`), ['subject=anatomy', 'model=openai/gpt2']);
    assert.strictEqual(entry.priority?.value, 1);
    assert.deepStrictEqual(entry.groups?.value, ['core']);
    const span = entry.description?.node.span;
    assert.strictEqual(span && text.slice(span.start, span.end), '"mmlu:subject=anatomy,model=openai/gpt2"');
    assert.deepStrictEqual(conf.comments.map((c) => c.text), [' suite', ' first']);
    assert.deepStrictEqual(conf.problems, []);
  });

  it('leaves to the tokens what only they read right: an unquoted value, `"""`, a tab, a backslash, a second object on the line, a value joined on, a string its line does not close', () => {
    const around = (line: string): string => `entries: [\n  ${line}\n]\n`;
    const others = [
      '{description: mmlu:x=1, priority: 1}',
      '{description: """mmlu:x=1""", priority: 1}',
      '{description: "mmlu:x=1",\tpriority: 1}',
      '{description: "mm\\u00e9lu:x=1", priority: 1}',
      '{description: "a:x=1"} {description: "b:x=2"}',
      '{description: "a:x=1" "b", priority: 1}',
      '{description: "a:x=1", priority: 1.5}',
      '{description: "a:x=1", description: "b:x=1"}',
      '{description: "a:x=1}\n  # ", priority: 1}',
    ];
    for (const line of others) {
      const text = around(line);
      assert.strictEqual(buildLines(text), undefined, line);
      assertSameParse(parseConf(text), parseConfFromTokens(text), line);
    }
  });
});

/** Mutated corpus texts compared; LINE_BUILD_TEXTS=10000 for a longer run. */
const MUTATED = Number(process.env.LINE_BUILD_TEXTS ?? 300);

describeWithCorpus('the line reader on HELM’s own files', () => {
  it(`reads nearly all of them, each into the model the tokens give, and so do ${MUTATED} mutations of them`, () => {
    const files = corpusConfFiles();
    let read = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      if (buildLines(text) !== undefined) read++;
      assertSameParse(parseConf(text), parseConfFromTokens(text), file);
    }
    assert.ok(read >= files.length - 5, `${read} of ${files.length} corpus files read line by line`);
    const seeds = fuzzSeeds();
    const scale: FuzzScale = { nesting: 20, flood: 50, line: 500, paste: 100, window: 40 };
    let mutatedRead = 0;
    for (let i = 0; i < MUTATED; i++) {
      const text = fuzzDocument(seeds, documentRandom(20261206, i), scale).text;
      if (buildLines(text) !== undefined) mutatedRead++;
      assertSameParse(parseConf(text), parseConfFromTokens(text), `mutated ${i}`);
    }
    // Some mutations keep the layout (a character changed in a string, a line doubled): those are read line by line.
    assert.ok(mutatedRead > MUTATED / 20, `${mutatedRead} of ${MUTATED} mutated files read line by line`);
  });
});
