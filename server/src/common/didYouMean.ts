// Did-you-mean: ranks candidate names by edit distance to what the user wrote; at most three, closest first.

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}

/**
 * Up to `limit` candidates close to `word`, closest first (ties: shorter, then alphabetical).
 * A candidate is close when its distance is at most a third of the longer length (at least 1),
 * or when one contains the other case-insensitively (`gpt2` → `openai/gpt2`).
 */
export function didYouMean(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const w = word.toLowerCase();
  if (w.length === 0) return [];
  const scored: Array<{ name: string; score: number }> = [];
  for (const name of candidates) {
    if (name === word) continue;
    const c = name.toLowerCase();
    const max = Math.max(1, Math.floor(Math.max(w.length, c.length) / 3));
    // Cheap length filter before the quadratic distance.
    const lengthGap = Math.abs(c.length - w.length);
    const contains = w.length >= 3 && (c.includes(w) || w.includes(c));
    if (lengthGap > max && !contains) continue;
    const d = c === w ? 0.5 : editDistance(w, c);
    if (d <= max) scored.push({ name, score: d });
    else if (contains) scored.push({ name, score: max + 0.5 + lengthGap / 100 });
  }
  scored.sort((x, y) => x.score - y.score || x.name.length - y.name.length || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.name);
}
