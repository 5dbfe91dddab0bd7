// The model built straight from the tokens equals the one built through Chevrotain's CST (the path it replaces), on every seed file and on 10,000 mutated ones, problems and spans included.
import { parseConf } from '../../server/src/parser/index';
import { parseConfLegacy } from '../../server/src/parser/legacy/index';
import { fuzzDocument, fuzzSeeds, type FuzzScale } from '../fuzz/confFuzz';
import { assertSameParse } from '../helpers/parseCompare';
import { seededRandom } from '../helpers/random';

const SCALE: FuzzScale = { nesting: 1000, flood: 1000, line: 5000, paste: 300, window: 40 };

describe('parser paths: the model from the tokens equals the model from the CST', () => {
  it('every fixture and corpus file, whole', () => {
    for (const seed of fuzzSeeds()) assertSameParse(parseConf(seed.text), parseConfLegacy(seed.text), seed.name);
  });

  const ROUNDS = 10_000;
  it(`${ROUNDS} mutated windows of the fixtures and the corpus (syntax errors and recovery included)`, function () {
    this.timeout(300_000);
    const seeds = fuzzSeeds();
    const rnd = seededRandom(20261205);
    let withErrors = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // A whole file now and then, windows of 40 lines mostly.
      const { text, kinds } = fuzzDocument(seeds, rnd, round % 20 === 0 ? { ...SCALE, window: 0 } : SCALE);
      const fresh = parseConf(text);
      assertSameParse(fresh, parseConfLegacy(text), `round ${round} (${kinds.join(', ')}) ${JSON.stringify(text.slice(0, 200))}`);
      if (fresh.problems.some((p) => p.code === 'syntax-error')) withErrors++;
    }
    // Both paths were taken: files the recognizer reads alone, and files Chevrotain's recovery reads.
    if (withErrors < ROUNDS / 10 || withErrors > ROUNDS - ROUNDS / 10) throw new Error(`${withErrors} of ${ROUNDS} texts had a syntax error`);
  });
});
