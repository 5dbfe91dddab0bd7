// Chevrotain's recovery resyncs where it did before: the resync token looked up by kind gives the same parse as Chevrotain's own walk through the tokens.
import * as assert from 'assert';
import { parseWithRecovery, type RecoveredParse } from '../../server/src/parser/confParser';
import { parseConf } from '../../server/src/parser/index';
import { scanConf } from '../../server/src/parser/scanner';
import { documentRandom, fuzzDocument, fuzzSeeds, type FuzzScale } from '../fuzz/mutations';

const SCALE: FuzzScale = { nesting: 20, flood: 200, line: 500, paste: 100, window: 40 };
const MUTATED = Number(process.env.RESYNC_TEXTS ?? 400);

/** What a parse recorded: its events and its errors. */
function recorded(parse: RecoveredParse): { events: number[]; errors: RecoveredParse['errors'] } {
  return { events: Array.from(parse.events.buf.subarray(0, parse.events.length)), errors: parse.errors };
}

function assertSameRecovery(text: string, name: string): number {
  const { tokens } = scanConf(text);
  const ours = recorded(parseWithRecovery(text, tokens));
  const chevrotains = recorded(parseWithRecovery(text, tokens, true));
  assert.deepStrictEqual(ours.errors, chevrotains.errors, `${name}: the errors differ`);
  assert.deepStrictEqual(ours.events, chevrotains.events, `${name}: the events differ`);
  return ours.errors.length;
}

/** A file whose `entries: [` line is gone: every entry after the first is after the root. */
const headless = (n: number): string =>
  Array.from({ length: n }, (_, i) => `  {description: "mmlu:subject=s${i},model=openai/gpt2", priority: 1}\n`).join('') + ']\n';

describe('the recovering parse’s resync token', () => {
  it(`is the one Chevrotain finds, on our fixtures, the corpus and ${MUTATED} mutated texts`, () => {
    const seeds = fuzzSeeds();
    let withErrors = 0;
    for (const s of seeds) if (assertSameRecovery(s.text, s.name) > 0) withErrors++;
    for (let i = 0; i < MUTATED; i++) {
      const text = fuzzDocument(seeds, documentRandom(20261206, i), SCALE).text;
      if (assertSameRecovery(text, `mutated ${i}`) > 0) withErrors++;
    }
    // Most mutated texts hold a syntax error: the recovery is what is compared.
    assert.ok(withErrors > MUTATED / 2, `${withErrors} texts with a syntax error`);
  });

  it('is the one Chevrotain finds where each recovery used to walk to the end: entries after the root, a flood of commas', () => {
    const texts: Record<string, string> = {
      'a file without its `entries: [` line': headless(300),
      'a flood of commas after the root': `${headless(5)}  {description: "a", priority${','.repeat(2000)}\n${headless(5)}`,
      'unclosed objects after the root': `a: 1\n}\n${'{b: \n'.repeat(200)}`,
      'a list after the root object': `{a: 1}\n[1, 2, {c: }]\n${'x y z\n'.repeat(150)}`,
    };
    for (const [name, text] of Object.entries(texts)) assert.ok(assertSameRecovery(text, name) > 0, `${name}: no syntax error`);
  });

  it('reports what pyhocon refuses in a file without its `entries: [` line, up to the limit, and keeps its text', () => {
    const text = headless(2000);
    const conf = parseConf(text);
    const errors = conf.problems.filter((p) => p.code === 'syntax-error');
    assert.strictEqual(errors.length, 100);
    // The first entry is the root object; each line after it has two errors, in order.
    assert.match(errors[0].message, /^Unexpected `\{`: pyhocon reads one root object or list, and nothing after it/);
    assert.match(errors[1].message, /^Unexpected `priority`/);
    assert.deepStrictEqual([errors[0], errors[1], errors[99]].map((e) => conf.lines.positionAt(e.span.start).line), [1, 1, 50]);
    assert.ok(errors.every((e, i) => i === 0 || e.span.start > errors[i - 1].span.start));
    assert.deepStrictEqual(conf.problems.filter((p) => p.code !== 'syntax-error').map((p) => p.code), ['no-entries']);
    assert.strictEqual(conf.text, text);
  });
});
