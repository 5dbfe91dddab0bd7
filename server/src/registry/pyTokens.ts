// A small Python tokenizer: names, numbers, strings (triple, prefixed), comments, operators and logical newlines.

export type PyTokenType = 'name' | 'number' | 'string' | 'op' | 'newline' | 'comment';

export interface PyToken {
  type: PyTokenType;
  text: string;
  /** Offset of the first character in the source. */
  start: number;
  end: number;
  /** 0-based line and column of the first character. */
  line: number;
  col: number;
  /** Column of the first token on this logical line (the statement's indentation). */
  indent: number;
  /** True for the first token of a logical line. */
  lineStart: boolean;
}

export interface PyTokenizeResult {
  tokens: PyToken[];
  /** An unterminated string or bracket, reported with its position (the tokens keep going). */
  problems: Array<{ line: number; col: number; message: string }>;
}

const STRING_PREFIX = /(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])?(?:'''|"""|'|")/y;
const NAME = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*/y;
const NUMBER = /(?:0[xXoObB][0-9a-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?[jJ]?)/y;
const OPS = ['**=', '//=', '>>=', '<<=', '...', '->', ':=', '**', '//', '<<', '>>', '<=', '>=', '==', '!=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@='];

export function tokenizePython(source: string): PyTokenizeResult {
  const tokens: PyToken[] = [];
  const problems: PyTokenizeResult['problems'] = [];
  const brackets: Array<{ ch: string; line: number; col: number }> = [];
  let i = 0;
  let line = 0;
  let lineOffset = 0;
  let atLineStart = true;
  let indent = 0;
  const push = (type: PyTokenType, start: number, end: number, l: number, c: number): void => {
    const first = atLineStart && type !== 'comment';
    if (first) indent = c;
    tokens.push({ type, text: source.slice(start, end), start, end, line: l, col: c, indent, lineStart: first });
    if (first) atLineStart = false;
  };
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\n' || ch === '\r') {
      const len = ch === '\r' && source[i + 1] === '\n' ? 2 : 1;
      if (brackets.length === 0 && !atLineStart) push('newline', i, i + len, line, i - lineOffset);
      if (brackets.length === 0) atLineStart = true;
      i += len;
      line++;
      lineOffset = i;
      // Recovery: a decorator, def or class at column 0 inside an open bracket means the bracket was never closed.
      if (brackets.length > 0 && /^(?:@|def\s|class\s|async\s+def\s)/.test(source.slice(i, i + 12))) {
        for (const b of brackets) problems.push({ line: b.line, col: b.col, message: `Unclosed '${b.ch}'` });
        brackets.length = 0;
        if (!atLineStart) push('newline', i, i, line, 0);
        atLineStart = true;
      }
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\f') { i++; continue; }
    if (ch === '\\' && (source[i + 1] === '\n' || source[i + 1] === '\r')) {
      i += source[i + 1] === '\r' && source[i + 2] === '\n' ? 3 : 2;
      line++;
      lineOffset = i;
      continue;
    }
    const col = i - lineOffset;
    if (ch === '#') {
      let j = i;
      while (j < source.length && source[j] !== '\n' && source[j] !== '\r') j++;
      push('comment', i, j, line, col);
      i = j;
      continue;
    }
    STRING_PREFIX.lastIndex = i;
    const sm = STRING_PREFIX.exec(source);
    if (sm) {
      const quote = sm[0].endsWith('"""') || sm[0].endsWith("'''") ? sm[0].slice(-3) : sm[0].slice(-1);
      const raw = /[rR]/.test(sm[0].slice(0, -quote.length));
      const startLine = line;
      let j = i + sm[0].length;
      let closed = false;
      while (j < source.length) {
        const c = source[j];
        if (c === '\\' && !raw) { j += 2; continue; }
        if (c === '\\' && raw) { j += 2; continue; }
        if (source.startsWith(quote, j)) { j += quote.length; closed = true; break; }
        if (c === '\n' || c === '\r') {
          if (quote.length === 1) break;
          if (c === '\r' && source[j + 1] === '\n') j++;
          line++;
          lineOffset = j + 1;
        }
        j++;
      }
      // Escaped newlines inside single-quoted strings still advance the line count.
      if (quote.length === 1) {
        for (let k = i; k < j && k < source.length; k++) if (source[k] === '\n') { line++; lineOffset = k + 1; }
      }
      if (!closed) problems.push({ line: startLine, col, message: 'Unterminated string' });
      push('string', i, Math.min(j, source.length), startLine, col);
      i = Math.min(j, source.length);
      continue;
    }
    NAME.lastIndex = i;
    const nm = NAME.exec(source);
    if (nm) { push('name', i, i + nm[0].length, line, col); i += nm[0].length; continue; }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(source);
      const len = m ? m[0].length : 1;
      push('number', i, i + len, line, col);
      i += len;
      continue;
    }
    if ('([{'.includes(ch)) brackets.push({ ch, line, col });
    else if (')]}'.includes(ch)) brackets.pop();
    const op = OPS.find((o) => source.startsWith(o, i)) ?? ch;
    push('op', i, i + op.length, line, col);
    i += op.length;
  }
  for (const b of brackets) problems.push({ line: b.line, col: b.col, message: `Unclosed '${b.ch}'` });
  if (!atLineStart) tokens.push({ type: 'newline', text: '', start: source.length, end: source.length, line, col: source.length - lineOffset, indent, lineStart: false });
  return { tokens, problems };
}

/** The value of a plain string literal token (quotes and prefix removed, simple escapes decoded). */
export function stringValue(token: string): string {
  const m = /^([rRbBuUfF]*)('''|"""|'|")/.exec(token);
  if (!m) return token;
  const quote = m[2];
  let body = token.slice(m[0].length, token.endsWith(quote) && token.length >= m[0].length + quote.length ? token.length - quote.length : token.length);
  if (/[rR]/.test(m[1])) return body;
  body = body.replace(/\\(\r?\n|.)/g, (_, c: string) => {
    switch (c) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case '\\': return '\\';
      case "'": return "'";
      case '"': return '"';
      default: return c.startsWith('\n') || c.startsWith('\r') ? '' : `\\${c}`;
    }
  });
  return body;
}

/** The text of a token range as written, comments dropped and line breaks collapsed to one space. */
export function tokensText(source: string, tokens: readonly PyToken[]): string {
  const kept = tokens.filter((t) => t.type !== 'comment' && t.type !== 'newline');
  if (kept.length === 0) return '';
  let out = kept[0].text;
  for (let k = 1; k < kept.length; k++) {
    const gap = source.slice(kept[k - 1].end, kept[k].start);
    const multiLine = /[\r\n#]/.test(gap);
    const tight = multiLine && ('([{'.includes(kept[k - 1].text) || ')]}'.includes(kept[k].text));
    out += (gap.length > 0 && !tight ? ' ' : '') + kept[k].text;
  }
  return out;
}
