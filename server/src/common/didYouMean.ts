// Did-you-mean: ranks candidate names by edit distance to what the user wrote; at most three, closest first.

// Three rows of the distance table, grown as needed and reused (names are short; this runs per keystroke).
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions). With `bound`, any
 * distance above it is reported as `bound + 1`, and the work stops as soon as that is certain.
 */
export function editDistance(a: string, b: string, bound = Infinity): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || Math.abs(n - m) > bound) return Math.min(Math.max(n, m), bound + 1);
  if (rows[0].length <= m) rows = [new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const ai = a.charCodeAt(i - 1);
    const aPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (j > 1 && ai === b.charCodeAt(j - 2) && aPrev === bj) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // Every later row is at least this row's minimum less one (a transposition reaches back two rows).
    if (rowMin > bound + 1) return bound + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[m], bound + 1);
}

/** Per ASCII character: how many more times it is in one text than in the other (zero between two calls). */
const bagCounts = new Int32Array(128);

/**
 * A lower bound of editDistance(a, b), in time linear in their lengths: the larger of the number of
 * characters of `a` that `b` lacks and of `b` that `a` lacks, counted as multisets (an insertion,
 * deletion or substitution changes each count by one at most, a transposition by none). Only ASCII
 * characters are counted, which can only lower it.
 */
function bagDistance(a: string, b: string): number {
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    if (x < 128) bagCounts[x]++;
  }
  for (let j = 0; j < b.length; j++) {
    const x = b.charCodeAt(j);
    if (x < 128) bagCounts[x]--;
  }
  missingInB = 0;
  missingInA = 0;
  settle(a);
  settle(b);
  return Math.max(missingInB, missingInA);
}

/** What bagDistance found so far: characters of `a` that `b` lacks, and of `b` that `a` lacks. */
let missingInB = 0;
let missingInA = 0;

/** Adds the counts of the characters of `t` to missingInB and missingInA: each count is read at its character's first place, then cleared. */
function settle(t: string): void {
  for (let i = 0; i < t.length; i++) {
    const x = t.charCodeAt(i);
    if (x >= 128) continue;
    const v = bagCounts[x];
    if (v > 0) missingInB += v;
    else if (v < 0) missingInA -= v;
    bagCounts[x] = 0;
  }
}

/** Names with their lower case made once, for a list asked again and again (a registry's models or functions). */
export class NameList {
  readonly lower: readonly string[];

  constructor(readonly names: readonly string[]) {
    this.lower = names.map((n) => n.toLowerCase());
  }
}

/**
 * Up to `limit` candidates close to `word`, closest first (ties: shorter, then alphabetical).
 * A candidate is close when its distance is at most a third of the longer length (at least 1),
 * or when one contains the other case-insensitively (`gpt2` → `openai/gpt2`).
 */
export function didYouMean(word: string, candidates: Iterable<string> | NameList, limit = 3): string[] {
  const w = word.toLowerCase();
  if (w.length === 0) return [];
  const { names, lower } = candidates instanceof NameList ? candidates : new NameList(Array.from(candidates));
  const scored: Array<{ name: string; score: number }> = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (name === word) continue;
    const c = lower[i];
    const max = Math.max(1, Math.floor(Math.max(w.length, c.length) / 3));
    // Cheap filters before the quadratic distance: the lengths, then the characters.
    const lengthGap = Math.abs(c.length - w.length);
    const contains = w.length >= 3 && (c.includes(w) || w.includes(c));
    if (lengthGap > max && !contains) continue;
    const d = c === w ? 0.5 : !contains && bagDistance(w, c) > max ? max + 1 : editDistance(w, c, max);
    if (d <= max) scored.push({ name, score: d });
    else if (contains) scored.push({ name, score: max + 0.5 + lengthGap / 100 });
  }
  scored.sort((x, y) => x.score - y.score || x.name.length - y.name.length || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.name);
}

/** The one candidate closest to `word`, however far (ties: shorter, then alphabetical); undefined when there is none. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const name of candidates) {
    const c = name.toLowerCase();
    // Only a candidate as close as the best so far can replace it: the distance is needed up to there.
    if (best && bagDistance(w, c) > best.d) continue;
    const d = editDistance(w, c, best ? best.d : Infinity);
    if (!best || d < best.d || (d === best.d && (name.length < best.name.length || (name.length === best.name.length && name < best.name)))) best = { name, d };
  }
  return best?.name;
}
