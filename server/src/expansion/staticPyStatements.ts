// Python statements of a function body as a small tree: assignments, `if` chains, and what else binds names.
import { parseExpr, type PyExpr } from './staticPyExpr';
import type { LogicalLine, Token } from './staticPyTokens';

export type Stmt =
  | { s: 'assign'; target: string; value: PyExpr; aug: boolean; tokens: Token[] }
  | { s: 'del'; targets: string[]; tokens: Token[] }
  | { s: 'if'; branches: Array<{ test?: PyExpr; body: Stmt[] }>; tokens: Token[] }
  /** Anything else: the names it may bind, and whether it returns. */
  | { s: 'other'; binds: string[]; returns: boolean; tokens: Token[]; nested: Stmt[] };

const COMPOUND = new Set(['if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'def', 'class', 'async', 'match', 'case']);

/** The tokens of a `:`-terminated header up to that colon, and what follows it on the same line. */
export function splitHeader(tokens: Token[]): { head: Token[]; inline: Token[] } {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== 'op') continue;
    if ('([{'.includes(t.text)) depth++;
    else if (')]}'.includes(t.text)) depth--;
    else if (t.text === ':' && depth === 0) return { head: tokens.slice(0, i), inline: tokens.slice(i + 1) };
  }
  return { head: tokens, inline: [] };
}

/** Index of the first depth-0 token with this text, or -1. */
export function findTop(tokens: Token[], text: string, from = 0): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'string') continue;
    if ('([{'.includes(t.text)) depth++;
    else if (')]}'.includes(t.text)) depth--;
    else if (depth === 0 && t.text === text) return i;
  }
  return -1;
}

function simpleStatement(tokens: Token[], nested: Stmt[] = []): Stmt {
  const first = tokens[0];
  if (first.text === 'del') {
    return { s: 'del', targets: tokens.slice(1).filter((t) => t.type === 'name').map((t) => t.text), tokens };
  }
  if (first.type === 'name' && tokens.length > 2) {
    if (tokens[1].text === '+=') return { s: 'assign', target: first.text, value: parseExpr(tokens, 2), aug: true, tokens };
    const eq = findTop(tokens, '=');
    if (eq > 0 && (tokens[1].text === '=' || tokens[1].text === ':') && findTop(tokens, '=', eq + 1) < 0) {
      return { s: 'assign', target: first.text, value: parseExpr(tokens, eq + 1), aug: false, tokens };
    }
  }
  // Tuple unpacking, chained assignment, augmented operators other than +=, walrus: bind opaquely.
  const binds: string[] = [];
  const lastEq = tokens.map((t) => t.text).lastIndexOf('=');
  const assignOps = new Set(['=', '-=', '*=', '/=', '%=', '|=', '&=', '//=', '**=', ':=', '+=']);
  const hasAssign = tokens.some((t) => t.type === 'op' && assignOps.has(t.text));
  if (hasAssign) {
    const upto = lastEq > 0 ? lastEq : tokens.length;
    for (let i = 0; i < upto; i++) if (tokens[i].type === 'name' && (i === 0 || [',', '(', '['].includes(tokens[i - 1].text) || tokens[i - 1].text === '=')) binds.push(tokens[i].text);
    for (let i = 0; i + 1 < tokens.length; i++) if (tokens[i + 1].text === ':=' && tokens[i].type === 'name') binds.push(tokens[i].text);
  }
  return { s: 'other', binds, returns: first.text === 'return', tokens, nested };
}

