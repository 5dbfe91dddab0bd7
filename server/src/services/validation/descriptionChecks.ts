// Checks of one description against the registry: the run spec function, its arguments, duplicates, spaces.
import { didYouMean, NameList } from '../../common/didYouMean';
import { functionNames } from '../functionNames';
import type { DescriptionArg } from '../../parser/types';
import type { Registry, RunSpecFunction, RunSpecParameter } from '../../registry/types';
import { checkExpanderArgument } from './expanderChecks';
import { checkSpacesInValue, code, didYouMeanHint, hasOuterSpace, listOf, type EntryContext } from './context';
import { METHOD_CHECKS } from '../../expansion/staticAdapterMethod';
import { entryMethodRefusal } from '../../expansion/staticExpansion';
import { addArgumentsFix, chooseArgumentValueFixes, chooseValueFix, removeArgumentFix, replaceFixes } from './fixes';

/** Parameters a keyword argument can set (not `*args`/`**kwargs`), worked out once per function. */
const keywordParametersOf = new WeakMap<RunSpecFunction, RunSpecParameter[]>();

function keywordParameters(fn: RunSpecFunction): RunSpecParameter[] {
  let params = keywordParametersOf.get(fn);
  if (params === undefined) {
    params = fn.parameters.filter((p) => p.kind === 'positional' || p.kind === 'keyword-only');
    keywordParametersOf.set(fn, params);
  }
  return params;
}

/** The names an argument of a function may have (its keyword parameters', then the run expanders'), per registry and function. */
const argumentNamesOf = new WeakMap<Registry, WeakMap<RunSpecFunction, NameList>>();

function argumentNames(registry: Registry, fn: RunSpecFunction): NameList {
  let byFunction = argumentNamesOf.get(registry);
  if (!byFunction) argumentNamesOf.set(registry, (byFunction = new WeakMap()));
  let names = byFunction.get(fn);
  if (!names) byFunction.set(fn, (names = new NameList([...keywordParameters(fn).map((p) => p.name), ...registry.expanders.keys()])));
  return names;
}

/**
 * What each unknown argument name of the entry being checked was told (its suggestions and message), by
 * name: a description may repeat a name thousands of times. Emptied for each entry.
 */
const unknownArgumentWords = new Map<string, { candidates: string[]; message: string }>();

export function checkDescription(ctx: EntryContext): void {
  const { parsed, registry } = ctx;
  if (unknownArgumentWords.size > 0) unknownArgumentWords.clear();
  checkDuplicates(ctx);
  const fn = checkFunctionName(ctx);
  const params = fn ? keywordParameters(fn) : [];
  const args = parsed.args;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg.valueText === undefined) continue;
    if (registry.expanders.has(arg.keyText)) checkExpanderArgument(ctx, arg, index, fn);
    else if (fn) checkFunctionArgument(ctx, fn, params, arg, index);
  }
  if (fn && parsed.helmReads) checkMissing(ctx, fn, params);
  if (fn && parsed.helmReads) checkAdapterMethod(ctx, fn);
}

/**
 * `method=` a value the function's adapter helper has no branch for (get_multiple_choice_adapter_spec
 * takes the four multiple-choice methods): HELM stops while the function builds the RunSpec.
 */
