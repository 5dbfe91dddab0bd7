// The Python expressions HELM's run spec functions build RunSpec names from, parsed from tokens into PyExpr.
import { decodeStringBody, logicalLines, type Token } from './staticPyTokens';

/** A Python expression, reduced to what run spec names are built from (JSON-serialisable, kept in the snapshot). */
export type PyExpr =
  | { k: 'str'; v: string }
  | { k: 'int'; v: string }
  | { k: 'float'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'none' }
  | { k: 'name'; id: string }
  | { k: 'fstr'; parts: Array<string | { e: PyExpr; conv?: 'r' | 's' }> }
  | { k: 'bin'; op: '+' | '*' | '%'; l: PyExpr; r: PyExpr }
  | { k: 'cmp'; ops: string[]; operands: PyExpr[] }
  | { k: 'boolop'; op: 'and' | 'or'; values: PyExpr[] }
  | { k: 'not'; v: PyExpr }
  | { k: 'neg'; v: PyExpr }
  | { k: 'ifexp'; test: PyExpr; body: PyExpr; orelse: PyExpr }
  | { k: 'call'; func: PyExpr; args: PyExpr[]; kwargs?: Array<[string, PyExpr]> }
  | { k: 'attr'; obj: PyExpr; name: string }
  | { k: 'index'; obj: PyExpr; index: PyExpr }
  | { k: 'list'; items: PyExpr[] }
  | { k: 'tuple'; items: PyExpr[] }
  | { k: 'comp'; elt: PyExpr; targets: string[]; iter: PyExpr; cond?: PyExpr }
  /** Something this reader does not model: evaluating it makes the result approximate. */
  | { k: 'unknown'; why: string };

class ParseError extends Error {}

/** Parses tokens[from, to) as one expression; `unknown` when it is outside the subset. */
export function parseExpr(tokens: Token[], from = 0, to = tokens.length): PyExpr {
  try {
    const p = new ExprParser(tokens.slice(from, to));
    const e = p.exprList();
    if (!p.done()) return { k: 'unknown', why: `unsupported syntax near '${p.peek()?.text ?? ''}'` };
    return e;
  } catch (err) {
    return { k: 'unknown', why: err instanceof ParseError ? err.message : 'unsupported syntax' };
  }
}

/** Parses a fragment of source text (an f-string replacement field) as an expression. */
export function parseExprText(text: string): PyExpr {
  const lines = logicalLines(text.replace(/\n/g, ' '));
  if (lines.length !== 1) return { k: 'unknown', why: 'empty expression' };
  return parseExpr(lines[0].tokens);
}

const COMPARE_OPS = new Set(['==', '!=', '<', '>', '<=', '>=', 'in', 'is']);

