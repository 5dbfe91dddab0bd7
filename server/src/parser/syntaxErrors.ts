// The parser's recognition errors as a person reads them: what was expected, what was found, where the unclosed bracket opened.
import type { HelmDiagnostic } from '../common/diagnostic';
import type { Span } from '../common/span';
import * as T from './tokenKinds';
import type { TokenList } from './tokenKinds';

/** A recognition error of the parser: Chevrotain's exception name and message, and the token it stopped at (-1: the end of the file). */
export interface RecognitionError {
  name: string;
  message: string;
  token: number;
}

const TOKEN_TEXT: Record<string, string> = {
  RBrace: '}',
  RBracket: ']',
  LBrace: '{',
  LBracket: '[',
  Colon: ':',
  Comma: ',',
  NL: 'a newline',
};

const REFUSES_SHORT = 'pyhocon refuses the whole file.';

/**
 * The errors as problems. A missing token at the end of the file (or of a line) has no place of its
 * own: the problem sits at the end of the last real token before it.
 */
export function syntaxProblems(
  errors: RecognitionError[],
  text: string,
  tokens: TokenList,
  lineOf: (offset: number) => number,
  problems: HelmDiagnostic[],
): void {
  const { kind, start, end } = tokens;
  const shown = (t: number): string => {
    if (t < 0) return 'the end of the file';
    if (kind[t] === T.NL) return 'the end of the line';
    const s = end[t] - start[t] > 30 ? `${text.slice(start[t], start[t] + 30)}…` : text.slice(start[t], end[t]);
    return `\`${s}\``;
  };
  const seen = new Set<number>();
  for (const err of errors) {
    const actual = err.token;
    const atEnd = actual < 0;
    const index = atEnd ? tokens.count : actual;
    const prev = lastRealBefore(tokens, index);
    const anchor: Span = prev >= 0 ? { start: end[prev], end: end[prev] } : { start: 0, end: 0 };
    const actualSpan = atEnd || kind[actual] === T.NL ? anchor : { start: start[actual], end: end[actual] };
    const expected = /--> (\w+) <--/.exec(err.message)?.[1];
    let message: string;
    let span = actualSpan;
    const related: HelmDiagnostic['related'] = [];
    const closer = !atEnd && (kind[actual] === T.RBrace || kind[actual] === T.RBracket);
    if (err.name === 'MismatchedTokenException' && (expected === 'RBrace' || expected === 'RBracket')) {
      const opener = openerOf(tokens, index, expected === 'RBrace' ? T.LBrace : T.LBracket);
      const what = expected === 'RBracket' ? 'list' : opener && opener.inArray ? 'entry' : 'object';
      const close = TOKEN_TEXT[expected];
      const line = opener ? ` opened on line ${lineOf(start[opener.token])}` : '';
      message = `Expected \`${close}\` to close the ${what}${line}, found ${shown(actual)}.`;
      // Missing at a line end: point at the end of the last token, as the user would type the `}` there;
      // but a closing bracket found instead is itself the mistake (or where the missing one goes), and
      // pyhocon reports it there ("Expected ']', found '}'").
      if (!atEnd && !closer && prev >= 0 && lineOf(start[actual]) > lineOf(start[prev])) span = anchor;
      if (atEnd) message = `Expected \`${close}\` to close the ${what}${line}.`;
      if (opener) related.push({ message: `the ${what} opened here`, span: { start: start[opener.token], end: end[opener.token] } });
    } else if (err.name === 'NotAllInputParsedException' || expected === 'EOF') {
      message = closer
        ? `Unexpected \`${text.slice(start[actual], end[actual])}\`: no ${kind[actual] === T.RBrace ? 'object' : 'list'} is open here.`
        : rootIsBlock(tokens)
          ? `Unexpected ${shown(actual)}: pyhocon reads one root object or list, and nothing after it.`
          : `Unexpected ${shown(actual)} at the top level: expected a key such as \`entries:\` (is a \`]\` or \`}\` above closed too early?).`;
    } else if (expected && TOKEN_TEXT[expected]) {
      message = `Expected \`${TOKEN_TEXT[expected]}\`, found ${shown(actual)}.`;
    } else {
      message = `Unexpected ${shown(actual)}.`;
    }
    if (seen.has(span.start)) continue;
    seen.add(span.start);
    problems.push({ code: 'syntax-error', severity: 'error', message: `${message} ${REFUSES_SHORT}`, span, ...(related.length ? { related } : {}) });
  }
}

/** The file is one `{…}` or `[…]` (not fields without braces). */
function rootIsBlock(tokens: TokenList): boolean {
  for (let i = 0; i < tokens.count; i++) {
    const k = tokens.kind[i];
    if (k !== T.NL) return k === T.LBrace || k === T.LBracket;
  }
  return false;
}

function lastRealBefore(tokens: TokenList, index: number): number {
  for (let i = Math.min(index, tokens.count) - 1; i >= 0; i--) {
    if (tokens.kind[i] === T.NL) continue;
    return i;
  }
  return -1;
}

/** The unclosed bracket of kind `open` that is innermost before token `index`, and whether a list holds it. */
function openerOf(tokens: TokenList, index: number, open: number): { token: number; inArray: boolean } | undefined {
  const { kind } = tokens;
  const stack: number[] = [];
  for (let i = 0; i < Math.min(index, tokens.count); i++) {
    const tt = kind[i];
    if (tt === T.LBrace || tt === T.LBracket) stack.push(i);
    else if ((tt === T.RBrace || tt === T.RBracket) && stack.length) stack.pop();
  }
  for (let i = stack.length - 1; i >= 0; i--) {
    if (kind[stack[i]] === open) return { token: stack[i], inArray: i > 0 && kind[stack[i - 1]] === T.LBracket };
  }
  return undefined;
}