function checkAdapterMethod(ctx: EntryContext, fn: RunSpecFunction): void {
  // The last `method=` is the one HELM keeps. Without one the function's own method stands, which its
  // helper takes: nothing to evaluate (most entries), and the function's template (read from the
  // snapshot when first asked for) is not asked for.
  const args = ctx.parsed.args;
  let arg: DescriptionArg | undefined;
  for (let i = args.length - 1; i >= 0 && !arg; i--) if (args[i].keyText === 'method' && args[i].value) arg = args[i];
  const value = arg?.value;
  if (!arg || !value) return;
  const check = fn.runSpecName?.methodCheck;
  if (!check) return;
  // A method the helper takes is passed on as it is: only another one is worth evaluating the function for.
  const accepts = METHOD_CHECKS[check].accepts;
  if (arg.valueType === 'str' && accepts.includes(value.text)) return;
  const raised = entryMethodRefusal(ctx.entry, fn, ctx.registry);
  if (!raised) return;
  const candidates = didYouMean(value.text, accepts);
  ctx.report({
    code: 'invalid-adapter-method',
    severity: 'error',
    message: `${value.text === '' ? 'An empty `method=`' : code(value.text)} is not an adaptation method \`${fn.pythonName}\` can build: its adapter comes from \`${check}\`, which takes ${listOf(accepts, 12, 'or')}; HELM stops with \`${raised}\`.${didYouMeanHint(candidates)}`,
    span: value.text === '' ? arg.piece.span : value.span,
    fixes: [...replaceFixes(value.span, candidates), chooseValueFix(value.span, 'an adaptation method')],
  });
}

function checkFunctionName(ctx: EntryContext): RunSpecFunction | undefined {
  const { parsed, registry } = ctx;
  const name = parsed.name;
  const fn = registry.functions.get(name.text);
  if (fn || registry.functions.size === 0) return fn;
  const trimmed = registry.functions.get(name.text.trim());
  if (trimmed && name.text.trim().length > 0) {
    ctx.report({
      code: 'untrimmed-space',
      severity: 'error',
      message: `${code(name.text)} has spaces around the run spec function name: HELM does not trim them and stops with \`ValueError: Unknown run spec name: ${name.text}\`.`,
      span: name.span,
      fixes: replaceFixes(name.span, [trimmed.name], ' (remove the spaces)'),
    });
    return trimmed;
  }
  if (name.text.length === 0) {
    ctx.report({
      code: 'unknown-run-spec-function',
      severity: 'error',
      message: 'The description has no run spec function name before the `:`: HELM stops with `ValueError: Unknown run spec name: `.',
      span: parsed.colon ? { start: parsed.colon.start, end: parsed.colon.end } : name.span,
    });
    return undefined;
  }
  const candidates = didYouMean(name.text, functionNames(registry));
  ctx.report({
    code: 'unknown-run-spec-function',
    severity: 'error',
    message: `No run spec function is named ${code(name.text)}: HELM stops with \`ValueError: Unknown run spec name: ${name.text}\`.${didYouMeanHint(candidates)}`,
    span: name.span,
    fixes: [...replaceFixes(name.span, candidates), chooseValueFix(name.span, 'a run spec function')],
  });
  return undefined;
}

