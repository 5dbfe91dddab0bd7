// Reads a run spec function's source into a template of the RunSpec name it builds (and its groups), evaluated later per entry.
import { parseExpr, type PyExpr } from './staticPyExpr';
import { callArguments, logicalLines, type LogicalLine, type Token } from './staticPyTokens';
import { boundNames, findTop, freeNames, parseBlock, splitHeader, walk, type Stmt } from './staticPyStatements';
import { adapterMethod, KNOWN_CONSTANTS, methodCheckOf, moduleAdapterMethods } from './staticAdapterMethod';
import { evalExpr, type PyHelper } from './staticPyEval';
import type { PyValue } from './staticPyValues';

export type { PyExpr } from './staticPyExpr';
export type { PyHelper } from './staticPyEval';
export type { PyValue } from './staticPyValues';
export { freeNames } from './staticPyStatements';

/** One statement of the function body that the name depends on, in the order Python runs it. */
export type NameStep =
  | { k: 'set'; target: string; value: PyExpr }
  | { k: 'add'; target: string; value: PyExpr }
  | { k: 'del'; target: string }
  | { k: 'if'; branches: Array<{ test?: PyExpr; body: NameStep[] }> };

export interface NameTemplateParam {
  name: string;
  kind: 'positional' | 'keyword-only' | 'var-positional' | 'var-keyword';
  /** The default as an expression; absent when the parameter has none. */
  default?: PyExpr;
}

/**
 * How a run spec function names its RunSpec: `RunSpec(name=<name>, groups=<groups>)` after `steps`,
 * with the parameters bound to the entry's arguments or their defaults.
 */
export interface RunSpecNameTemplate {
  params: NameTemplateParam[];
  steps: NameStep[];
  name: PyExpr;
  /** The `groups=` argument, when it could be read. */
  groups?: PyExpr;
  /** The adapter's `method` (from `AdapterSpec(method=…)` or a known adapter helper), when it could be read. */
  method?: PyExpr;
  /** The adapter helper (a key of METHOD_CHECKS) that refuses a `method` it has no branch for, when the adapter is built by one. */
  methodCheck?: string;
  /** Module constants the template uses, resolved from the source or HELM's known constants. */
  constants: Record<string, PyValue>;
  /** Module-level one-line helpers the template calls (`def _bool_to_str(value): return …`). */
  helpers: Record<string, PyHelper>;
  /** Environment variables read by the function; the template assumes they are unset. */
  env?: string[];
  /** True when the name cannot be known without running Python (`reason` says why). */
  approximate: boolean;
  reason?: string;
}


/** Finds `RunSpec(` in the tokens; returns the keyword arguments' token ranges inside the call. */
function runSpecCall(tokens: Token[]): Map<string, Token[]> | undefined {
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (tokens[i].text !== 'RunSpec' || tokens[i].type !== 'name' || tokens[i + 1].text !== '(') continue;
    if (i > 0 && tokens[i - 1].text === '.') continue;
    const kwargs = new Map<string, Token[]>();
    for (const arg of callArguments(tokens, i + 1)) {
      if (arg.length > 2 && arg[0].type === 'name' && arg[1].text === '=') kwargs.set(arg[0].text, arg.slice(2));
    }
    return kwargs;
  }
  return undefined;
}

function countRunSpecCalls(tokens: Token[]): number {
  let n = 0;
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (tokens[i].type === 'name' && tokens[i].text === 'RunSpec' && tokens[i + 1].text === '(' && tokens[i - 1]?.text !== '.') n++;
  }
  return n;
}


/** `e` with every sub-expression for which `replace` gives a value replaced by it (outermost first). */
function mapExpr(e: PyExpr, replace: (x: PyExpr) => PyExpr | undefined): PyExpr {
  const rec = (x: PyExpr): PyExpr => {
    const replaced = replace(x);
    if (replaced) return replaced;
    const copy: Record<string, unknown> = { ...x };
    for (const [key, val] of Object.entries(x)) {
      if (Array.isArray(val)) {
        copy[key] = val.map((v: unknown) => {
          if (isExpr(v)) return rec(v);
          if (Array.isArray(v)) return v.map((w: unknown) => (isExpr(w) ? rec(w) : w));
          if (v && typeof v === 'object' && 'e' in v) return { ...(v as object), e: rec((v as { e: PyExpr }).e) };
          return v;
        });
      } else if (isExpr(val)) copy[key] = rec(val);
    }
    return copy as PyExpr;
  };
  return rec(e);
}

