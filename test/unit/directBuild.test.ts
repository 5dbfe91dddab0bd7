// The two builders of the model agree: a file read straight from its tokens is one Chevrotain's recovering parse reads without an error, into the same model.
import * as assert from 'assert';
import { parseWithRecovery } from '../../server/src/parser/confParser';
import { buildDirect } from '../../server/src/parser/directBuild';
import { parseConf, parseConfRecovering } from '../../server/src/parser/index';
import { MAX_NESTING } from '../../server/src/parser/nesting';
import { scanConf } from '../../server/src/parser/scanner';
import { assertSameParse } from '../helpers/parseCompare';
import { documentRandom, fuzzDocument, fuzzSeeds, type FuzzScale } from '../fuzz/mutations';

/** Mutations small enough that many texts stay readable (nesting under the limit). */
const SCALE: FuzzScale = { nesting: 20, flood: 50, line: 500, paste: 100, window: 40 };

/** Mutated texts compared; DIRECT_BUILD_TEXTS=10000 for a longer run. */
const MUTATED = Number(process.env.DIRECT_BUILD_TEXTS ?? 600);

/** Does the file read straight from its tokens (no syntax error)? */
function readsDirectly(text: string): boolean {
  const { tokens } = scanConf(text);
  return buildDirect({ text, tokens, ev: new Int32Array(0), problems: [], lineOf: () => 1 }, { start: 0, end: text.length }) !== undefined;
}

describe('the model straight from the tokens and the model from Chevrotain’s recovering parse', () => {
  it(`are the same for every file read straight from its tokens: our fixtures, the corpus, and ${MUTATED} mutated texts`, () => {
    const seeds = fuzzSeeds();
    const texts = [...seeds.map((s) => ({ name: s.name, text: s.text }))];
    for (let i = 0; i < MUTATED; i++) texts.push({ name: `mutated ${i}`, text: fuzzDocument(seeds, documentRandom(20261205, i), SCALE).text });
    let direct = 0;
    for (const { name, text } of texts) {
      if (!readsDirectly(text)) continue;
      direct++;
      const parsed = parseWithRecovery(text, scanConf(text).tokens);
      assert.deepStrictEqual(parsed.errors.map((e) => e.message), [], `${name}: read straight from its tokens, yet Chevrotain found errors`);
      assertSameParse(parseConf(text), parseConfRecovering(text), name);
    }
    // Both ways are taken: most seed files are read straight from their tokens, many mutated ones are not.
    assert.ok(direct >= seeds.length - 5, `${direct} of ${texts.length} read straight from their tokens`);
    assert.ok(direct < texts.length - MUTATED / 6, `${direct} of ${texts.length} read straight from their tokens`);
  });

  it('read the one-line entry objects it builds at once as the recovering parse does, and the shapes next to them', () => {
    const nested = (depth: number): string => `entries: ${'['.repeat(depth - 1)}{description: "a:x=1", priority: 1}${']'.repeat(depth - 1)}\n`;
    const texts: Record<string, string> = {
      'the usual entry': 'entries: [\n  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}\n]\n',
      'with `=` and a float': 'entries: [{description = "a:x=1", priority = 1.5}, {priority: 2, description: "b:y=2"}]\n',
      'one object after another on the line (pyhocon merges them)': 'entries: [\n  {description: "a:x=1", priority: 1} {description: "b:x=2"}\n]\n',
      'a string after the object': 'entries: [\n  {description: "a:x=1"} "tail"\n]\n',
      'a trailing comma inside': 'entries: [{description: "a:x=1", }]\n',
      'an empty object': 'entries: [{}, {description: "a"}]\n',
      'a key repeated': 'entries: [{description: "a:x=1", description: "b:x=2", priority: -3}]\n',
      'an unknown key, a key with a dot': 'entries: [{descripton: "a:x=1", a.b: 2}]\n',
      'a value on the next line': 'entries: [{description:\n"a:x=1"}]\n',
      'a comment after it': 'entries: [{description: "a:x=1", priority: 1}  # note\n]\n',
      'a substitution or a list as a value': 'entries: [{description: ${x}, priority: 1}, {description: "a", groups: ["g"]}]\n',
      [`nested ${MAX_NESTING} deep`]: nested(MAX_NESTING),
      [`nested ${MAX_NESTING + 1} deep`]: nested(MAX_NESTING + 1),
    };
    for (const [name, text] of Object.entries(texts)) assertSameParse(parseConf(text), parseConfRecovering(text), name);
    // The deepest that can be read at all is read straight from its tokens; one deeper goes to the recovering parse.
    assert.ok(readsDirectly(nested(MAX_NESTING)));
    assert.ok(!readsDirectly(nested(MAX_NESTING + 1)));
    assert.deepStrictEqual(parseConf(texts['the usual entry']).entries[0].description?.parsed?.args.map((a) => a.keyText), ['subject', 'model']);
  });

  it('gives up at a syntax error and leaves no problem of its own behind', () => {
    const text = 'entries: [\n  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}\n  {description: "a\\u00e9:x=1", priority: 2}\n  {description: "b:x=1" priority 3\n]\n';
    const { tokens } = scanConf(text);
    const problems: never[] = [];
    assert.strictEqual(buildDirect({ text, tokens, ev: new Int32Array(0), problems, lineOf: () => 1 }, { start: 0, end: text.length }), undefined);
    assert.deepStrictEqual(problems, []);
    // The file still gets its model and its problems, from the recovering parse.
    const conf = parseConf(text);
    assert.strictEqual(conf.entries.length, 3);
    assert.deepStrictEqual([...new Set(conf.problems.map((p) => p.code))].sort(), ['syntax-error', 'undecoded-escape']);
  });
});
