// Seeded fuzzing of the conf parser: mutated documents never throw and keep every span inside the text; opened and edited through the language server's path, every version equals a full parse.
import * as assert from 'assert';
import { parseConf } from '../../server/src/parser/index';
import type { ConfFile } from '../../server/src/parser/types';
import { runFuzz } from '../fuzz/confFuzz';
import { fuzzDocument, fuzzSeeds, type FuzzScale } from '../fuzz/mutations';
import { modelSpans, spanOutside } from '../helpers/parseCompare';
import { seededRandom } from '../helpers/random';

/** Windows of about 40 lines and inputs of a few thousand characters, so that the whole takes a few seconds. */
const SCALE: FuzzScale = { nesting: 1000, flood: 1000, line: 5000, paste: 300, window: 40 };

describe('fuzz: mutated conf files', () => {
  const ROUNDS = 1500;
  it(`${ROUNDS} mutated documents: no exception, every span inside the document`, () => {
    const seeds = fuzzSeeds();
    const rnd = seededRandom(20260628);
    for (let round = 0; round < ROUNDS; round++) {
      const { text, kinds } = fuzzDocument(seeds, rnd, SCALE);
      const where = `round ${round} (${kinds.join(', ')})`;
      let conf: ConfFile;
      try {
        conf = parseConf(text);
      } catch (err) {
        assert.fail(`${where} threw ${String(err)} on ${JSON.stringify(text.slice(0, 300))}`);
      }
      assert.ok(!conf.problems.some((p) => p.message.startsWith('This file could not be read')), `${where}: ${conf.problems[0]?.message}`);
      const outside = spanOutside(modelSpans(conf), text);
      if (outside) assert.fail(`${where}: span ${JSON.stringify(outside)} outside [0, ${text.length}] in ${JSON.stringify(text.slice(0, 300))}`);
    }
  });

  it('80 documents opened and edited 6 times each through ParsedDocuments: every version equals a full parse, diagnostics included', () => {
    const stats = runFuzz({ seed: 20260701, documents: 80, edits: 6, scale: SCALE });
    assert.strictEqual(stats.edits, 480);
    // The short ways (one entry re-read, or nothing) were taken often enough to be tested.
    assert.ok(stats.spliced >= stats.edits / 10, `only ${stats.spliced} of ${stats.edits} edits kept the previous tree`);
  });
});
