// The two readers of the conf grammar agree: a file the LL(1) recognizer reads to its end is one Chevrotain's parser reads without an error, into the same events.
import * as assert from 'assert';
import { parseWithRecovery } from '../../server/src/parser/confParser';
import { recognize } from '../../server/src/parser/recognizer';
import { scanConf } from '../../server/src/parser/scanner';
import { documentRandom, fuzzDocument, fuzzSeeds, type FuzzScale } from '../fuzz/mutations';

/** Mutations small enough that many texts stay readable (nesting under the limit). */
const SCALE: FuzzScale = { nesting: 20, flood: 50, line: 500, paste: 100, window: 40 };

describe('the recognizer and Chevrotain’s parser', () => {
  it('give the same events for every file the recognizer reads: our fixtures, the corpus, and 600 mutated texts', () => {
    const seeds = fuzzSeeds();
    const texts = [...seeds.map((s) => ({ name: s.name, text: s.text }))];
    for (let i = 0; i < 600; i++) texts.push({ name: `mutated ${i}`, text: fuzzDocument(seeds, documentRandom(20261205, i), SCALE).text });
    let recognized = 0;
    for (const { name, text } of texts) {
      const { tokens } = scanConf(text);
      const events = recognize(tokens);
      if (!events) continue;
      recognized++;
      const parsed = parseWithRecovery(text, tokens);
      assert.deepStrictEqual(parsed.errors.map((e) => e.message), [], `${name}: the recognizer read it, Chevrotain found errors`);
      assert.deepStrictEqual(Array.from(parsed.events.buf.subarray(0, parsed.events.length)), Array.from(events.buf.subarray(0, events.length)), `${name}: other events`);
    }
    // Both ways are taken: most seed files are read by the recognizer, many mutated ones are not.
    assert.ok(recognized >= seeds.length - 5, `${recognized} of ${texts.length} recognized`);
    assert.ok(recognized < texts.length - 100, `${recognized} of ${texts.length} recognized`);
  });
});
