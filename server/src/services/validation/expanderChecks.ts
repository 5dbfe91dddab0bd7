// Checks of a run expander argument: its value (set, number, none), and a function parameter it shadows.
import { closest, didYouMean } from '../../common/didYouMean';
import type { RelatedLocation } from '../../common/diagnostic';
import type { DescriptionArg } from '../../parser/types';
import type { RunExpander, RunSpecFunction } from '../../registry/types';
import { checkSpacesInValue, code, didYouMeanHint, hasOuterSpace, listOf, type EntryContext } from './context';
import { chooseArgumentValueFixes, removeArgumentFix, replaceFixes } from './fixes';
import { checkModelArgument, checkModelDeploymentArgument } from './modelChecks';
import { checkFollowFormatInstructions, checkOutputFormatInstructions } from './outputFormatChecks';

/** What HELM raises for a value it refuses, where its message is worth quoting (from run_expander.py). */
const HELM_ERRORS: Readonly<Record<string, (value: string) => string>> = {
  data_augmentation: (v) => `ValueError: Unknown data_augmentation: ${v}; possible choices: …`,
  follow_format_instructions: () => "ValueError: Value of add_follow_the_format_instructions run expander must be 'all' or 'instruct'",
  eval_split: (v) => `ValueError: Split must be "test" or "valid", but got "${v}"`,
  // These three format their message without an f-string: HELM prints the braces literally.
  instructions: () => 'Exception: Unknown value: {self.value}',
  prompt: () => 'Exception: Unknown value: {self.value}',
  newline: () => 'Exception: Unknown value: {self.value}',
  stop: (v) => `Exception: Unknown value: ${v}`,
  global_prefix: (v) => `Exception: Unknown value: ${v}`,
  increase_max_tokens: (v) => `TypeError: unsupported operand type(s) for +: 'int' and 'str' (${v})`,
  increase_temperature: (v) => `TypeError: unsupported operand type(s) for +: 'float' and 'str' (${v})`,
};

function verdict(expander: RunExpander, valueText: string): string {
  if (!expander.checked) {
    return `HELM does not check it while building the RunSpec: \`${expander.name}\` is set to ${code(valueText)} as written, which fails or misbehaves only when the run starts`;
  }
  const error = HELM_ERRORS[expander.name];
  return error ? `HELM stops with \`${error(valueText)}\`` : 'HELM stops while building the RunSpec';
}

export function checkExpanderArgument(ctx: EntryContext, arg: DescriptionArg, index: number, fn: RunSpecFunction | undefined): void {
  const expander = ctx.registry.expanders.get(arg.keyText) as RunExpander;
  if (fn) checkShadowing(ctx, arg, expander, fn);
  const values = expander.values;
  switch (values.kind) {
    case 'model':
      checkModelArgument(ctx, arg, index);
      return;
    case 'none':
      ctx.report({
        code: 'expander-takes-no-value',
        severity: 'error',
        message: `The run expander \`${expander.name}\` takes no value, but HELM always passes the one written after \`=\`: it stops with \`TypeError: ${expander.className}.__init__() takes 1 positional argument but 2 were given\`. \`${expander.name}\` cannot be used in a run entry.`,
        span: arg.piece.span,
        fixes: [removeArgumentFix(ctx.parsed, index, `Remove \`${arg.piece.text}\``)],
      });
      return;
    case 'set':
      checkSetValue(ctx, arg, expander, values.values);
      if (expander.name === 'follow_format_instructions') checkFollowFormatInstructions(ctx, arg, index, fn);
      return;
    case 'number':
      checkNumberValue(ctx, arg, expander, values.integer, values.values);
      return;
    case 'free':
      if (expander.name === 'model_deployment') {
        checkModelDeploymentArgument(ctx, arg, index);
        return;
      }
      if (expander.name === 'output_format_instructions') checkOutputFormatInstructions(ctx, arg, fn);
      checkSpacesInValue(ctx, arg);
      if (arg.valueText === '') {
        ctx.report({
          code: 'empty-value',
          severity: 'warning',
          message: `\`${expander.name}=\` is empty: HELM gives the run expander an empty string.`,
          span: arg.piece.span,
          fixes: [removeArgumentFix(ctx.parsed, index, `Remove \`${expander.name}=\``), ...chooseFixes(ctx, arg, expander)],
        });
      }
      return;
  }
}

/** "Choose a value" where the run expander's value list has something to offer. */
function chooseFixes(ctx: EntryContext, arg: DescriptionArg, expander: RunExpander) {
  const value = arg.value as NonNullable<DescriptionArg['value']>;
  return chooseArgumentValueFixes(ctx, value.span, ctx.parsed.name.text, expander.name);
}

/** The did-you-mean candidates, else the closest value however far: a value of the list is what HELM accepts. */
function closestValues(text: string, allowed: readonly string[]): string[] {
  const near = didYouMean(text, allowed);
  if (near.length || text === '') return near;
  const one = closest(text, allowed);
  return one === undefined ? [] : [one];
}

