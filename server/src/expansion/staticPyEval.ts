// Evaluates the small Python expressions of a run spec name the way Python would, values formatted as str() does.
import type { PyExpr } from './staticPyExpr';
import { compare, iterate, NONE, NotStatic, numeric, pyEquals, pyRepr, PythonError, pyStr, sortKey, str, truthy, type PyValue } from './staticPyValues';

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
