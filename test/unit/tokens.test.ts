// The conf scanner reads every text into the tokens Chevrotain's lexer reads (the reference: its token definitions, unoptimized).
import * as assert from 'assert';
import * as fs from 'fs';
import type { IToken } from 'chevrotain';
import { scanConf } from '../../server/src/parser/scanner';
import { KIND_NAMES, type TokenList } from '../../server/src/parser/tokenKinds';
import { referenceTokenize } from '../helpers/referenceLexer';
import { fuzzDocument, fuzzSeeds } from '../fuzz/mutations';
import { corpusConfFiles, fixturePath } from '../helpers/corpus';
import { seededRandom } from '../helpers/random';

const listed = (tokens: IToken[]): string[] => tokens.map((t) => `${t.tokenType.name}@${t.startOffset}:${JSON.stringify(t.image)}`);
const scanned = (text: string, tokens: TokenList): string[] =>
  Array.from({ length: tokens.count }, (_, i) => `${KIND_NAMES[tokens.kind[i]]}@${tokens.start[i]}:${JSON.stringify(text.slice(tokens.start[i], tokens.end[i]))}`);

function sameTokens(text: string, what: string): void {
  const fast = scanConf(text);
  const slow = referenceTokenize(text);
  assert.deepStrictEqual(scanned(text, fast.tokens), listed(slow.tokens), `${what}: tokens`);
  assert.deepStrictEqual(
    fast.comments.map((c) => `Comment@${c.span.start}:${JSON.stringify(text.slice(c.span.start, c.span.end))}`),
    listed(slow.comments),
    `${what}: comments`,
  );
  assert.deepStrictEqual(scanned(text, fast.foreign), listed(slow.foreign), `${what}: foreign characters`);
}

describe('conf scanner', () => {
  it('starts a key, a value and a list item at every UTF-16 code unit as Chevrotain\'s lexer does', () => {
    // 65,536 lines: each code unit begins a key, a value and a list item (and ends up inside a value too).
    const lines: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      lines.push(`${ch}k = ${ch}v, x: [${ch}w, a${ch}b]`);
    }
    sameTokens(lines.join('\n'), 'every code unit');
  });

  it('reads our fixtures and the corpus as Chevrotain\'s lexer does', () => {
    const files = [...fs.readdirSync(fixturePath('conf')).map((n) => fixturePath('conf', n)), ...corpusConfFiles()];
    for (const f of files) sameTokens(fs.readFileSync(f, 'utf8'), f);
  });

  it('reads 2,000 mutated conf files as Chevrotain\'s lexer does (strings cut at line ends, numbers before separators, keys with spaces, escapes)', () => {
    const seeds = fuzzSeeds();
    const rnd = seededRandom(20261205);
    const scale = { nesting: 50, flood: 50, line: 2000, paste: 300, window: 40 };
    for (let round = 0; round < 2000; round++) {
      const { text, kinds } = fuzzDocument(seeds, rnd, scale);
      sameTokens(text, `round ${round} (${kinds.join(', ')})`);
    }
  });
});