class ExprParser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  done(): boolean {
    return this.i >= this.toks.length;
  }
  peek(offset = 0): Token | undefined {
    return this.toks[this.i + offset];
  }
  private is(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return !!t && t.text === text && t.type !== 'string';
  }
  private eat(text: string): boolean {
    if (this.is(text)) {
      this.i++;
      return true;
    }
    return false;
  }
  private expect(text: string): void {
    if (!this.eat(text)) throw new ParseError(`expected '${text}'`);
  }

  /** `a, b` at the top level is a tuple. */
  exprList(): PyExpr {
    const first = this.expr();
    if (!this.is(',')) return first;
    const items = [first];
    while (this.eat(',')) {
      if (this.done() || this.is(')')) break;
      items.push(this.expr());
    }
    return { k: 'tuple', items };
  }

  expr(): PyExpr {
    if (this.is('lambda')) throw new ParseError('lambda');
    const body = this.orTest();
    if (this.is('if')) {
      this.i++;
      const test = this.orTest();
      this.expect('else');
      const orelse = this.expr();
      return { k: 'ifexp', test, body, orelse };
    }
    return body;
  }

  private orTest(): PyExpr {
    const values = [this.andTest()];
    while (this.eat('or')) values.push(this.andTest());
    return values.length === 1 ? values[0] : { k: 'boolop', op: 'or', values };
  }
  private andTest(): PyExpr {
    const values = [this.notTest()];
    while (this.eat('and')) values.push(this.notTest());
    return values.length === 1 ? values[0] : { k: 'boolop', op: 'and', values };
  }
  private notTest(): PyExpr {
    if (this.eat('not')) return { k: 'not', v: this.notTest() };
    return this.comparison();
  }
  private comparison(): PyExpr {
    const operands = [this.arith()];
    const ops: string[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || t.type === 'string') break;
      if (this.is('not') && this.is('in', 1)) {
        this.i += 2;
        ops.push('not in');
      } else if (this.is('is') && this.is('not', 1)) {
        this.i += 2;
        ops.push('is not');
      } else if (COMPARE_OPS.has(t.text)) {
        this.i++;
        ops.push(t.text);
      } else break;
      operands.push(this.arith());
    }
    return ops.length === 0 ? operands[0] : { k: 'cmp', ops, operands };
  }
  private arith(): PyExpr {
    let l = this.term();
    for (;;) {
      if (this.eat('+')) l = { k: 'bin', op: '+', l, r: this.term() };
      else if (this.is('-')) throw new ParseError('subtraction');
      else return l;
    }
  }
  private term(): PyExpr {
    let l = this.factor();
    for (;;) {
      if (this.eat('*')) l = { k: 'bin', op: '*', l, r: this.factor() };
      else if (this.eat('%')) l = { k: 'bin', op: '%', l, r: this.factor() };
      else if (this.is('/') || this.is('//') || this.is('@')) throw new ParseError('division');
      else return l;
    }
  }
  private factor(): PyExpr {
    if (this.eat('-')) return { k: 'neg', v: this.factor() };
    if (this.eat('+')) return this.factor();
    if (this.is('**')) throw new ParseError('power');
    return this.power();
  }
  private power(): PyExpr {
    let e = this.atom();
    for (;;) {
      if (this.eat('.')) {
        const t = this.peek();
        if (!t || t.type !== 'name') throw new ParseError('attribute');
        this.i++;
        e = { k: 'attr', obj: e, name: t.text };
      } else if (this.eat('(')) {
        e = this.callArgs(e);
      } else if (this.eat('[')) {
        if (this.is(':') || this.is(']')) throw new ParseError('slice');
        const index = this.expr();
        if (this.is(':')) throw new ParseError('slice');
        this.expect(']');
        e = { k: 'index', obj: e, index };
      } else if (this.is('**')) throw new ParseError('power');
      else return e;
    }
  }
  private callArgs(func: PyExpr): PyExpr {
    const args: PyExpr[] = [];
    const kwargs: Array<[string, PyExpr]> = [];
    while (!this.eat(')')) {
      if (this.is('*') || this.is('**')) throw new ParseError('star arguments');
      const t = this.peek();
      if (!t) throw new ParseError('unclosed call');
      if (t.type === 'name' && this.is('=', 1)) {
        this.i += 2;
        kwargs.push([t.text, this.expr()]);
      } else {
        const a = this.expr();
        if (this.is('for')) {
          args.push(this.comprehension(a));
        } else args.push(a);
      }
      if (!this.eat(',')) {
        this.expect(')');
        break;
      }
    }
    return kwargs.length ? { k: 'call', func, args, kwargs } : { k: 'call', func, args };
  }
  private comprehension(elt: PyExpr): PyExpr {
    this.expect('for');
    const targets: string[] = [];
    const paren = this.eat('(');
    do {
      const t = this.peek();
      if (!t || t.type !== 'name') throw new ParseError('comprehension target');
      targets.push(t.text);
      this.i++;
    } while (this.eat(','));
    if (paren) this.expect(')');
    this.expect('in');
    const iter = this.orTest();
    let cond: PyExpr | undefined;
    if (this.eat('if')) cond = this.orTest();
    if (this.is('for') || this.is('if')) throw new ParseError('nested comprehension');
    return cond ? { k: 'comp', elt, targets, iter, cond } : { k: 'comp', elt, targets, iter };
  }
  private atom(): PyExpr {
    const t = this.peek();
    if (!t) throw new ParseError('unexpected end');
    if (t.type === 'string') return this.strings();
    this.i++;
    if (t.type === 'number') return parseNumber(t.text);
    if (t.type === 'name') {
      if (t.text === 'True' || t.text === 'False') return { k: 'bool', v: t.text === 'True' };
      if (t.text === 'None') return { k: 'none' };
      if (['for', 'if', 'else', 'in', 'and', 'or', 'not', 'lambda', 'await', 'yield'].includes(t.text)) {
        throw new ParseError(`unexpected '${t.text}'`);
      }
      return { k: 'name', id: t.text };
    }
    if (t.text === '(') {
      if (this.eat(')')) return { k: 'tuple', items: [] };
      const first = this.expr();
      if (this.is('for')) {
        const c = this.comprehension(first);
        this.expect(')');
        return c;
      }
      if (this.eat(')')) return first;
      const items = [first];
      while (this.eat(',')) {
        if (this.is(')')) break;
        items.push(this.expr());
      }
      this.expect(')');
      return { k: 'tuple', items };
    }
    if (t.text === '[') {
      const items: PyExpr[] = [];
      if (this.eat(']')) return { k: 'list', items };
      const first = this.expr();
      if (this.is('for')) {
        const c = this.comprehension(first);
        this.expect(']');
        return listComp(c);
      }
      items.push(first);
      while (this.eat(',')) {
        if (this.is(']')) break;
        items.push(this.expr());
      }
      this.expect(']');
      return { k: 'list', items };
    }
    throw new ParseError(`unsupported '${t.text}'`);
  }
  /** Adjacent string literals join into one (`"a" f"{b}"`). */
  private strings(): PyExpr {
    const parts: Array<string | { e: PyExpr; conv?: 'r' | 's' }> = [];
    let formatted = false;
    while (this.peek()?.type === 'string') {
      const t = this.toks[this.i++];
      const prefix = t.prefix ?? '';
      if (prefix.includes('b')) throw new ParseError('bytes');
      if (prefix.includes('f')) {
        formatted = true;
        parts.push(...parseFStringBody(t.body ?? '', prefix.includes('r')));
      } else parts.push(decodeStringBody(t.body ?? '', prefix.includes('r')));
    }
    if (!formatted) return { k: 'str', v: parts.join('') };
    return { k: 'fstr', parts };
  }
}