function checkShadowing(ctx: EntryContext, arg: DescriptionArg, expander: RunExpander, fn: RunSpecFunction): void {
  const param = fn.parameters.find((p) => p.name === expander.name && (p.kind === 'positional' || p.kind === 'keyword-only'));
  if (!param) return;
  const keeps = param.default != null ? `keeps its default \`${param.default}\`` : 'is never given (a required parameter: TypeError)';
  const related: RelatedLocation[] = [
    { message: `The run expander \`${expander.name}\` (${expander.className})`, path: expander.origin.file, line: expander.origin.line },
    { message: `The parameter \`${param.name}\` of \`${fn.pythonName}\``, path: fn.origin.file, line: fn.origin.line },
  ];
  ctx.report({
    code: 'expander-shadows-argument',
    severity: 'warning',
    message: `\`${expander.name}\` names both a run expander and a parameter of \`${fn.pythonName}\`: HELM gives the value to the run expander, and the parameter ${keeps}.`,
    span: arg.key.span,
    related,
  });
}

/** A value of the run expander's set: only a text value can match (Python compares an int to str keys as unequal). */
function checkSetValue(ctx: EntryContext, arg: DescriptionArg, expander: RunExpander, allowed: readonly string[]): void {
  const value = arg.value as NonNullable<DescriptionArg['value']>;
  if (arg.valueType === 'str' && allowed.includes(value.text)) return;
  if (arg.valueType === 'str' && hasOuterSpace(value.text) && allowed.includes(value.text.trim())) {
    reportSpacedValue(ctx, arg, expander);
    return;
  }
  const candidates = didYouMean(value.text, allowed);
  const shown = value.text === '' ? 'An empty value' : code(value.text);
  ctx.report({
    code: 'unknown-expander-value',
    severity: expander.checked ? 'error' : 'warning',
    message: `${shown} is not a value of the run expander \`${expander.name}\` (${listOf(allowed)}): ${verdict(expander, value.text)}.${didYouMeanHint(candidates)}`,
    span: value.text === '' ? arg.piece.span : value.span,
    fixes: [...replaceFixes(value.span, closestValues(value.text, allowed)), ...chooseFixes(ctx, arg, expander)],
  });
}

function checkNumberValue(ctx: EntryContext, arg: DescriptionArg, expander: RunExpander, integer: boolean, named: readonly string[]): void {
  const value = arg.value as NonNullable<DescriptionArg['value']>;
  if (arg.valueType === 'int') return;
  if (arg.valueType === 'float') {
    if (!integer) return;
    ctx.report({
      code: 'expander-value-not-number',
      severity: 'warning',
      message: `The run expander \`${expander.name}\` needs a whole number; ${code(value.text)} is a float: HELM passes it on unchecked.`,
      span: value.span,
      fixes: replaceFixes(value.span, [String(Math.round(Number(arg.typedValue)))], ' (a whole number)'),
    });
    return;
  }
  if (named.includes(value.text)) return;
  if (hasOuterSpace(value.text) && named.includes(value.text.trim())) {
    reportSpacedValue(ctx, arg, expander);
    return;
  }
  const candidates = didYouMean(value.text, named);
  const shown = value.text === '' ? 'An empty value' : code(value.text);
  const severity = expander.checked ? 'error' : 'warning';
  if (named.length > 0) {
    ctx.report({
      code: 'unknown-expander-value',
      severity,
      message: `${shown} is neither a number nor a value of the run expander \`${expander.name}\` (${listOf(named)}): ${verdict(expander, value.text)}.${didYouMeanHint(candidates)}`,
      span: value.text === '' ? arg.piece.span : value.span,
      // A near typo of a named value; else a number (what the run expander takes first), then the closest name.
      fixes: candidates.length
        ? [...replaceFixes(value.span, candidates), ...chooseFixes(ctx, arg, expander)]
        : [...numberFixes(ctx, arg, expander), ...replaceFixes(value.span, closestValues(value.text, named)).map((f) => ({ ...f, isPreferred: false })), ...chooseFixes(ctx, arg, expander)],
    });
  } else {
    ctx.report({
      code: 'expander-value-not-number',
      severity,
      message: `The run expander \`${expander.name}\` needs a number; ${value.text === '' ? 'the value is empty' : `${code(value.text)} is text`}: ${verdict(expander, value.text)}.`,
      span: value.text === '' ? arg.piece.span : value.span,
      fixes: [...numberFixes(ctx, arg, expander), ...chooseFixes(ctx, arg, expander)],
    });
  }
}

/** The number HELM's own entries give this run expander most, as a fix. */
function numberFixes(ctx: EntryContext, arg: DescriptionArg, expander: RunExpander) {
  const value = arg.value as NonNullable<DescriptionArg['value']>;
  const used = ctx.registry.confValues(undefined, expander.name).find((u) => /^[-+]?\d+(\.\d+)?$/.test(u.value));
  return used ? replaceFixes(value.span, [used.value], " (the number HELM's entries use most)") : [];
}

function reportSpacedValue(ctx: EntryContext, arg: DescriptionArg, expander: RunExpander): void {
  const value = arg.value as NonNullable<DescriptionArg['value']>;
  ctx.report({
    code: 'untrimmed-space',
    severity: expander.checked ? 'error' : 'warning',
    message: `The value ${code(value.text)} has spaces around it: HELM does not trim them, so it is not ${code(value.text.trim())}: ${verdict(expander, value.text)}.`,
    span: value.span,
    fixes: replaceFixes(value.span, [value.text.trim()], ' (remove the spaces)'),
  });
}
