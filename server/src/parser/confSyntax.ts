// Problems found by the scanner and parser, told in words: characters pyhocon refuses, unterminated strings, substitutions, and the parser's syntax errors.
import type { HelmDiagnostic } from '../common/diagnostic';
import type { Span } from '../common/span';
import * as T from './tokenKinds';
import type { TokenList } from './tokenKinds';

/** Recognition errors after which the parser reads no further (and at most as many are reported). */
export const MAX_SYNTAX_ERRORS = 100;

const REFUSES = 'pyhocon refuses the whole file, so helm-run fails';

function spanOf(tokens: TokenList, i: number): Span {
  return { start: tokens.start[i], end: tokens.end[i] };
}

function hex(c: string): string {
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A run of one foreign character is one problem (an indent of three no-break spaces, a row of
 * backslashes); of the characters pyhocon cannot read, the first MAX_SYNTAX_ERRORS runs are reported.
 */
export function foreignProblems(text: string, foreign: TokenList, problems: HelmDiagnostic[]): void {
  let unreadable = 0;
  const { count, start } = foreign;
  for (let i = 0; i < count; i++) {
    const first = start[i];
    const kind = foreign.kind[i];
    const code = text.charCodeAt(first);
    let end = first + 1;
    let n = 1;
    while (i + 1 < count && start[i + 1] === end && text.charCodeAt(end) === code) {
      end++;
      n++;
      i++;
    }
    const span = { start: first, end };
    const c = text[first];
    if (kind === T.ForeignSpace) {
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
          ? `${n === 1 ? 'A lone `\\`' : `${n} backslashes outside a string`}: ${REFUSES}. Put the value in double quotes.`
          : `Unexpected \`${c}\`${n === 1 ? '' : ` (${n} in a row)`}: pyhocon cannot read it here; ${REFUSES}.${'+?!@*&^`$'.includes(c) ? ' Put the value in double quotes.' : ''}`;
    problems.push({ code: 'syntax-error', severity: 'error', message, span });
  }
}

/** Unterminated strings and substitutions, and the info that substitutions are not resolved here. */
export function tokenProblems(text: string, tokens: TokenList, problems: HelmDiagnostic[]): void {
  const { kind, count } = tokens;
  for (let i = 0; i < count; i++) {
    const tt = kind[i];
    if (tt === T.ValueEquals) {
      problems.push({
        code: 'syntax-error',
        severity: 'error',
        message: `\`=\` in an unquoted value: ${REFUSES}. Put the value in double quotes (or add the missing comma before the next key).`,
        span: spanOf(tokens, i),
      });
    } else if (tt === T.UnterminatedString && i > 0 && tokens.kind[i - 1] === T.QuotedString && tokens.end[i - 1] === tokens.start[i] && tokens.start[i] - tokens.start[i - 1] === 2) {
      // `"""` that no `"""` closes: pyhocon reads `""`, then a `"` string the line ends.
      problems.push({
        code: 'syntax-error',
        severity: 'error',
        message: `Unterminated string: the \`"""\` opened here is never closed (pyhocon reads \`""\` and a \`"\` string the line ends); ${REFUSES}.`,
        span: { start: tokens.start[i - 1], end: tokens.start[i] + 1 },
      });
    } else if (tt === T.UnterminatedString) {
      problems.push({
        code: 'syntax-error',
        severity: 'error',
        message: `Unterminated string: the closing \`"\` is missing before the end of the line; ${REFUSES}.`,
        span: spanOf(tokens, i),
      });
    } else if (tt === T.Substitution) {
      const image = text.slice(tokens.start[i], tokens.end[i]);
      const m = /^\$\{(\??)([^}]*)(\}?)$/.exec(image);
      if (!m || !m[3] || m[2].trim() === '') {
        problems.push({
          code: 'syntax-error',
          severity: 'error',
          message: `${m && !m[3] ? 'Unterminated substitution: `}` is missing' : 'Empty substitution `${}`'}; ${REFUSES}.`,
          span: spanOf(tokens, i),
        });
        continue;
      }
      const name = m[2];
      const missing = m[1] ? 'leaves the field out' : 'fails';
      problems.push({
        code: 'unresolved-substitution',
        severity: 'info',
        message: `\`${image}\` is not resolved by this tool: pyhocon takes \`${name}\` from this file or from the environment variable \`${name}\` when helm-run starts, and ${missing} when neither has it.`,
        span: spanOf(tokens, i),
      });
    }
  }
}
