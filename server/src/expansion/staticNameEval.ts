// Evaluates a RunSpecNameTemplate for one call of a run spec function: binds arguments as Python does, runs the steps.
import type { NameStep, RunSpecNameTemplate } from './runSpecName';
import { METHOD_CHECKS } from './staticAdapterMethod';
import { evalExpr, type PyHelper, type PyScope } from './staticPyEval';
import { NotStatic, PythonError, pyStr, truthy, type PyValue } from './staticPyValues';

export type NameResult =
  /** `groups` is undefined when the function's groups could not be read. */
  | { kind: 'name'; name: string; groups?: string[]; method?: string }
  | { kind: 'approximate'; reason: string }
  /** Python raises while calling the function (TypeError for a missing or unknown argument, …); `method`: the adapter helper refuses the method. */
  | { kind: 'error'; message: string; method?: true };

type Slot = PyValue | { unknown: string };

class TemplateScope implements PyScope {
  readonly vars = new Map<string, Slot>();
  constructor(private readonly template: RunSpecNameTemplate) {}
  lookup(name: string): PyValue | undefined {
    const v = this.vars.get(name);
    if (v && 'unknown' in v) throw new NotStatic(v.unknown);
    if (v) return v;
    return this.template.constants[name];
  }
  helper(name: string): PyHelper | undefined {
    return this.vars.has(name) ? undefined : this.template.helpers[name];
  }
}

function run(steps: NameStep[], scope: TemplateScope): void {
  for (const s of steps) {
    switch (s.k) {
      case 'set':
        try {
          scope.vars.set(s.target, evalExpr(s.value, scope));
        } catch (err) {
          if (!(err instanceof NotStatic)) throw err;
          scope.vars.set(s.target, { unknown: `'${s.target}' is computed by code` });
        }
        break;
      case 'add': {
        const cur = scope.lookup(s.target);
        if (cur === undefined) throw new PythonError(`local variable '${s.target}' referenced before assignment`);
        const add = evalExpr(s.value, scope);
        if (cur.t === 'str' && add.t === 'str') scope.vars.set(s.target, { t: 'str', v: cur.v + add.v });
        else if (cur.t === 'list' && add.t === 'list') scope.vars.set(s.target, { t: 'list', v: [...cur.v, ...add.v] });
        else throw new NotStatic(`'+=' on ${cur.t}`);
        break;
      }
      case 'del':
        scope.vars.set(s.target, { unknown: `'${s.target}' was deleted` });
        break;
      case 'if': {
        let taken: NameStep[] | undefined;
        try {
          for (const b of s.branches) {
            if (!b.test || truthy(evalExpr(b.test, scope))) {
              taken = b.body;
              break;
            }
          }
        } catch (err) {
          if (!(err instanceof NotStatic)) throw err;
          // The branch is unknown: every name any branch binds is unknown from here on.
          const why = err.message;
          const mark = (ss: NameStep[]): void => {
            for (const x of ss) {
              if (x.k === 'if') x.branches.forEach((b) => mark(b.body));
              else scope.vars.set(x.target, { unknown: why });
            }
          };
          s.branches.forEach((b) => mark(b.body));
          break;
        }
        if (taken) run(taken, scope);
        break;
      }
    }
  }
}

/** The RunSpec name (and groups) the function builds when called with `args` (keyword arguments, in order). */
export function evaluateRunSpecName(template: RunSpecNameTemplate, functionName: string, args: ReadonlyMap<string, PyValue>): NameResult {
  const scope = new TemplateScope(template);
  const kwargsParam = template.params.find((p) => p.kind === 'var-keyword');
  const kwargs: Array<[PyValue, PyValue]> = [];
  const named = new Set(template.params.filter((p) => p.kind === 'positional' || p.kind === 'keyword-only').map((p) => p.name));
  const pythonName = `${functionName}()`;
  try {
    for (const [key, value] of args) {
      if (named.has(key)) scope.vars.set(key, value);
      else if (kwargsParam) kwargs.push([{ t: 'str', v: key }, value]);
      else return { kind: 'error', message: `TypeError: ${pythonName} got an unexpected keyword argument '${key}'` };
    }
    const missing: { positional: string[]; 'keyword-only': string[] } = { positional: [], 'keyword-only': [] };
    for (const p of template.params) {
      if (p.kind === 'var-keyword') scope.vars.set(p.name, { t: 'dict', v: kwargs });
      else if (p.kind === 'var-positional') scope.vars.set(p.name, { t: 'tuple', v: [] });
      else if (!scope.vars.has(p.name)) {
        if (!p.default) missing[p.kind].push(p.name);
        else {
          try {
            scope.vars.set(p.name, evalExpr(p.default, scope));
          } catch (err) {
            if (!(err instanceof NotStatic)) throw err;
            scope.vars.set(p.name, { unknown: `the default of '${p.name}' is not known statically` });
          }
        }
      }
    }
    for (const kind of ['positional', 'keyword-only'] as const) {
      const names = missing[kind].map((m) => `'${m}'`);
      if (names.length === 0) continue;
      // Python's wording: 'a'; 'a' and 'b'; 'a', 'b', and 'c'.
      const list = names.length === 1 ? names[0] : names.length === 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')}, and ${names.at(-1)}`;
      return { kind: 'error', message: `TypeError: ${pythonName} missing ${names.length} required ${kind} argument${names.length > 1 ? 's' : ''}: ${list}` };
    }
    if (template.approximate) return { kind: 'approximate', reason: template.reason ?? 'the name is built by code' };
    run(template.steps, scope);
    const name = evalExpr(template.name, scope);
    if (name.t !== 'str') return { kind: 'approximate', reason: 'the name is not a string' };
    let groups: string[] | undefined;
    if (template.groups) {
      try {
        const g = evalExpr(template.groups, scope);
        if (g.t === 'list' || g.t === 'tuple') groups = g.v.map(pyStr);
      } catch (err) {
        if (!(err instanceof NotStatic)) throw err;
      }
    }
    const result: NameResult = { kind: 'name', name: name.v };
    if (groups) result.groups = groups;
    if (template.method) {
      try {
        const m = evalExpr(template.method, scope);
        // The helper that builds the adapter refuses a method it has no branch for, before the RunSpec is made.
        const check = template.methodCheck ? METHOD_CHECKS[template.methodCheck] : undefined;
        if (check && !(m.t === 'str' && check.accepts.includes(m.v))) return { kind: 'error', message: check.raises(pyStr(m)), method: true };
        if (m.t === 'str') result.method = m.v;
      } catch (err) {
        if (!(err instanceof NotStatic)) throw err;
      }
    }
    return result;
  } catch (err) {
    if (err instanceof NotStatic) return { kind: 'approximate', reason: err.message };
    if (err instanceof PythonError) return { kind: 'error', message: err.message };
    return { kind: 'approximate', reason: 'the name could not be evaluated' };
  }
}
