// Did-you-mean ranking: the suggestions a user sees for a misspelt name.
import * as assert from 'assert';
import { didYouMean, editDistance } from '../../server/src/common/didYouMean';
import { seededRandom } from '../helpers/random';

/** The textbook full table, for comparison. */
function referenceDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

describe('didYouMean', () => {
  const rows: Array<{ word: string; candidates: string[]; expected: string[] }> = [
    { word: 'mmlu', candidates: ['mmlu', 'mmlu_pro', 'gsm'], expected: ['mmlu_pro'] },
    { word: 'mmul', candidates: ['mmlu', 'mmlu_pro', 'gsm'], expected: ['mmlu'] },
    { word: 'prority', candidates: ['description', 'priority', 'groups'], expected: ['priority'] },
    { word: 'group', candidates: ['description', 'priority', 'groups'], expected: ['groups'] },
    { word: 'canonicall', candidates: ['canonical', 'robustness', 'fairness'], expected: ['canonical'] },
    { word: 'txt', candidates: ['text', 'code', 'vlm', 'all'], expected: ['text'] },
    { word: 'gpt2', candidates: ['openai/gpt2', 'openai/gpt-4', 'zzz'], expected: ['openai/gpt2'] },
    { word: 'xyzzy', candidates: ['mmlu', 'gsm', 'boolq'], expected: [] },
    { word: 'a', candidates: ['b', 'c', 'd', 'e'], expected: ['b', 'c', 'd'] },
    { word: '', candidates: ['a'], expected: [] },
  ];
  for (const row of rows) {
    it(`${JSON.stringify(row.word)} → ${JSON.stringify(row.expected)}`, () => {
      assert.deepStrictEqual(didYouMean(row.word, row.candidates), row.expected);
    });
  }
  it('counts a transposition as one edit', () => {
    assert.strictEqual(editDistance('mmul', 'mmlu'), 1);
    assert.strictEqual(editDistance('kitten', 'sitting'), 3);
  });
  it('with a bound: the exact distance up to it, bound + 1 beyond (random words, long ones too)', () => {
    const rnd = seededRandom(7);
    const word = (): string => Array.from({ length: Math.floor(rnd() * (rnd() < 0.1 ? 90 : 12)) }, () => 'abcm_'[Math.floor(rnd() * 5)]).join('');
    for (let k = 0; k < 3000; k++) {
      const a = word();
      const b = rnd() < 0.5 ? word() : a.slice(0, Math.floor(rnd() * a.length)) + word().slice(0, 2) + a.slice(Math.floor(rnd() * a.length));
      const exact = referenceDistance(a, b);
      assert.strictEqual(editDistance(a, b), exact, `${a} ${b}`);
      for (const bound of [0, 1, 2, 4]) assert.strictEqual(editDistance(a, b, bound), Math.min(exact, bound + 1), `${a} ${b} bound ${bound}`);
    }
  });
});
