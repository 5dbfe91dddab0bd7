// Did-you-mean ranking: the suggestions a user sees for a misspelt name.
import * as assert from 'assert';
import { closest, didYouMean, editDistance, NameList } from '../../server/src/common/didYouMean';
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

/** The ranking didYouMean documents, with the full table for every candidate (no filter before it). */
function referenceRanking(word: string, candidates: readonly string[], limit = 3): string[] {
  const w = word.toLowerCase();
  if (w.length === 0) return [];
  const scored: Array<{ name: string; score: number }> = [];
  for (const name of candidates) {
    if (name === word) continue;
    const c = name.toLowerCase();
    const max = Math.max(1, Math.floor(Math.max(w.length, c.length) / 3));
    const contains = w.length >= 3 && (c.includes(w) || w.includes(c));
    const d = c === w ? 0.5 : referenceDistance(w, c);
    if (d <= max) scored.push({ name, score: d });
    else if (contains) scored.push({ name, score: max + 0.5 + Math.abs(c.length - w.length) / 100 });
  }
  scored.sort((x, y) => x.score - y.score || x.name.length - y.name.length || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.name);
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
  it('ranks as the full distance table ranks every candidate (random names, misspelt and not, Unicode and case too)', () => {
    const rnd = seededRandom(11);
    const letters = 'abcdemnlu_/-2É';
    const name = (): string => Array.from({ length: 1 + Math.floor(rnd() * 16) }, () => letters[Math.floor(rnd() * letters.length)]).join('');
    const candidates = Array.from({ length: 150 }, name);
    const list = new NameList(candidates);
    for (let k = 0; k < 200; k++) {
      const base = candidates[Math.floor(rnd() * candidates.length)];
      const at = Math.floor(rnd() * base.length);
      const word = rnd() < 0.3 ? name() : rnd() < 0.5 ? base.slice(0, at) + name().slice(0, 2) + base.slice(at + 1) : base.toUpperCase().slice(0, base.length - 1);
      assert.deepStrictEqual(didYouMean(word, candidates), referenceRanking(word, candidates), JSON.stringify(word));
      assert.deepStrictEqual(didYouMean(word, candidates, 10), referenceRanking(word, candidates, 10), JSON.stringify(word));
      assert.deepStrictEqual(didYouMean(word, list), referenceRanking(word, candidates), `${JSON.stringify(word)}, from a NameList`);
      // The closest however far: the least full distance, then the shorter name, then the first alphabetically.
      const w = word.toLowerCase();
      const scored = candidates.map((name) => ({ name, d: referenceDistance(w, name.toLowerCase()) }));
      const nearest = scored.reduce((a, b) => (b.d < a.d || (b.d === a.d && (b.name.length < a.name.length || (b.name.length === a.name.length && b.name < a.name))) ? b : a)).name;
      assert.strictEqual(closest(word, candidates), nearest, JSON.stringify(word));
    }
  });

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
