// Did-you-mean ranking: the suggestions a user sees for a misspelt name.
import * as assert from 'assert';
import { didYouMean, editDistance } from '../../server/src/common/didYouMean';

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
});
