// Tokenizes text with our TextMate grammar using VS Code's own engine (vscode-textmate + Oniguruma
// from a VS Code install, found by folder): the scopes a user's theme colours.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Token {
  text: string;
  scopes: string[];
}

interface RawToken {
  startIndex: number;
  endIndex: number;
  scopes: string[];
}
interface TextmateModule {
  INITIAL: unknown;
  parseRawGrammar(content: string, filePath: string): unknown;
  Registry: new (options: {
    onigLib: Promise<{ createOnigScanner(patterns: string[]): unknown; createOnigString(text: string): unknown }>;
    loadGrammar(scopeName: string): Promise<unknown>;
  }) => { loadGrammar(scopeName: string): Promise<{ tokenizeLine(line: string, stack: unknown): { tokens: RawToken[]; ruleStack: unknown } } | null> };
}
interface OnigurumaModule {
  loadWASM(data: ArrayBuffer): Promise<void>;
  OnigScanner: new (patterns: string[]) => unknown;
  OnigString: new (text: string) => unknown;
}

export const GRAMMAR_FILE = path.resolve(__dirname, '..', '..', '..', 'syntaxes', 'helm-conf.tmLanguage.json');

let loaded: Promise<(text: string) => Token[][]> | undefined;

/** A tokenizer over the node_modules folder holding vscode-textmate and vscode-oniguruma; undefined if absent. */
export function textmateAvailable(nodeModules: string): boolean {
  return fs.existsSync(path.join(nodeModules, 'vscode-textmate')) && fs.existsSync(path.join(nodeModules, 'vscode-oniguruma', 'release', 'onig.wasm'));
}

/** Tokens per line of `text`. */
export function loadTokenizer(nodeModules: string): Promise<(text: string) => Token[][]> {
  loaded ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const textmate = require(path.join(nodeModules, 'vscode-textmate')) as TextmateModule;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const oniguruma = require(path.join(nodeModules, 'vscode-oniguruma')) as OnigurumaModule;
    const wasm = fs.readFileSync(path.join(nodeModules, 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) =>
        scopeName === 'source.helm-conf' ? textmate.parseRawGrammar(fs.readFileSync(GRAMMAR_FILE, 'utf8'), GRAMMAR_FILE) : null,
    });
    const grammar = await registry.loadGrammar('source.helm-conf');
    if (!grammar) throw new Error('the grammar did not load');
    return (text: string): Token[][] => {
      let stack = textmate.INITIAL;
      return text.split(/\r?\n/).map((line) => {
        const result = grammar.tokenizeLine(line, stack);
        stack = result.ruleStack;
        return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
      });
    };
  })();
  return loaded;
}
