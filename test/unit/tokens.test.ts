// The conf lexer with Chevrotain's first-character optimization gives the tokens its unoptimized lexer gives.
import * as assert from 'assert';
import * as fs from 'fs';
import { Lexer, type IToken } from 'chevrotain';
import { allTokens, tokenizeConf } from '../../server/src/parser/tokens';
import { corpusConfFiles, fixturePath } from '../helpers/corpus';

/** Chevrotain's lexer without the optimization: it tries every token at every character. */
const unoptimized = new Lexer(allTokens, { positionTracking: 'onlyOffset', safeMode: true, skipValidations: true });

function describeTokens(tokens: IToken[]): string[] {
  return tokens.map((t) => `${t.tokenType.name}@${t.startOffset}:${JSON.stringify(t.image)}`);
}

function sameTokens(text: string, what: string): void {
  const fast = tokenizeConf(text);
  const slow = unoptimized.tokenize(text);
  const groups = slow.groups as Record<string, IToken[] | undefined>;
  assert.deepStrictEqual(describeTokens(fast.tokens), describeTokens(slow.tokens), `${what}: tokens`);
  assert.deepStrictEqual(describeTokens(fast.comments), describeTokens(groups.comments ?? []), `${what}: comments`);
  assert.deepStrictEqual(describeTokens(fast.foreign), describeTokens(groups.foreign ?? []), `${what}: foreign characters`);
}

describe('conf lexer', () => {
  it('starts a key, a value and a list item at every UTF-16 code unit as the unoptimized lexer does', () => {
    // 65,536 lines: each code unit begins a key, a value and a list item (and ends up inside a value too).
    const lines: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      lines.push(`${ch}k = ${ch}v, x: [${ch}w, a${ch}b]`);
    }
    sameTokens(lines.join('\n'), 'every code unit');
  });

  it('reads our fixtures and the corpus as the unoptimized lexer does', () => {
    const files = [...['incremental.conf', 'crlf.conf', 'broken.conf', 'constructs.conf'].map((n) => fixturePath('conf', n)), ...corpusConfFiles()];
    for (const f of files) sameTokens(fs.readFileSync(f, 'utf8'), f);
  });
});