/** `os.environ.get("X", "d")` → the default `"d"` (the template assumes the variable unset); records X. */
function replaceEnvReads(e: PyExpr, env: Set<string>): PyExpr {
  return mapExpr(e, (x) => {
    if (
      x.k === 'call' && x.func.k === 'attr' && x.func.name === 'get' && x.func.obj.k === 'attr' &&
      x.func.obj.name === 'environ' && x.func.obj.obj.k === 'name' && x.func.obj.obj.id === 'os' &&
      x.args[0]?.k === 'str'
    ) {
      env.add(x.args[0].v);
      return x.args[1] ?? { k: 'none' };
    }
    return undefined;
  });
}

/**
 * A call with keyword arguments can never be evaluated statically (staticPyEval says so before reading
 * any argument), so the template keeps only that fact: its arguments, often long prompts, stay out.
 */
function opaqueKeywordCalls(e: PyExpr): PyExpr {
  return mapExpr(e, (x) => (x.k === 'call' && x.kwargs && x.kwargs.length > 0 ? { k: 'unknown', why: 'keyword arguments' } : undefined));
}

function isExpr(v: unknown): v is PyExpr {
  return !!v && typeof v === 'object' && 'k' in v && typeof (v as { k: unknown }).k === 'string';
}

function parseParams(def: Token[]): NameTemplateParam[] | undefined {
  const open = def.findIndex((t) => t.text === '(');
  if (open < 0) return undefined;
  const params: NameTemplateParam[] = [];
  let depth = 0;
  let start = open + 1;
  let kwOnly = false;
  for (let j = open; j < def.length; j++) {
    const t = def[j];
    if (t.type === 'string') continue;
    if ('([{'.includes(t.text)) depth++;
    else if (')]}'.includes(t.text)) depth--;
    if (!((t.text === ',' && depth === 1) || (depth === 0 && j > open))) continue;
    const p = def.slice(start, j);
    start = j + 1;
    if (p.length > 0) {
      if (p[0].text === '*' && p.length === 1) kwOnly = true;
      else if (p[0].text === '*') {
        params.push({ name: p[1]?.text ?? '', kind: 'var-positional' });
        kwOnly = true;
      } else if (p[0].text === '**') params.push({ name: p[1]?.text ?? '', kind: 'var-keyword' });
      else if (p[0].text !== '/') {
        const eq = findTop(p, '=');
        const param: NameTemplateParam = { name: p[0].text, kind: kwOnly ? 'keyword-only' : 'positional' };
        if (eq > 0) param.default = opaqueKeywordCalls(parseExpr(p, eq + 1));
        params.push(param);
      }
    }
    if (depth === 0) break;
  }
  return params;
}

/** Module-level names a template may use, each read only when a template asks for it. */
interface ModuleScope {
  /** The `NAME = <expression>` at the top of the module (the last one wins). */
  constant(name: string): PyExpr | undefined;
  /** The one-statement helper `def name(a, b): return <expression>`. */
  helper(name: string): PyHelper | undefined;
}

/** What a module's source gives every function in it; read once per source, since a scan asks for each function in turn. */
interface ModuleFacts {
  lines: LogicalLine[];
  /** The index in `lines` of the logical line starting on each physical line. */
  lineAt: Map<number, number>;
  scope?: ModuleScope;
  adapterMethods?: Map<string, string>;
}

/** A Python module's source, read into logical lines once for all the functions in it. */
export class PythonModule {
  private facts?: ModuleFacts;
  constructor(readonly source: string) {}

  /** @internal */
  read(): ModuleFacts {
    if (!this.facts) {
      const lines = logicalLines(this.source);
      const lineAt = new Map<number, number>();
      lines.forEach((l, i) => lineAt.set(l.line, i));
      this.facts = { lines, lineAt };
    }
    return this.facts;
  }
}

