// Evaluates the small Python expressions of a run spec name the way Python would, values formatted as str() does.
import type { PyExpr } from './staticPyExpr';

/** A Python value (ints as decimal strings, so that they survive JSON and stay exact). */
export type PyValue =
  | { t: 'str'; v: string }
  | { t: 'int'; v: string }
  | { t: 'float'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'none' }
  | { t: 'list'; v: PyValue[] }
  | { t: 'tuple'; v: PyValue[] }
  | { t: 'dict'; v: Array<[PyValue, PyValue]> };

/** Raised when a value cannot be known without running Python; the caller marks the result approximate. */
export class NotStatic extends Error {}
/** Raised where Python itself would raise (TypeError, AttributeError, …): HELM fails on this entry. */
export class PythonError extends Error {}

export const NONE: PyValue = { t: 'none' };
export const str = (v: string): PyValue => ({ t: 'str', v });

/** Python's repr() of a float: shortest round-trip digits, exponent past 1e16 or below 1e-4. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e16 || abs < 1e-4) {
    const [mant, exp] = x.toExponential().split('e');
    const e = Number(exp);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const s = String(x);
  if (s.includes('e')) {
    // JS switches to exponents past 1e21 only; within Python's fixed range write the digits out.
    return x.toFixed(0) + '.0';
  }
  return s.includes('.') ? s : `${s}.0`;
}

function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127) out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return quote + out + quote;
}

/** Python's str(). */
export function pyStr(v: PyValue): string {
  switch (v.t) {
    case 'str':
      return v.v;
    default:
      return pyRepr(v);
  }
}

