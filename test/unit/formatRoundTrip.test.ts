// Formatting is lossless: on HELM's corpus, our fixtures and mutated texts, the tree pyhocon reads, the run entries and the comments stay the same, and a second run changes nothing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { confData } from '../../server/src/parser/dataTree';
import { parseConf } from '../../server/src/parser/index';
import type { ConfFile } from '../../server/src/parser/types';
import { applyTextEdits, formatConf } from '../../server/src/services/formatting';
import { corpusConfFiles, describeWithCorpus, fixturePath, projectRoot } from '../helpers/corpus';
import { findPyhocon } from '../helpers/pyhocon';
import { randomRunEntryFile } from '../helpers/randomConf';
import { seededRandom } from '../helpers/random';
import { classic as mutate, corpusOrFixtures as seeds, window } from '../fuzz/mutations';
import { FORMAT_ROWS } from './formatting.test';

/** What HELM gets from each run entry. */
function entries(conf: ConfFile): unknown[] {
  return conf.entries.map((e) => [e.description?.parsed?.text, e.priority?.value, e.groups?.value]);
}

function comments(conf: ConfFile): string[] {
  return conf.comments.map((c) => c.style + c.text.trimEnd());
}

/** Formats `text`; undefined when the formatter leaves it as written (and says why). */
function formatted(text: string): string | undefined {
  const r = formatConf(parseConf(text));
  return r.ok ? applyTextEdits(text, r.edits) : undefined;
}

/** The round trip of one text: the same data tree, run entries and comments, and a fixed point. */
function assertLossless(name: string, text: string, out: string): void {
  const before = parseConf(text);
  const after = parseConf(out);
  assert.deepStrictEqual(confData(after), confData(before), `${name}: the data tree changed`);
  assert.deepStrictEqual(entries(after), entries(before), `${name}: the run entries changed`);
  assert.deepStrictEqual(comments(after), comments(before), `${name}: the comments changed`);
  assert.strictEqual(formatted(out), out, `${name}: a second run changes the text`);
}

/** Files of the project that pyhocon reads (broken.conf is refused, as it should be). */
function fixtureFiles(): string[] {
  const dir = fixturePath('conf');
  return [
    ...fs.readdirSync(dir).map((f) => path.join(dir, f)),
    fixturePath('cli', 'clean.conf'),
    fixturePath('cli', 'wildcard.conf'),
    fixturePath('cli', 'workspace', 'run_entries.conf'),
    path.join(projectRoot, 'examples', 'run_entries.conf'),
  ];
}

/** Mutated texts (the fuzz test's mutator) that parse without an error pyhocon refuses. */
function fuzzInputs(rounds: number): string[] {
  const inputs = seeds();
  const rnd = seededRandom(20260701);
  const out: string[] = [];
  for (let round = 0; round < rounds; round++) {
    let text = window(inputs[round % inputs.length].text, rnd);
    const steps = 1 + Math.floor(rnd() * 4);
    for (let s = 0; s < steps; s++) text = mutate(text, rnd);
    if (pyhoconReads(text)) out.push(text);
  }
  return out;
}

/** The formatter does not refuse `text` for a syntax error pyhocon refuses. */
function pyhoconReads(text: string): boolean {
  const r = formatConf(parseConf(text));
  return r.ok || !r.reason.includes('syntax error');
}

/**
 * Formats each text: each reads the same and is a fixed point, or is left as written for a tab inside
 * a value that cannot keep its column (the only reason here). How many texts changed.
 */
function assertEachLossless(texts: string[], label: string): number {
  let changed = 0;
  for (const [i, text] of texts.entries()) {
    const name = `${label} ${i} ${JSON.stringify(text.slice(0, 200))}`;
    const r = formatConf(parseConf(text));
    if (!r.ok) {
      assert.match(r.reason, /a tab inside a value/, name);
      continue;
    }
    const out = applyTextEdits(text, r.edits);
    if (out !== text) changed++;
    assertLossless(name, text, out);
  }
  return changed;
}

describeWithCorpus('formatting round trip: HELM corpus', () => {
  it('formats all 70 files, each reading the same as before, and a second run changes nothing', () => {
    const files = corpusConfFiles();
    assert.strictEqual(files.length, 70);
    let changed = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      const out = formatted(text);
      assert.ok(out !== undefined, `${path.basename(f)} was not formatted`);
      if (out !== text) changed++;
      assertLossless(path.basename(f), text, out);
    }
    assert.ok(changed >= 40, `only ${changed} files changed: the layout is not being applied`);
  });
});

