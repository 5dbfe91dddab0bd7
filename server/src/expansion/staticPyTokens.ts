// Python source as the static reader sees it: tokens, logical lines (brackets and backslashes joined), string escapes and call arguments.

export interface Token {
  type: 'name' | 'number' | 'string' | 'op';
  text: string;
  /** For strings: the prefix letters, lower-cased (`f`, `r`, `rb`, …). */
  prefix?: string;
  /** For strings: the body between the quotes, undecoded. */
  body?: string;
  /** 0-based line and column of the first character. */
  line: number;
  col: number;
}

export interface LogicalLine {
  tokens: Token[];
  indent: number;
  line: number;
}

const OPERATORS = ['**=', '//=', '>>=', '<<=', '->', '...', ':=', '==', '!=', '<=', '>=', '+=', '-=', '*=', '/=', '%=',
  '&=', '|=', '^=', '**', '//', '<<', '>>'];

/**
 * Splits source into logical lines (brackets and backslashes join physical lines), from `startLine` on.
 * Comments are dropped. Never throws: an unterminated string ends at the end of the text.
 */
export function logicalLines(source: string, startLine = 0): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pos = 0;
  for (let l = 0; l < startLine && pos < source.length; l++) {
    const nl = source.indexOf('\n', pos);
    pos = nl < 0 ? source.length : nl + 1;
  }
  let line = startLine;
  let lineStart = pos;
  let depth = 0;
  let current: Token[] = [];
  let indent = 0;
  const flush = (): void => {
    if (current.length > 0) out.push({ tokens: current, indent, line: current[0].line });
    current = [];
  };
  while (pos < source.length) {
    const c = source[pos];
    if (c === '\n') {
      if (depth === 0) flush();
      pos++;
      line++;
      lineStart = pos;
      continue;
    }
    if (c === '\\' && source[pos + 1] === '\n') {
      pos += 2;
      line++;
      lineStart = pos;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      pos++;
      continue;
    }
    if (c === '#') {
      while (pos < source.length && source[pos] !== '\n') pos++;
      continue;
    }
    if (current.length === 0 && depth === 0) indent = pos - lineStart;
    const col = pos - lineStart;
    const str = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(source.slice(pos, pos + 5));
    if (str && (str[1].length === 0 || /^[a-zA-Z]+$/.test(str[1]))) {
      const quote = str[2];
      const prefix = str[1].toLowerCase();
      let p = pos + str[0].length;
      const bodyStart = p;
      while (p < source.length && !source.startsWith(quote, p)) {
        const escaped = source[p] === '\\' && p + 1 < source.length;
        if (escaped) p++;
        if (source[p] === '\n') {
          line++;
          lineStart = p + 1;
          // An unescaped newline ends an unterminated one-line string.
          if (quote.length === 1 && !escaped) break;
        }
        p++;
      }
      const body = source.slice(bodyStart, p);
      p = Math.min(source.length, p + quote.length);
      current.push({ type: 'string', text: source.slice(pos, p), prefix, body, line, col });
      pos = p;
      continue;
    }
    const name = /^[A-Za-z_\u00c0-\uffff][A-Za-z0-9_\u00c0-\uffff]*/.exec(source.slice(pos, pos + 200));
    if (name) {
      current.push({ type: 'name', text: name[0], line, col });
      pos += name[0].length;
      continue;
    }
    const num = /^(0[xXoObB][0-9a-fA-F_]+|(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d+)?[jJ]?)/.exec(source.slice(pos, pos + 100));
    if (num && num[0].length > 0) {
      current.push({ type: 'number', text: num[0], line, col });
      pos += num[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, pos)) ?? c;
    if ('([{'.includes(op)) depth++;
    if (')]}'.includes(op)) depth = Math.max(0, depth - 1);
    current.push({ type: 'op', text: op, line, col });
    pos += op.length;
  }
  flush();
  return out;
}

/** Decodes the escapes of a non-raw Python string body. */
export function decodeStringBody(body: string, raw: boolean): string {
  if (raw) return body;
  return body.replace(/\\(\n|[\\'"abfnrtv]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3})/g, (m, e: string) => {
    const simple: Record<string, string> = { '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
    if (e in simple) return simple[e];
    if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return String.fromCodePoint(parseInt(e, 8));
  });
}

/** The arguments of the call whose `(` is at `open`, split on its top-level commas (brackets inside strings do not count). */
export function callArguments(tokens: Token[], open: number): Token[][] {
  const args: Token[][] = [];
  let depth = 0;
  let start = open + 1;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.type === 'string') continue;
    if ('([{'.includes(t.text)) depth++;
    else if (')]}'.includes(t.text)) depth--;
    if ((t.text === ',' && depth === 1) || depth === 0) {
      args.push(tokens.slice(start, j));
      start = j + 1;
      if (depth === 0) break;
    }
  }
  return args;
}
