// What HELM's adapter helpers fix about a RunSpec's adapter method, and the constants run spec modules import (facts).
import { parseExpr, type PyExpr } from './staticPyExpr';
import { callArguments, type LogicalLine, type Token } from './staticPyTokens';

/** Constants HELM's run spec modules import (facts from adapter_spec.py, scenario.py, image2struct_scenario.py). */
export const KNOWN_CONSTANTS: Record<string, string> = {
  ADAPT_GENERATION: 'generation',
  ADAPT_CHAT: 'chat',
  ADAPT_LANGUAGE_MODELING: 'language_modeling',
  ADAPT_MULTIPLE_CHOICE_JOINT: 'multiple_choice_joint',
  ADAPT_MULTIPLE_CHOICE_JOINT_CHAIN_OF_THOUGHT: 'multiple_choice_joint_chain_of_thought',
  ADAPT_MULTIPLE_CHOICE_SEPARATE_ORIGINAL: 'multiple_choice_separate_original',
  ADAPT_MULTIPLE_CHOICE_SEPARATE_CALIBRATED: 'multiple_choice_separate_calibrated',
  ADAPT_RANKING_BINARY: 'ranking_binary',
  ADAPT_EHR_INSTRUCTION: 'ehr_instruction',
  ADAPT_GENERATION_MULTIMODAL: 'generation_multimodal',
  ADAPT_MULTIPLE_CHOICE_JOINT_MULTIMODAL: 'multiple_choice_joint_multimodal',
  TRAIN_SPLIT: 'train',
  VALID_SPLIT: 'valid',
  TEST_SPLIT: 'test',
  DIFFICULTY_ALL: 'all',
};

/** Adapter helpers of common_adapter_specs.py whose method is fixed (facts). */
const HELPER_METHODS: Record<string, string> = {
  get_generation_adapter_spec: 'generation',
  get_completion_adapter_spec: 'generation',
  get_instruct_adapter_spec: 'generation',
  get_few_shot_instruct_adapter_spec: 'generation',
  get_summarization_adapter_spec: 'generation',
  get_machine_translation_adapter_spec: 'generation',
  get_multiple_choice_joint_adapter_spec: 'multiple_choice_joint',
  get_multiple_choice_joint_chain_of_thought_adapter_spec: 'multiple_choice_joint_chain_of_thought',
  get_language_modeling_adapter_spec: 'language_modeling',
  get_ranking_binary_adapter_spec: 'ranking_binary',
};

/**
 * Adapter helpers that refuse a method they have no branch for, while the run spec function runs
 * (facts from common_adapter_specs.py): the methods each takes, and what it raises for another.
 */
export const METHOD_CHECKS: Readonly<Record<string, { accepts: readonly string[]; raises: (method: string) => string }>> = {
  get_multiple_choice_adapter_spec: {
    accepts: ['multiple_choice_joint', 'multiple_choice_joint_chain_of_thought', 'multiple_choice_separate_original', 'multiple_choice_separate_calibrated'],
    raises: (method) => `ValueError: Invalid adaptation method: ${method}`,
  },
};

/** The helper of METHOD_CHECKS an adapter is built by (`CALLEE(...)`), if it is one. */
export function methodCheckOf(tokens: Token[]): string | undefined {
  const callee = tokens[0]?.type === 'name' && tokens[1]?.text === '(' ? tokens[0].text : undefined;
  return callee !== undefined && callee in METHOD_CHECKS ? callee : undefined;
}

/** The `method` of an adapter built by `CALLEE(...)`: a `method=` keyword, or what the helper fixes. */
export function adapterMethod(tokens: Token[], moduleMethods: ReadonlyMap<string, string>): PyExpr | undefined {
  if (tokens[0]?.type !== 'name' || tokens[1]?.text !== '(') return undefined;
  const callee = tokens[0].text;
  if (callee in HELPER_METHODS) return { k: 'str', v: HELPER_METHODS[callee] };
  const local = moduleMethods.get(callee);
  if (local) return { k: 'str', v: local };
  if (!['AdapterSpec', 'get_multiple_choice_adapter_spec', 'get_multiple_choice_separate_adapter_spec'].includes(callee)) return undefined;
  const args = callArguments(tokens, 1);
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    if (arg[0]?.text === 'method' && arg[1]?.text === '=') return parseExpr(arg, 2);
    if (k === 0 && callee !== 'AdapterSpec' && arg.length && arg[1]?.text !== '=') return parseExpr(arg);
  }
  return undefined;
}

/**
 * Module-level functions whose body fixes one adapter method (`method=ADAPT_GENERATION`, or a call
 * of a known helper) and takes no `method` parameter: their adapter's method.
 */
export function moduleAdapterMethods(lines: LogicalLine[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i].tokens;
    if (lines[i].indent !== 0 || head[0]?.text !== 'def' || head[1]?.type !== 'name') continue;
    if (head.some((t) => t.text === 'method')) continue;
    const found = new Set<string>();
    for (let j = i + 1; j < lines.length && lines[j].indent > 0; j++) {
      const t = lines[j].tokens;
      for (let k = 0; k < t.length; k++) {
        if (t[k].text === 'method' && t[k + 1]?.text === '=' && t[k + 2]?.type === 'name') {
          const value = KNOWN_CONSTANTS[t[k + 2].text];
          found.add(value ?? '?');
        }
        if (t[k].type === 'name' && t[k].text in HELPER_METHODS && t[k + 1]?.text === '(') found.add(HELPER_METHODS[t[k].text]);
      }
    }
    if (found.size === 1 && !found.has('?')) out.set(head[1].text, [...found][0]);
  }
  return out;
}