/** Module-level `NAME = <literal>` constants and one-statement helper functions of the source. */
function moduleScope(lines: LogicalLine[]): ModuleScope {
  const assignments = new Map<string, { tokens: Token[]; eq: number }>();
  const defs = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.indent !== 0) continue;
    const t = l.tokens;
    if (t[0].type === 'name' && t[0].text !== 'def' && t.length > 2 && (t[1].text === '=' || t[1].text === ':')) {
      const eq = findTop(t, '=');
      if (eq > 0) assignments.set(t[0].text, { tokens: t, eq });
    }
    if (t[0].text === 'def' && t[1]?.type === 'name') defs.set(t[1].text, i);
  }
  const helper = (name: string): PyHelper | undefined => {
    const i = defs.get(name);
    if (i === undefined) return undefined;
    const params = parseParams(lines[i].tokens);
    let end = i + 1;
    while (end < lines.length && lines[end].indent > 0) end++;
    const stmts = lines.slice(i + 1, end).filter((b) => !(b.tokens.length === 1 && b.tokens[0].type === 'string'));
    if (!params || !params.every((p) => p.kind === 'positional' && !p.default) || stmts.length !== 1 || stmts[0].tokens[0].text !== 'return') return undefined;
    return { params: params.map((p) => p.name), body: parseExpr(stmts[0].tokens, 1) };
  };
  const constant = (name: string): PyExpr | undefined => {
    const a = assignments.get(name);
    return a && parseExpr(a.tokens, a.eq + 1);
  };
  return { constant, helper };
}

function approximate(reason: string, params: NameTemplateParam[] = []): RunSpecNameTemplate {
  return { params, steps: [], name: { k: 'unknown', why: reason }, constants: {}, helpers: {}, approximate: true, reason };
}

/** Reduces statements to the steps that bind `needed` names (nested opaque bindings become unknown values). */
function toSteps(stmts: Stmt[], needed: Set<string>): NameStep[] {
  const steps: NameStep[] = [];
  for (const st of stmts) {
    if (st.s === 'assign' && needed.has(st.target)) steps.push({ k: st.aug ? 'add' : 'set', target: st.target, value: opaqueKeywordCalls(st.value) });
    else if (st.s === 'del') st.targets.filter((t) => needed.has(t)).forEach((t) => steps.push({ k: 'del', target: t }));
    else if (st.s === 'if' && boundNames(st).some((n) => needed.has(n))) {
      steps.push({ k: 'if', branches: st.branches.map((b) => (b.test ? { test: opaqueKeywordCalls(b.test), body: toSteps(b.body, needed) } : { body: toSteps(b.body, needed) })) });
    } else if (st.s === 'other') {
      for (const n of boundNames(st)) if (needed.has(n)) steps.push({ k: 'set', target: n, value: { k: 'unknown', why: `'${n}' is computed by code` } });
    }
  }
  return steps;
}

/**
 * Reads the `RunSpec(name=…)` of the function whose `def` is on 0-based `defLine`, following the local
 * variables it uses. Returns undefined when there is no `def` there.
 */