/** Builds the statement tree of lines[from…] at `indent`; returns the statements and the index after the block. */
export function parseBlock(lines: LogicalLine[], from: number, indent: number): { stmts: Stmt[]; next: number } {
  const stmts: Stmt[] = [];
  let i = from;
  while (i < lines.length && lines[i].indent >= indent) {
    const line = lines[i];
    if (line.indent > indent) {
      i++;
      continue;
    }
    const kw = line.tokens[0].text;
    if (!COMPOUND.has(kw) || line.tokens[0].type !== 'name' || (kw === 'match' || kw === 'case') && !line.tokens.some((t) => t.text === ':')) {
      stmts.push(simpleStatement(line.tokens));
      i++;
      continue;
    }
    // A compound statement with its clauses (`if … elif … else`, `try … except …`).
    const clauses: Array<{ head: Token[]; body: Stmt[] }> = [];
    let j = i;
    do {
      const { head, inline } = splitHeader(lines[j].tokens);
      let body: Stmt[];
      if (inline.length > 0) {
        body = [simpleStatement(inline)];
        j++;
      } else {
        const childIndent = j + 1 < lines.length && lines[j + 1].indent > indent ? lines[j + 1].indent : indent + 1;
        const r = parseBlock(lines, j + 1, childIndent);
        body = r.stmts;
        j = r.next;
      }
      clauses.push({ head, body });
    } while (
      j < lines.length &&
      lines[j].indent === indent &&
      ['elif', 'else', 'except', 'finally'].includes(lines[j].tokens[0].text) &&
      (kw !== 'if' || lines[j].tokens[0].text !== 'except')
    );
    if (kw === 'if') {
      stmts.push({
        s: 'if',
        tokens: line.tokens,
        branches: clauses.map((c) => (c.head[0].text === 'else' ? { body: c.body } : { test: parseExpr(c.head, 1), body: c.body })),
      });
    } else {
      const binds: string[] = [];
      if (kw === 'def' || kw === 'class') binds.push(line.tokens[1]?.text ?? '');
      for (const c of clauses) {
        const asAt = c.head.findIndex((t) => t.text === 'as');
        if (asAt >= 0 && c.head[asAt + 1]?.type === 'name') binds.push(c.head[asAt + 1].text);
        if (c.head[0].text === 'for') {
          const inAt = findTop(c.head, 'in');
          for (const t of c.head.slice(1, inAt < 0 ? c.head.length : inAt)) if (t.type === 'name') binds.push(t.text);
        }
      }
      // A nested function's own statements are not this function's.
      const nested = kw === 'def' || kw === 'class' ? [] : clauses.flatMap((c) => c.body);
      stmts.push({ s: 'other', binds, returns: false, tokens: line.tokens, nested });
    }
    i = j;
  }
  return { stmts, next: i };
}

/** Every statement, nested ones included, in source order. */
export function* walk(stmts: Stmt[]): Generator<Stmt> {
  for (const st of stmts) {
    yield st;
    if (st.s === 'if') for (const b of st.branches) yield* walk(b.body);
    if (st.s === 'other') yield* walk(st.nested);
  }
}

export function boundNames(st: Stmt): string[] {
  switch (st.s) {
    case 'assign':
      return [st.target];
    case 'del':
      return st.targets;
    case 'if':
      return st.branches.flatMap((b) => b.body.flatMap(boundNames));
    case 'other':
      return [...st.binds, ...st.nested.flatMap(boundNames)];
  }
}

/** Free names an expression reads. */
export function freeNames(e: PyExpr, out = new Set<string>(), bound: ReadonlySet<string> = new Set()): Set<string> {
  const visit = (x: PyExpr, b: ReadonlySet<string>): void => {
    switch (x.k) {
      case 'name':
        if (!b.has(x.id)) out.add(x.id);
        return;
      case 'fstr':
        for (const p of x.parts) if (typeof p !== 'string') visit(p.e, b);
        return;
      case 'bin':
        visit(x.l, b);
        visit(x.r, b);
        return;
      case 'cmp':
        x.operands.forEach((o) => visit(o, b));
        return;
      case 'boolop':
        x.values.forEach((o) => visit(o, b));
        return;
      case 'not':
      case 'neg':
        visit(x.v, b);
        return;
      case 'ifexp':
        visit(x.test, b);
        visit(x.body, b);
        visit(x.orelse, b);
        return;
      case 'call':
        visit(x.func, b);
        x.args.forEach((a) => visit(a, b));
        x.kwargs?.forEach(([, a]) => visit(a, b));
        return;
      case 'attr':
        visit(x.obj, b);
        return;
      case 'index':
        visit(x.obj, b);
        visit(x.index, b);
        return;
      case 'list':
      case 'tuple':
        x.items.forEach((a) => visit(a, b));
        return;
      case 'comp': {
        visit(x.iter, b);
        const inner = new Set([...b, ...x.targets]);
        visit(x.elt, inner);
        if (x.cond) visit(x.cond, inner);
        return;
      }
      default:
        return;
    }
  };
  visit(e, bound);
  return out;
}