/** `params`: the function's keywordParameters. */
function checkFunctionArgument(ctx: EntryContext, fn: RunSpecFunction, params: RunSpecParameter[], arg: DescriptionArg, index: number): void {
  const { parsed, registry } = ctx;
  const key = arg.keyText;
  const param = params.find((p) => p.name === key);
  if (key.length === 0) {
    ctx.report({
      code: 'empty-key',
      severity: fn.takesKwargs ? 'warning' : 'error',
      message: fn.takesKwargs
        ? `An argument without a name: HELM passes it to \`${fn.pythonName}(**kwargs)\` under the name \`''\`.`
        : `An argument without a name: HELM stops with \`TypeError: ${fn.pythonName}() got an unexpected keyword argument ''\`.`,
      span: arg.piece.span,
      fixes: [removeArgumentFix(parsed, index, 'Remove the argument')],
    });
    return;
  }
  if (param) {
    checkSpacesInValue(ctx, arg);
    checkNumberForText(ctx, fn, param, arg);
    if (arg.valueText === '' && arg.value) {
      const choose = chooseArgumentValueFixes(ctx, arg.value.span, fn.name, key);
      // A required parameter cannot be left out: an empty value there is a choice HELM's own entries make (`subtask=`).
      ctx.report({
        code: 'empty-value',
        severity: param.required ? 'info' : 'warning',
        message: `\`${key}=\` is empty: HELM passes \`${key}=''\` to \`${fn.pythonName}\`${param.default != null ? ` instead of its default \`${param.default}\`` : ''}.`,
        span: arg.piece.span,
        fixes: param.required ? choose : [removeArgumentFix(parsed, index, `Remove \`${key}=\` (use the default)`), ...choose],
      });
    }
    return;
  }
  const trimmed = key.trim();
  if (hasOuterSpace(key) && (params.some((p) => p.name === trimmed) || registry.expanders.has(trimmed))) {
    const verdict = fn.takesKwargs
      ? `\`${fn.pythonName}(**kwargs)\` gets a keyword argument named ${code(key)}, not \`${trimmed}\``
      : `it stops with \`TypeError: ${fn.pythonName}() got an unexpected keyword argument '${key}'\``;
    ctx.report({
      code: 'untrimmed-space',
      severity: fn.takesKwargs ? 'warning' : 'error',
      message: `${code(key)} has spaces around the argument name: HELM does not trim them, and ${verdict}.`,
      span: arg.key.span,
      fixes: replaceFixes(arg.key.span, [trimmed], ' (remove the spaces)'),
    });
    return;
  }
  if (fn.takesKwargs) {
    checkSpacesInValue(ctx, arg);
    return;
  }
  let words = unknownArgumentWords.get(key);
  if (words === undefined) {
    const candidates = didYouMean(key, argumentNames(registry, fn));
    words = {
      candidates,
      message: `\`${fn.name}\` has no parameter ${code(key)} and no run expander has this name: HELM stops with \`TypeError: ${fn.pythonName}() got an unexpected keyword argument '${key}'\`.${
        candidates.length ? didYouMeanHint(candidates) : ` Its parameters: ${params.length ? listOf(params.map((p) => p.name), 12, 'and') : 'none'}.`
      }`,
    };
    unknownArgumentWords.set(key, words);
  }
  const { candidates } = words;
  ctx.report({
    code: 'unknown-argument',
    severity: 'error',
    message: words.message,
    span: arg.key.span,
    fixes: candidates.length ? replaceFixes(arg.key.span, candidates) : [removeArgumentFix(parsed, index, `Remove \`${arg.piece.text}\``, false)],
  });
}

/**
 * parse_object_spec turns `1` into an int and `1.5` into a float: a parameter the function treats as
 * text (it calls a `str` method on it) fails on the number. Many others take a number in their stead
 * (`k=5` of wikifact): those are left alone.
 */
function checkNumberForText(ctx: EntryContext, fn: RunSpecFunction, param: RunSpecParameter, arg: DescriptionArg): void {
  if ((arg.valueType !== 'int' && arg.valueType !== 'float') || !param.textMethod) return;
  const value = arg.value as NonNullable<DescriptionArg['value']>;
  const annotated = param.annotation ? ` (annotated \`${param.annotation}\`)` : '';
  ctx.report({
    code: 'number-for-str-parameter',
    severity: 'error',
    message: `HELM reads \`${arg.key.text}=${value.text}\` as the ${arg.valueType} ${String(arg.typedValue)}, but \`${fn.pythonName}\` calls \`${param.name}.${param.textMethod}(…)\`${annotated}: HELM stops with \`AttributeError: '${arg.valueType}' object has no attribute '${param.textMethod}'\`. A description cannot make \`${value.text}\` text.`,
    span: value.span,
  });
}

