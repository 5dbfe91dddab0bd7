// The incremental parse: after random edits, updateConf gives exactly what parseConf gives, and it does re-read only the entry edited.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseConf } from '../../server/src/parser/index';
import { updateConf } from '../../server/src/parser/incremental';
import type { ConfFile } from '../../server/src/parser/types';
import { validate } from '../../server/src/services/validation';
import { corpusConfFiles, fixturePath } from '../helpers/corpus';
import { seededRandom } from '../helpers/random';
import { snapshotRegistry } from '../helpers/registry';

/** Everything a feature can read of a parse, as JSON: spans, values, problems, and each string's offsetOf at every index. */
function canonical(conf: ConfFile): string {
  const { lines: _lines, ...rest } = conf;
  return JSON.stringify(rest, (_key, value: unknown) => {
    if (value instanceof Map) return [...value];
    if (value && typeof value === 'object' && typeof (value as { offsetOf?: unknown }).offsetOf === 'function') {
      const v = value as { value?: string; offsetOf: (i: number) => number };
      const n = (v.value ?? '').length;
      return { ...v, offsetOf: Array.from({ length: n + 1 }, (_, i) => v.offsetOf(i)) };
    }
    return value;
  });
}

const SNIPPETS = ['a', 'Z', '7', ',', '=', ':', '"', '\\', '\t', ' ', '#', '{', '}', '[', ']', '//', 'é', '"""', '${', '=x', ',k=v', 'model=text'];

/** One edit on one line: an insertion, a deletion or a replacement, mostly inside a run entry. */
function edit(text: string, conf: ConfFile, rnd: () => number): string {
  const pick = (n: number): number => Math.floor(rnd() * n);
  let at: number;
  const inside = conf.entries.filter((e) => e.node.span.end - e.node.span.start > 2);
  if (inside.length && rnd() < 0.8) {
    const span = inside[pick(inside.length)].node.span;
    at = span.start + 1 + pick(span.end - span.start - 1);
  } else at = pick(text.length + 1);
  let lineEnd = at;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  const removable = Math.min(lineEnd - at, 1 + pick(3));
  const snippet = SNIPPETS[pick(SNIPPETS.length)];
  switch (pick(3)) {
    case 0:
      return text.slice(0, at) + snippet + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + removable);
    default:
      return text.slice(0, at) + snippet + text.slice(at + removable);
  }
}

/** Fails with the first place the two JSON texts differ, not the megabytes around it. */
function sameJson(actual: string, expected: string, where: string): void {
  if (actual === expected) return;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  const around = (s: string): string => s.slice(Math.max(0, i - 300), i + 200);
  assert.fail(`${where}: differs at character ${i}\nupdate: …${around(actual)}…\nfull:   …${around(expected)}…`);
}

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
    sameJson(canonical(updated), canonical(full), `${where}: the update differs from a full parse`);
    const lineStarts = (c: ConfFile): number[] => Array.from({ length: c.lines.lineCount }, (_, i) => c.lines.lineStart(i));
    assert.deepStrictEqual(lineStarts(updated), lineStarts(full), where);
    if (withValidation && registry) {
      sameJson(JSON.stringify(validate(updated, registry)), JSON.stringify(validate(full, registry)), `${where}: diagnostics differ`);
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
      assert.ok(run.spliced >= run.steps * 0.12, `only ${run.spliced} of ${run.steps} edits re-read a single entry`);
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
      sameJson(canonical(conf), canonical(parseConf(text)), `after ${n} characters`);
      if (registry) sameJson(JSON.stringify(validate(conf, registry)), JSON.stringify(validate(parseConf(text), registry)), `diagnostics after ${n} characters`);
    }
    assert.strictEqual(spliced, typed.length * 2, 'every keystroke re-reads one entry');
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
