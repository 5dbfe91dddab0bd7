// Problems found by the lexer and parser, told in words: characters pyhocon refuses, unterminated strings, substitutions, and Chevrotain's syntax errors.
import { EOF, type IRecognitionException, type IToken } from 'chevrotain';
import type { HelmDiagnostic } from '../../common/diagnostic';
import { firstStartingAt, type Span } from '../../common/span';
import { MAX_SYNTAX_ERRORS } from './confParser';
import * as T from './tokens';

const REFUSES = 'pyhocon refuses the whole file, so helm-run fails';

function spanOf(t: IToken): Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

function hex(c: string): string {
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A run of one foreign character is one problem (an indent of three no-break spaces, a row of
 * backslashes); of the characters pyhocon cannot read, the first MAX_SYNTAX_ERRORS runs are reported.
 */
export function foreignProblems(foreign: IToken[], problems: HelmDiagnostic[]): void {
  let unreadable = 0;
  for (let i = 0; i < foreign.length; i++) {
    const t = foreign[i];
    let end = t.startOffset + t.image.length;
    let count = 1;
    while (i + 1 < foreign.length && foreign[i + 1].image === t.image && foreign[i + 1].startOffset === end) {
      end += foreign[i + 1].image.length;
      count++;
      i++;
    }
    const span = { start: t.startOffset, end };
    const c = t.image;
    if (t.tokenType === T.ForeignSpace) {
      const remove = { span, newText: '' };
      if (c === '\ufeff') {
        const where = span.start === 0 ? 'The file starts with a UTF-8 byte order mark (U+FEFF)' : 'An invisible U+FEFF (byte order mark)';
        problems.push({
          code: 'bom',
          severity: 'error',
          message: `${where}: ${REFUSES}. Save the file as UTF-8 without BOM.`,
          span,
          fixes: [{ title: 'Remove the byte order mark', edits: [remove], isPreferred: true }],
        });
      } else if (c === '\f') {
        problems.push({
          code: 'form-feed',
          severity: 'error',
          message: `A form feed (U+000C): ${REFUSES}. Remove it.`,
          span,
          fixes: [{ title: 'Remove the form feed', edits: [remove], isPreferred: true }],
        });
      } else {
        const name = c === '\u00a0' ? 'A no-break space (U+00A0)' : `A ${hex(c)} space character`;
        problems.push({
          code: 'nbsp',
          severity: 'error',
          message: `${name}: pyhocon takes only spaces and tabs as whitespace, so it refuses the whole file and helm-run fails. Replace it with a space.`,
          span,
          fixes: [{ title: 'Replace with spaces', edits: [{ span, newText: ' '.repeat(end - span.start) }], isPreferred: true }],
        });
      }
      continue;
    }
    if (unreadable++ >= MAX_SYNTAX_ERRORS) continue;
    const message =
      c === '='
        ? `\`=\` in an unquoted value: ${REFUSES}. Put the value in double quotes (or add the missing comma before the next key).`
        : c === '\\'
          ? `${count === 1 ? 'A lone `\\`' : `${count} backslashes outside a string`}: ${REFUSES}. Put the value in double quotes.`
          : `Unexpected \`${c}\`${count === 1 ? '' : ` (${count} in a row)`}: pyhocon cannot read it here; ${REFUSES}.${'+?!@*&^`$'.includes(c) ? ' Put the value in double quotes.' : ''}`;
    problems.push({ code: 'syntax-error', severity: 'error', message, span });
  }
}

/** Unterminated strings and substitutions, and the info that substitutions are not resolved here. */
export function tokenProblems(tokens: IToken[], problems: HelmDiagnostic[]): void {
  for (const t of tokens) {
    const tt = t.tokenType;
    if (tt === T.ValueEquals) {
      problems.push({
        code: 'syntax-error',
        severity: 'error',
        message: `\`=\` in an unquoted value: ${REFUSES}. Put the value in double quotes (or add the missing comma before the next key).`,
        span: spanOf(t),
      });
    } else if (tt === T.UnterminatedString) {
      problems.push({
        code: 'syntax-error',
        severity: 'error',
        message: `Unterminated string: the closing \`"\` is missing before the end of the line; ${REFUSES}.`,
        span: spanOf(t),
      });
    } else if (tt === T.UnterminatedTriple) {
      problems.push({
        code: 'syntax-error',
        severity: 'error',
        message: `Unterminated string: the \`"""\` opened here is never closed; ${REFUSES}.`,
        span: { start: t.startOffset, end: t.startOffset + 3 },
      });
    } else if (tt === T.Substitution) {
      const m = /^\$\{(\??)([^}]*)(\}?)$/.exec(t.image);
      if (!m || !m[3] || m[2].trim() === '') {
        problems.push({
          code: 'syntax-error',
          severity: 'error',
          message: `${m && !m[3] ? 'Unterminated substitution: `}` is missing' : 'Empty substitution `${}`'}; ${REFUSES}.`,
          span: spanOf(t),
        });
        continue;
      }
      const name = m[2];
      const missing = m[1] ? 'leaves the field out' : 'fails';
      problems.push({
        code: 'unresolved-substitution',
        severity: 'info',
        message: `\`${t.image}\` is not resolved by this tool: pyhocon takes \`${name}\` from this file or from the environment variable \`${name}\` when helm-run starts, and ${missing} when neither has it.`,
        span: spanOf(t),
      });
    }
  }
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