/** Python's repr(). */
export function pyRepr(v: PyValue): string {
  switch (v.t) {
    case 'str':
      return strRepr(v.v);
    case 'int':
      return v.v;
    case 'float':
      return floatRepr(v.v);
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'list':
      return `[${v.v.map(pyRepr).join(', ')}]`;
    case 'tuple':
      return v.v.length === 1 ? `(${pyRepr(v.v[0])},)` : `(${v.v.map(pyRepr).join(', ')})`;
    case 'dict':
      return `{${v.v.map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  }
}

export function truthy(v: PyValue): boolean {
  switch (v.t) {
    case 'str':
      return v.v.length > 0;
    case 'int':
      return v.v !== '0';
    case 'float':
      return v.v !== 0;
    case 'bool':
      return v.v;
    case 'none':
      return false;
    default:
      return v.v.length > 0;
  }
}

function numeric(v: PyValue): number | undefined {
  if (v.t === 'int') return Number(v.v);
  if (v.t === 'float') return v.v;
  if (v.t === 'bool') return v.v ? 1 : 0;
  return undefined;
}

export function pyEquals(a: PyValue, b: PyValue): boolean {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) {
    if (a.t === 'int' && b.t === 'int') return a.v === b.v;
    return na === nb;
  }
  if (a.t !== b.t) return false;
  if (a.t === 'str' && b.t === 'str') return a.v === b.v;
  if (a.t === 'none') return true;
  if ((a.t === 'list' || a.t === 'tuple') && (b.t === 'list' || b.t === 'tuple')) {
    return a.v.length === b.v.length && a.v.every((x, i) => pyEquals(x, b.v[i]));
  }
  throw new NotStatic('comparison of containers');
}

function contains(container: PyValue, item: PyValue): boolean {
  if (container.t === 'str') {
    if (item.t !== 'str') throw new PythonError("'in <string>' requires string as left operand");
    return container.v.includes(item.v);
  }
  if (container.t === 'list' || container.t === 'tuple') return container.v.some((x) => pyEquals(x, item));
  if (container.t === 'dict') return container.v.some(([k]) => pyEquals(k, item));
  throw new PythonError(`argument of type '${container.t}' is not iterable`);
}

function compare(op: string, a: PyValue, b: PyValue): boolean {
  switch (op) {
    case '==':
      return pyEquals(a, b);
    case '!=':
      return !pyEquals(a, b);
    case 'in':
      return contains(b, a);
    case 'not in':
      return !contains(b, a);
    case 'is':
    case 'is not': {
      // Only `x is None` is meaningful without object identity.
      if (a.t !== 'none' && b.t !== 'none' && a.t !== 'bool' && b.t !== 'bool') throw new NotStatic('identity');
      const same = a.t === b.t && (a.t !== 'bool' || a.v === (b as { v: boolean }).v);
      return op === 'is' ? same : !same;
    }
    default: {
      const na = numeric(a);
      const nb = numeric(b);
      let c: number;
      if (na !== undefined && nb !== undefined) c = na - nb;
      else if (a.t === 'str' && b.t === 'str') c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
      else throw new PythonError(`'${op}' not supported between '${a.t}' and '${b.t}'`);
      return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
    }
  }
}

function iterate(v: PyValue): PyValue[] {
  if (v.t === 'list' || v.t === 'tuple') return v.v;
  if (v.t === 'dict') return v.v.map(([k]) => k);
  if (v.t === 'str') return Array.from(v.v).map(str);
  throw new PythonError(`'${v.t}' object is not iterable`);
}

function sortKey(a: PyValue, b: PyValue): number {
  if (a.t === 'tuple' && b.t === 'tuple') {
    for (let i = 0; i < Math.min(a.v.length, b.v.length); i++) {
      const c = sortKey(a.v[i], b.v[i]);
      if (c !== 0) return c;
    }
    return a.v.length - b.v.length;
  }
  return compare('<', a, b) ? -1 : compare('>', a, b) ? 1 : 0;
}

/** A simple module-level helper: `def h(a, b): return <expr>`. */
export interface PyHelper {
  params: string[];
  body: PyExpr;
}

export interface PyScope {
  lookup(name: string): PyValue | undefined;
  helper(name: string): PyHelper | undefined;
}

class ChildScope implements PyScope {
  constructor(private readonly parent: PyScope, private readonly vars: Map<string, PyValue>) {}
  lookup(name: string): PyValue | undefined {
    return this.vars.has(name) ? this.vars.get(name) : this.parent.lookup(name);
  }
  helper(name: string): PyHelper | undefined {
    return this.vars.has(name) ? undefined : this.parent.helper(name);
  }
}

export function evalExpr(e: PyExpr, scope: PyScope): PyValue {
  switch (e.k) {
    case 'str':
      return str(e.v);
    case 'int':
      return { t: 'int', v: e.v };
    case 'float':
      return { t: 'float', v: e.v };
    case 'bool':
      return { t: 'bool', v: e.v };
    case 'none':
      return NONE;
    case 'unknown':
      throw new NotStatic(e.why);
    case 'name': {
      const v = scope.lookup(e.id);
      if (v === undefined) throw new NotStatic(`'${e.id}' is not known statically`);
      return v;
    }
    case 'fstr':
      return str(e.parts.map((p) => (typeof p === 'string' ? p : p.conv === 'r' ? pyRepr(evalExpr(p.e, scope)) : pyStr(evalExpr(p.e, scope)))).join(''));
    case 'bin': {
      const l = evalExpr(e.l, scope);
      const r = evalExpr(e.r, scope);
      if (e.op === '+') {
        if (l.t === 'str' && r.t === 'str') return str(l.v + r.v);
        if ((l.t === 'list' && r.t === 'list') || (l.t === 'tuple' && r.t === 'tuple')) return { t: l.t, v: [...l.v, ...r.v] } as PyValue;
        if (l.t === 'int' && r.t === 'int') return { t: 'int', v: (BigInt(l.v) + BigInt(r.v)).toString() };
        const nl = numeric(l);
        const nr = numeric(r);
        if (nl !== undefined && nr !== undefined && (l.t === 'float' || r.t === 'float')) return { t: 'float', v: nl + nr };
        throw new PythonError(`unsupported operand types for +: '${l.t}' and '${r.t}'`);
      }
      throw new NotStatic(`operator ${e.op}`);
    }
    case 'cmp': {
      let left = evalExpr(e.operands[0], scope);
      for (let i = 0; i < e.ops.length; i++) {
        const right = evalExpr(e.operands[i + 1], scope);
        if (!compare(e.ops[i], left, right)) return { t: 'bool', v: false };
        left = right;
      }
      return { t: 'bool', v: true };
    }
    case 'boolop': {
      let last: PyValue = NONE;
      for (const x of e.values) {
        last = evalExpr(x, scope);
        if (e.op === 'and' ? !truthy(last) : truthy(last)) return last;
      }
      return last;
    }
    case 'not':
      return { t: 'bool', v: !truthy(evalExpr(e.v, scope)) };
    case 'neg': {
      const v = evalExpr(e.v, scope);
      if (v.t === 'int') return { t: 'int', v: (-BigInt(v.v)).toString() };
      if (v.t === 'float') return { t: 'float', v: -v.v };
      throw new PythonError('bad operand type for unary -');
    }
    case 'ifexp':
      return truthy(evalExpr(e.test, scope)) ? evalExpr(e.body, scope) : evalExpr(e.orelse, scope);
    case 'list':
      return { t: 'list', v: e.items.map((x) => evalExpr(x, scope)) };
    case 'tuple':
      return { t: 'tuple', v: e.items.map((x) => evalExpr(x, scope)) };
    case 'index': {
      const obj = evalExpr(e.obj, scope);
      const idx = evalExpr(e.index, scope);
      if (obj.t === 'dict') {
        const hit = obj.v.find(([k]) => pyEquals(k, idx));
        if (!hit) throw new PythonError('KeyError');
        return hit[1];
      }
      if ((obj.t === 'list' || obj.t === 'tuple') && idx.t === 'int') {
        let n = Number(idx.v);
        if (n < 0) n += obj.v.length;
        if (n < 0 || n >= obj.v.length) throw new PythonError('IndexError');
        return obj.v[n];
      }
      throw new NotStatic('subscript');
    }
    case 'comp':
      return { t: 'list', v: comprehension(e, scope) };
    case 'attr':
      evalExpr(e.obj, scope);
      throw new NotStatic(`attribute '${e.name}'`);
    case 'call':
      return call(e, scope);
  }
}

function comprehension(e: Extract<PyExpr, { k: 'comp' }>, scope: PyScope): PyValue[] {
  const out: PyValue[] = [];
  for (const item of iterate(evalExpr(e.iter, scope))) {
    const vars = new Map<string, PyValue>();
    if (e.targets.length === 1) vars.set(e.targets[0], item);
    else {
      if (item.t !== 'tuple' && item.t !== 'list') throw new PythonError('cannot unpack');
      if (item.v.length !== e.targets.length) throw new PythonError('cannot unpack');
      e.targets.forEach((t, i) => vars.set(t, item.v[i]));
    }
    const inner = new ChildScope(scope, vars);
    if (e.cond && !truthy(evalExpr(e.cond, inner))) continue;
    out.push(evalExpr(e.elt, inner));
  }
  return out;
}

function call(e: Extract<PyExpr, { k: 'call' }>, scope: PyScope): PyValue {
  if (e.kwargs && e.kwargs.length) throw new NotStatic('keyword arguments');
  if (e.func.k === 'attr') return method(e.func.name, evalExpr(e.func.obj, scope), e.args.map((a) => evalExpr(a, scope)));
  if (e.func.k !== 'name') throw new NotStatic('call');
  const name = e.func.id;
  const helper = scope.helper(name);
  const args = e.args.map((a) => evalExpr(a, scope));
  if (helper) {
    if (helper.params.length !== args.length) throw new NotStatic(`call of ${name}`);
    return evalExpr(helper.body, new ChildScope(scope, new Map(helper.params.map((p, i) => [p, args[i]]))));
  }
  if (scope.lookup(name) !== undefined) throw new NotStatic(`call of ${name}`);
  const a = args[0];
  switch (name) {
    case 'str':
      return str(a === undefined ? '' : pyStr(a));
    case 'repr':
      if (a) return str(pyRepr(a));
      break;
    case 'bool':
      return { t: 'bool', v: a !== undefined && truthy(a) };
    case 'int':
      if (a?.t === 'int') return a;
      if (a?.t === 'bool') return { t: 'int', v: a.v ? '1' : '0' };
      if (a?.t === 'float' && Number.isFinite(a.v)) return { t: 'int', v: BigInt(Math.trunc(a.v)).toString() };
      if (a?.t === 'str' && /^\s*[+-]?\d+(_\d+)*\s*$/.test(a.v)) return { t: 'int', v: BigInt(a.v.trim().replace(/_/g, '')).toString() };
      if (a?.t === 'str') throw new PythonError(`invalid literal for int(): '${a.v}'`);
      break;
    case 'len':
      if (a && a.t !== 'int' && a.t !== 'float' && a.t !== 'bool' && a.t !== 'none') {
        return { t: 'int', v: String(a.t === 'str' ? Array.from(a.v).length : a.v.length) };
      }
      break;
    case 'sorted':
      if (a && args.length === 1) return { t: 'list', v: [...iterate(a)].sort(sortKey) };
      break;
    case 'list':
      if (a && args.length === 1) return { t: 'list', v: [...iterate(a)] };
      break;
  }
  throw new NotStatic(`call of ${name}()`);
}

function method(name: string, obj: PyValue, args: PyValue[]): PyValue {
  if (obj.t === 'str') {
    const s = obj.v;
    switch (name) {
      case 'lower':
        return str(s.toLowerCase());
      case 'upper':
        return str(s.toUpperCase());
      case 'strip':
        if (args.length === 0) return str(s.trim());
        break;
      case 'replace':
        if (args.length === 2 && args[0].t === 'str' && args[1].t === 'str') return str(s.split(args[0].v).join(args[1].v));
        break;
      case 'join':
        if (args.length === 1) {
          const items = iterate(args[0]);
          if (items.some((x) => x.t !== 'str')) throw new PythonError('sequence item: expected str instance');
          return str(items.map((x) => pyStr(x)).join(s));
        }
        break;
      case 'startswith':
      case 'endswith':
        if (args.length === 1 && args[0].t === 'str') return { t: 'bool', v: name === 'startswith' ? s.startsWith(args[0].v) : s.endsWith(args[0].v) };
        break;
    }
    throw new NotStatic(`str.${name}()`);
  }
  if (obj.t === 'dict') {
    switch (name) {
      case 'items':
        return { t: 'list', v: obj.v.map(([k, v]) => ({ t: 'tuple', v: [k, v] }) as PyValue) };
      case 'keys':
        return { t: 'list', v: obj.v.map(([k]) => k) };
      case 'get': {
        const hit = obj.v.find(([k]) => pyEquals(k, args[0]));
        return hit ? hit[1] : (args[1] ?? NONE);
      }
    }
  }
  if (obj.t === 'int' || obj.t === 'float' || obj.t === 'bool' || obj.t === 'none') {
    throw new PythonError(`'${obj.t}' object has no attribute '${name}'`);
  }
  throw new NotStatic(`${obj.t}.${name}()`);
}