/** `params`: the function's keywordParameters. */
function checkMissing(ctx: EntryContext, fn: RunSpecFunction, params: RunSpecParameter[]): void {
  const { parsed, registry } = ctx;
  // The keys HELM ends up with: every piece's (each is `key=value` here). A run expander's key never reaches the function.
  const given = new Set<string>();
  for (const a of parsed.args) given.add(a.keyText);
  const isMissing = (p: RunSpecParameter): boolean => p.required && !(given.has(p.name) && !registry.expanders.has(p.name));
  if (!params.some(isMissing)) return;
  // A misspelt or spaced key already has its own diagnostic, whose fix gives the parameter: not missing twice.
  for (const key of [...given]) {
    if (registry.expanders.has(key) || params.some((p) => p.name === key)) continue;
    given.add(key.trim());
    const [best] = didYouMean(key, params.map((p) => p.name));
    if (best) given.add(best);
  }
  const missing = params.filter(isMissing);
  if (missing.length === 0) return;
  // Python names the positional ones first; keyword-only ones only when no positional one is missing.
  const positional = missing.filter((p) => p.kind === 'positional');
  const raised = positional.length ? positional : missing;
  const kind = positional.length ? 'positional' : 'keyword-only';
  const quoted = raised.map((p) => `'${p.name}'`);
  const joined = quoted.length <= 2 ? quoted.join(' and ') : `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
  const pythonError = `TypeError: ${fn.pythonName}() missing ${raised.length} required ${kind} argument${raised.length > 1 ? 's' : ''}: ${joined}`;
  const shadowed = missing.filter((p) => registry.expanders.has(p.name));
  const settable = missing.filter((p) => !registry.expanders.has(p.name));
  const names = missing.map((p) => `\`${p.name}\``).join(', ');
  const shadowNote = shadowed.length
    ? ` ${shadowed.map((p) => `\`${p.name}\``).join(', ')} can never be given: a run expander takes that key.`
    : '';
  ctx.report({
    code: 'missing-argument',
    severity: 'error',
    message: `\`${fn.name}\` needs ${names}: HELM stops with \`${pythonError}\`.${shadowNote}`,
    span: parsed.name.span,
    fixes: settable.length ? [addArgumentsFix(parsed, settable.map((p) => p.name))] : [],
  });
}

/** Does a key come twice among a few arguments? (Many: left to the counting below.) */
function mayRepeat(args: readonly DescriptionArg[]): boolean {
  if (args.length > 16) return true;
  for (let i = 1; i < args.length; i++) {
    if (args[i].valueText === undefined) continue;
    const key = args[i].keyText;
    for (let j = 0; j < i; j++) if (args[j].valueText !== undefined && args[j].keyText === key) return true;
  }
  return false;
}

function checkDuplicates(ctx: EntryContext): void {
  const { parsed } = ctx;
  if (!mayRepeat(parsed.args)) return;
  // Counted once for all: a description with thousands of repeated keys stays linear.
  const lastIndex = new Map<string, number>();
  const count = new Map<string, number>();
  parsed.args.forEach((a, i) => {
    if (a.valueText === undefined) return;
    lastIndex.set(a.keyText, i);
    count.set(a.keyText, (count.get(a.keyText) ?? 0) + 1);
  });
  parsed.args.forEach((a, i) => {
    if (a.valueText === undefined) return;
    const last = lastIndex.get(a.keyText) as number;
    if (last === i) return;
    const kept = parsed.args[last];
    const twice = count.get(a.keyText) === 2;
    // Each piece is made once here (a new object at each ask): thousands of repeats are one description's worth.
    const piece = a.piece;
    const keptPiece = kept.piece;
    ctx.report({
      code: 'duplicate-key',
      severity: 'warning',
      message:
        kept.valueText === a.valueText
          ? `${code(piece.text)} is given again later: HELM keeps the last one, so this one changes nothing.`
          : `${code(a.keyText)} is given again later (${code(keptPiece.text)}): HELM keeps the last one and ignores ${code(piece.text)}.`,
      span: piece.span,
      related: [{ message: `The ${code(a.keyText)} HELM keeps`, span: keptPiece.span }],
      tags: ['unnecessary'],
      fixes: [
        // HELM ignores it: removing it changes nothing HELM runs.
        { ...removeArgumentFix(parsed, i, `Remove the ignored ${code(piece.text)}`), safe: true },
        // With three or more, removing the last would let the middle one win instead.
        ...(twice ? [removeArgumentFix(parsed, last, `Keep ${code(piece.text)}: remove ${code(keptPiece.text)}`, false)] : []),
      ],
    });
  });
}