function shown(t: IToken): string {
  if (t.tokenType === EOF || Number.isNaN(t.startOffset)) return 'the end of the file';
  if (t.tokenType === T.NL) return 'the end of the line';
  const s = t.image.length > 30 ? `${t.image.slice(0, 30)}…` : t.image;
  return `\`${s}\``;
}

/**
 * Chevrotain's errors as a person reads them. A missing token at the end of the file (or of a
 * line) has no place of its own: the problem sits at the end of the last real token before it.
 */
export function syntaxProblems(
  errors: IRecognitionException[],
  tokens: IToken[],
  lineOf: (offset: number) => number,
  problems: HelmDiagnostic[],
): void {
  const seen = new Set<number>();
  for (const err of errors) {
    const actual = err.token;
    const atEnd = actual.tokenType === EOF || Number.isNaN(actual.startOffset);
    const at = atEnd ? Number.MAX_SAFE_INTEGER : actual.startOffset;
    const index = firstStartingAt(tokens, at, (t) => t.startOffset);
    const prev = lastRealBefore(tokens, index);
    const anchor: Span = prev ? { start: prev.startOffset + prev.image.length, end: prev.startOffset + prev.image.length } : { start: 0, end: 0 };
    const actualSpan = atEnd || actual.tokenType === T.NL ? anchor : spanOf(actual);
    const expected = /--> (\w+) <--/.exec(err.message)?.[1];
    let message: string;
    let span = actualSpan;
    const related: HelmDiagnostic['related'] = [];
    if (err.name === 'MismatchedTokenException' && (expected === 'RBrace' || expected === 'RBracket')) {
      const opener = openerOf(tokens, index, expected === 'RBrace' ? T.LBrace : T.LBracket);
      const what = expected === 'RBracket' ? 'list' : opener && opener.inArray ? 'entry' : 'object';
      const close = TOKEN_TEXT[expected];
      const line = opener ? ` opened on line ${lineOf(opener.token.startOffset)}` : '';
      message = `Expected \`${close}\` to close the ${what}${line}, found ${shown(actual)}.`;
      // Missing at a line end: point at the end of the last token, as the user would type the `}` there;
      // but a closing bracket found instead is itself the mistake (or where the missing one goes), and
      // pyhocon reports it there ("Expected ']', found '}'").
      const closer = actual.tokenType === T.RBrace || actual.tokenType === T.RBracket;
      if (!atEnd && !closer && prev && lineOf(actual.startOffset) > lineOf(prev.startOffset)) span = anchor;
      if (atEnd) message = `Expected \`${close}\` to close the ${what}${line}.`;
      if (opener) related.push({ message: `the ${what} opened here`, span: spanOf(opener.token) });
    } else if (err.name === 'NotAllInputParsedException' || expected === 'EOF') {
      message =
        actual.tokenType === T.RBrace || actual.tokenType === T.RBracket
          ? `Unexpected \`${actual.image}\`: no ${actual.tokenType === T.RBrace ? 'object' : 'list'} is open here.`
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

const REFUSES_SHORT = 'pyhocon refuses the whole file.';

/** The file is one `{…}` or `[…]` (not fields without braces). */
function rootIsBlock(tokens: IToken[]): boolean {
  const first = tokens.find((t) => t.tokenType !== T.NL);
  return first !== undefined && (first.tokenType === T.LBrace || first.tokenType === T.LBracket);
}


function lastRealBefore(tokens: IToken[], index: number): IToken | undefined {
  for (let i = Math.min(index, tokens.length) - 1; i >= 0; i--) {
    if (tokens[i].tokenType === T.NL) continue;
    return tokens[i];
  }
  return undefined;
}

/** The unclosed bracket of kind `open` that is innermost before token `index`, and whether a list holds it. */
function openerOf(tokens: IToken[], index: number, open: typeof T.LBrace): { token: IToken; inArray: boolean } | undefined {
  const stack: IToken[] = [];
  for (let i = 0; i < Math.min(index, tokens.length); i++) {
    const tt = tokens[i].tokenType;
    if (tt === T.LBrace || tt === T.LBracket) stack.push(tokens[i]);
    else if ((tt === T.RBrace || tt === T.RBracket) && stack.length) stack.pop();
  }
  for (let i = stack.length - 1; i >= 0; i--) {
    if (stack[i].tokenType === open) return { token: stack[i], inArray: i > 0 && stack[i - 1].tokenType === T.LBracket };
  }
  return undefined;
}
