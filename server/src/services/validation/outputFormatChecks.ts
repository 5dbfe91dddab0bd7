// `output_format_instructions=` and `follow_format_instructions=`: expanders that fail for some adapter methods, whatever the value (the first knows its values per method too).
import { FOLLOW_FORMAT_NOT_GENERATION } from '../../expansion/staticExpanders';
import { entryAdapterMethod } from '../../expansion/staticExpansion';
import type { DescriptionArg } from '../../parser/types';
import type { RunSpecFunction } from '../../registry/types';
import { didYouMean } from '../../common/didYouMean';
import { code, didYouMeanHint, listOf, type EntryContext } from './context';
import { removeArgumentFix, replaceFixes } from './fixes';

/**
 * The scenarios OutputFormatInstructions.expand knows per adapter method (run_expander.py at the
 * snapshot's commit); `multiple_choice_joint` takes any value (a default branch). Every other method
 * falls through all branches and HELM stops with UnboundLocalError.
 */
const KNOWN_SCENARIOS: Readonly<Record<string, readonly string[] | 'any'>> = {
  multiple_choice_joint: 'any',
  generation: [
    'narrative_qa', 'natural_qa', 'natural_qa_short_answer', 'legalbench', 'legalbench_abercrombie',
    'legalbench_function_of_decision_section', 'legalbench_yes_or_no', 'wmt_14', 'wmt_14_only_last_sentence',
    'math', 'numeric_nlg', 'tab_fact', 'wikitq', 'arabic_mcqa',
  ],
  multiple_choice_joint_chain_of_thought: ['mmlu_pro', 'gpqa'],
};

/** The suffixes the expander strips before it looks the scenario up (in this order). */
function scenarioOf(value: string): string {
  let v = value;
  if (v.endsWith('_suffix')) v = v.slice(0, -'_suffix'.length);
  if (v.endsWith('_no_prefix')) v = v.slice(0, -'_no_prefix'.length);
  return v;
}

export function checkOutputFormatInstructions(ctx: EntryContext, arg: DescriptionArg, fn: RunSpecFunction | undefined): void {
  const value = arg.value;
  if (!fn || !value || arg.valueType !== 'str') return;
  const method = entryAdapterMethod(ctx.entry, fn, ctx.registry);
  if (!method) return;
  const known = KNOWN_SCENARIOS[method];
  if (known === 'any') return;
  if (!known) {
    ctx.report({
      code: 'expander-not-for-method',
      severity: 'error',
      message: `\`output_format_instructions\` has no instructions for the \`${method}\` adapter method of \`${fn.pythonName}\`, whatever the value: HELM stops with \`UnboundLocalError: cannot access local variable 'instructions' where it is not associated with a value\`. It works with \`multiple_choice_joint\`, \`generation\` and \`multiple_choice_joint_chain_of_thought\` run specs only.`,
      span: arg.piece.span,
    });
    return;
  }
  const scenario = scenarioOf(value.text);
  if (known.includes(scenario)) return;
  const candidates = didYouMean(value.text, known);
  ctx.report({
    code: 'unknown-expander-value',
    severity: 'error',
    message: `${value.text === '' ? 'An empty value' : code(value.text)} is not a scenario \`output_format_instructions\` knows for the \`${method}\` adapter method of \`${fn.pythonName}\` (${listOf(known)}, with \`_suffix\` or \`_no_prefix\` after it): HELM stops with \`ValueError: Unknown scenario ${scenario}\`.${didYouMeanHint(candidates)}`,
    span: value.text === '' ? arg.piece.span : value.span,
    fixes: replaceFixes(value.span, candidates),
  });
}

/** `follow_format_instructions=all|instruct` (the values its constructor takes) on a run spec whose adapter method is known and not `generation`. */
export function checkFollowFormatInstructions(ctx: EntryContext, arg: DescriptionArg, index: number, fn: RunSpecFunction | undefined): void {
  if (!fn || arg.valueType !== 'str' || (arg.valueText !== 'all' && arg.valueText !== 'instruct')) return;
  const method = entryAdapterMethod(ctx.entry, fn, ctx.registry);
  if (!method || method === 'generation') return;
  ctx.report({
    code: 'expander-not-for-method',
    severity: 'error',
    message: `\`follow_format_instructions\` works on \`generation\` run specs only, and \`${fn.pythonName}\` makes a \`${method}\` one here: HELM stops with \`${FOLLOW_FORMAT_NOT_GENERATION}\`.`,
    span: arg.piece.span,
    fixes: [removeArgumentFix(ctx.parsed, index, `Remove \`${arg.piece.text}\``)],
  });
}