/** A list comprehension is the comprehension itself, turned into a list when evaluated. */
function listComp(c: PyExpr): PyExpr {
  return { k: 'call', func: { k: 'name', id: 'list' }, args: [c] };
}

function parseNumber(text: string): PyExpr {
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) return { k: 'unknown', why: 'complex number' };
  if (/^0[xXoObB]/.test(t)) {
    try {
      return { k: 'int', v: BigInt(t.toLowerCase()).toString() };
    } catch {
      return { k: 'unknown', why: 'number' };
    }
  }
  if (/^\d+$/.test(t)) return { k: 'int', v: BigInt(t).toString() };
  return { k: 'float', v: Number(t) };
}

/** Splits an f-string body into literal text and replacement fields. */
function parseFStringBody(body: string, raw: boolean): Array<string | { e: PyExpr; conv?: 'r' | 's' }> {
  const parts: Array<string | { e: PyExpr; conv?: 'r' | 's' }> = [];
  let lit = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '{' && body[i + 1] === '{') {
      lit += '{';
      i += 2;
      continue;
    }
    if (c === '}' && body[i + 1] === '}') {
      lit += '}';
      i += 2;
      continue;
    }
    if (c !== '{') {
      lit += c;
      i++;
      continue;
    }
    // A replacement field: find its end, skipping nested brackets and strings.
    let depth = 0;
    let j = i + 1;
    let quote = '';
    let exprEnd = -1;
    for (; j < body.length; j++) {
      const d = body[j];
      if (quote) {
        if (d === quote) quote = '';
        continue;
      }
      if (d === '"' || d === "'") quote = d;
      else if ('([{'.includes(d)) depth++;
      else if (')]'.includes(d) || (d === '}' && depth > 0)) depth--;
      else if (d === '}' && depth === 0) break;
      else if ((d === '!' && body[j + 1] !== '=' ) && depth === 0 && exprEnd < 0) exprEnd = j;
      else if (d === ':' && depth === 0 && exprEnd < 0) exprEnd = j;
    }
    if (lit) parts.push(raw ? lit : decodeStringBody(lit, false));
    lit = '';
    const field = body.slice(i + 1, j);
    const end = exprEnd < 0 ? field.length : exprEnd - (i + 1);
    const exprText = field.slice(0, end);
    const rest = field.slice(end);
    let conv: 'r' | 's' | undefined;
    let e = parseExprText(exprText.trim().endsWith('=') ? '' : exprText);
    const m = /^(?:!([rsa]))?(?::(.*))?$/s.exec(rest);
    if (!m) e = { k: 'unknown', why: 'replacement field' };
    else {
      if (m[1] === 'r' || m[1] === 's') conv = m[1];
      else if (m[1] === 'a') e = { k: 'unknown', why: '!a conversion' };
      if (m[2]) e = { k: 'unknown', why: `format spec ':${m[2]}'` };
    }
    parts.push(conv ? { e, conv } : { e });
    i = j + 1;
  }
  if (lit) parts.push(raw ? lit : decodeStringBody(lit, false));
  return parts;
}