export function extractRunSpecNameTemplate(python: string | PythonModule, defLine: number): RunSpecNameTemplate | undefined {
  try {
    const module = typeof python === 'string' ? new PythonModule(python) : python;
    const facts = module.read();
    const at0 = facts.lineAt.get(defLine);
    const lines = at0 === undefined ? logicalLines(module.source, defLine) : facts.lines.slice(at0);
    const def = lines[0];
    if (!def) return undefined;
    const defTokens = def.tokens[0]?.text === 'async' ? def.tokens.slice(1) : def.tokens;
    if (defTokens[0]?.text !== 'def') return undefined;
    const params = parseParams(defTokens) ?? [];
    const { inline } = splitHeader(defTokens.slice(defTokens.findIndex((t) => t.text === ')') + 1));
    if (inline.length > 0) return approximate('the body is on the def line', params);
    let end = 1;
    while (end < lines.length && lines[end].indent > def.indent) end++;
    if (end === 1) return approximate('the function has no body', params);
    const body = parseBlock(lines.slice(1, end), 0, lines[1].indent).stmts;

    const total = body.reduce((n, st) => n + countRunSpecCalls([...walk([st])].flatMap((s) => s.tokens)), 0);
    if (total === 0) return approximate('the function builds no RunSpec itself', params);
    const at = body.findIndex((st) => st.s !== 'if' && !(st.s === 'other' && st.nested.length) && countRunSpecCalls(st.tokens) > 0);
    if (total > 1 || at < 0) return approximate('the RunSpec is built in several places or inside a block', params);
    const call = runSpecCall(body[at].tokens);
    const nameTokens = call?.get('name');
    if (!call || !nameTokens) return approximate('RunSpec has no name= argument', params);
    const before = body.slice(0, at);
    const earlyReturn = [...walk(before)].some((st) => st.s === 'other' && st.returns);
    if (earlyReturn) return approximate('the function may return earlier', params);

    const env = new Set<string>();
    const name = opaqueKeywordCalls(replaceEnvReads(parseExpr(nameTokens), env));
    const groupsTokens = call.get('groups');
    const groups = groupsTokens ? opaqueKeywordCalls(replaceEnvReads(parseExpr(groupsTokens), env)) : undefined;

    // The adapter's method decides whether a NO_NEWLINES model adds `,stop=hash`.
    let method: PyExpr | undefined;
    let methodCheck: string | undefined;
    const adapterTokens = call.get('adapter_spec');
    if (adapterTokens) {
      const moduleMethods = (facts.adapterMethods ??= moduleAdapterMethods(facts.lines));
      method = adapterMethod(adapterTokens, moduleMethods);
      if (method) methodCheck = methodCheckOf(adapterTokens);
      if (!method && adapterTokens.length === 1 && adapterTokens[0].type === 'name') {
        const target = adapterTokens[0].text;
        const assigns = [...walk(before)].filter((st) => boundNames(st).includes(target));
        const last = assigns.at(-1);
        if (assigns.length === 1 && last?.s === 'assign' && before.includes(last) && !last.aug) {
          const eq = findTop(last.tokens, '=');
          const built = last.tokens.slice(eq + 1);
          method = adapterMethod(built, moduleMethods);
          if (method) methodCheck = methodCheckOf(built);
        }
      }
    }

    // The statements the name (and groups) depend on, found by a fixed point over the bindings.
    const needed = freeNames(name);
    if (groups) freeNames(groups, needed);
    if (method) freeNames(method, needed);
    for (let changed = true; changed; ) {
      changed = false;
      for (const st of walk(before)) {
        const reads: PyExpr[] = [];
        if (st.s === 'assign' && needed.has(st.target)) reads.push(opaqueKeywordCalls(st.value));
        if (st.s === 'if' && boundNames(st).some((n) => needed.has(n))) st.branches.forEach((b) => b.test && reads.push(opaqueKeywordCalls(b.test)));
        for (const r of reads) {
          for (const n of freeNames(r)) {
            if (!needed.has(n)) {
              needed.add(n);
              changed = true;
            }
          }
        }
      }
    }
    const steps = toSteps(before, needed).map((s) => envSteps(s, env));

    // Module constants and helpers for the names that are neither parameters nor locals.
    const local = new Set([...params.map((p) => p.name), ...before.flatMap(boundNames)]);
    const scope = (facts.scope ??= moduleScope(facts.lines));
    const constants: Record<string, PyValue> = {};
    const helpers: Record<string, PyHelper> = {};
    const wanted = new Set([...needed].filter((n) => !local.has(n)));
    for (const p of params) if (p.default) freeNames(p.default, wanted);
    for (const n of wanted) {
      const helper = scope.helper(n);
      if (helper) {
        helpers[n] = helper;
        continue;
      }
      const expr = scope.constant(n);
      if (expr) {
        try {
          constants[n] = evalExpr(expr, { lookup: (x) => (x in KNOWN_CONSTANTS ? { t: 'str', v: KNOWN_CONSTANTS[x] } : undefined), helper: () => undefined });
          continue;
        } catch {
          // not a literal: left unresolved
        }
      }
      if (n in KNOWN_CONSTANTS) constants[n] = { t: 'str', v: KNOWN_CONSTANTS[n] };
    }
    const template: RunSpecNameTemplate = { params, steps, name, constants, helpers, approximate: false };
    if (groups) template.groups = groups;
    if (method) template.method = method;
    // A method the function fixes itself (`method=ADAPT_MULTIPLE_CHOICE_JOINT`) is one its helper takes: only one it is given is checked.
    const fixed = method?.k === 'str' || (method?.k === 'name' && method.id in KNOWN_CONSTANTS);
    if (method && methodCheck && !fixed) template.methodCheck = methodCheck;
    if (env.size) template.env = [...env].sort();
    if (name.k === 'unknown') {
      template.approximate = true;
      template.reason = name.why;
    }
    return template;
  } catch {
    return approximate('the function could not be read');
  }
}

function envSteps(s: NameStep, env: Set<string>): NameStep {
  if (s.k === 'set' || s.k === 'add') return { ...s, value: replaceEnvReads(s.value, env) };
  if (s.k === 'if') return { k: 'if', branches: s.branches.map((b) => ({ ...(b.test ? { test: replaceEnvReads(b.test, env) } : {}), body: b.body.map((x) => envSteps(x, env)) })) };
  return s;
}
