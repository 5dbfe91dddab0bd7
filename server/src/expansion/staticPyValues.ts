// Python values as the static evaluator holds them: str() and repr() formatting, truth, equality, comparison and iteration as Python does them.

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

export function numeric(v: PyValue): number | undefined {
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

export function compare(op: string, a: PyValue, b: PyValue): boolean {
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

export function iterate(v: PyValue): PyValue[] {
  if (v.t === 'list' || v.t === 'tuple') return v.v;
  if (v.t === 'dict') return v.v.map(([k]) => k);
  if (v.t === 'str') return Array.from(v.v).map(str);
  throw new PythonError(`'${v.t}' object is not iterable`);
}

export function sortKey(a: PyValue, b: PyValue): number {
  if (a.t === 'tuple' && b.t === 'tuple') {
    for (let i = 0; i < Math.min(a.v.length, b.v.length); i++) {
      const c = sortKey(a.v[i], b.v[i]);
      if (c !== 0) return c;
    }
    return a.v.length - b.v.length;
  }
  return compare('<', a, b) ? -1 : compare('>', a, b) ? 1 : 0;
}