describe('formatting round trip: fixtures and mutated texts', () => {
  it("formats the project's fixtures, each reading the same", () => {
    for (const f of fixtureFiles()) {
      const text = fs.readFileSync(f, 'utf8');
      const out = formatted(text);
      if (path.basename(f) === 'broken.conf') {
        assert.strictEqual(out, undefined, 'broken.conf has syntax errors: it must be left as it is');
        continue;
      }
      assert.ok(out !== undefined, `${f} was not formatted`);
      assertLossless(path.basename(f), text, out);
    }
  });

  it('on every mutated text that parses, formatting reads the same and is a fixed point', () => {
    const texts = fuzzInputs(3000);
    const changed = assertEachLossless(texts, 'mutated text');
    assert.ok(texts.length > 500 && changed > texts.length / 2, `${texts.length} texts parse, ${changed} changed: too few to mean anything`);
  });
});

/** Run entry files made at random (test/helpers/randomConf.ts) that parse without an error pyhocon refuses. */
function randomFiles(count: number): string[] {
  const rnd = seededRandom(20261205);
  const out: string[] = [];
  while (out.length < count) {
    const text = randomRunEntryFile(rnd);
    if (pyhoconReads(text)) out.push(text);
  }
  return out;
}

describe('formatting round trip: run entry files made at random', () => {
  it('each reads the same formatted, and a second run changes nothing; one is left as written only for a tab it cannot keep in its column', () => {
    const changed = assertEachLossless(randomFiles(1500), 'random file');
    assert.ok(changed > 1000, `only ${changed} files changed: the layout is not being applied`);
  });
});

describe('Format Selection round trip: mutated texts, random selections', () => {
  it('a selection of the whole text formats as Format Document does', () => {
    for (const [i, text] of fuzzInputs(500).entries()) {
      const whole = formatConf(parseConf(text), undefined, { start: 0, end: text.length });
      const full = formatConf(parseConf(text));
      assert.deepStrictEqual(whole, full, `mutated text ${i} ${JSON.stringify(text.slice(0, 200))}`);
    }
  });

  it('any selection: the text reads the same, and Format Document after it gives what Format Document gives at once', () => {
    const rnd = seededRandom(20260702);
    let changed = 0;
    for (const [i, text] of fuzzInputs(1500).entries()) {
      const start = Math.floor(rnd() * (text.length + 1));
      const end = Math.min(text.length, start + Math.floor(rnd() * 400));
      const name = `mutated text ${i} ${JSON.stringify(text.slice(0, 200))}, selection ${start}-${end}`;
      const r = formatConf(parseConf(text), undefined, { start, end });
      if (!r.ok) {
        assert.match(r.reason, /a tab inside a value/, name);
        continue;
      }
      const out = applyTextEdits(text, r.edits);
      if (out !== text) changed++;
      const before = parseConf(text);
      const after = parseConf(out);
      assert.deepStrictEqual(confData(after), confData(before), `${name}: the data tree changed`);
      assert.deepStrictEqual(comments(after), comments(before), `${name}: the comments changed`);
      assert.strictEqual(formatted(out), formatted(text), `${name}: Format Document after it differs`);
    }
    assert.ok(changed > 150, `only ${changed} selections changed anything`);
  });
});

const pyhocon = findPyhocon();
const describeWithPyhocon = pyhocon ? describe : describe.skip;
const why = pyhocon ? pyhocon.found : 'skipped: no pyhocon (set PYHOCON_PYTHONPATH to its source folder, or install it)';

describeWithPyhocon(`formatting round trip against pyhocon itself (${why})`, () => {
  /** pyhocon reads `before` and `after` alike: the same tree, or both refused. */
  function assertPyhoconSame(pairs: Array<{ name: string; before: string; after: string }>): void {
    const read = pyhocon!.read(pairs.flatMap((p) => [p.before, p.after]));
    pairs.forEach((p, i) => assert.deepStrictEqual(read[2 * i + 1], read[2 * i], `${p.name}: pyhocon reads the formatted text differently`));
  }

  it('HELM corpus, fixtures and the formatting table: pyhocon reads the formatted text as the original', () => {
    const files = [...corpusConfFiles(), ...fixtureFiles()];
    const pairs = files.map((f) => {
      const before = fs.readFileSync(f, 'utf8');
      return { name: path.basename(f), before, after: formatted(before) ?? before };
    });
    for (const row of FORMAT_ROWS) pairs.push({ name: row.title, before: row.text, after: formatted(row.text) ?? row.text });
    assertPyhoconSame(pairs);
  });

  it('run entry files made at random: pyhocon reads each formatted text as the original', () => {
    const pairs = randomFiles(1500)
      .map((before, i) => ({ name: `random file ${i} ${JSON.stringify(before)}`, before, after: formatted(before) ?? before }))
      .filter((p) => p.after !== p.before);
    assert.ok(pairs.length > 1000, `only ${pairs.length} files formatted`);
    assertPyhoconSame(pairs);
  });

  it('mutated texts: pyhocon reads each formatted text as the original', () => {
    const pairs = fuzzInputs(1500)
      .map((before, i) => ({ name: `mutated text ${i} ${JSON.stringify(before.slice(0, 200))}`, before, after: formatted(before) ?? before }))
      .filter((p) => p.after !== p.before);
    assertPyhoconSame(pairs);
  });
});
