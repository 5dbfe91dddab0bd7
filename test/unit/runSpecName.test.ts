// The RunSpec name template read from run spec function source, evaluated as Python would for given arguments.
import * as assert from 'assert';
import { extractRunSpecNameTemplate } from '../../server/src/expansion/runSpecName';
import { evaluateRunSpecName, type NameResult } from '../../server/src/expansion/staticNameEval';
import type { PyValue } from '../../server/src/expansion/staticPyValues';

const s = (v: string): PyValue => ({ t: 'str', v });
const i = (v: number): PyValue => ({ t: 'int', v: String(v) });
const f = (v: number): PyValue => ({ t: 'float', v });

/** Source with the `def` on the line marked `<|>` (the marker is removed). */
function nameOf(source: string, args: Array<[string, PyValue]>): NameResult | undefined {
  const lines = source.split('\n');
  const defLine = lines.findIndex((l) => l.includes('<|>'));
  const text = source.replace('<|>', '');
  const template = extractRunSpecNameTemplate(text, defLine);
  if (!template) return undefined;
  // The template must survive the snapshot's JSON round trip.
  return evaluateRunSpecName(JSON.parse(JSON.stringify(template)), 'get_spec', new Map(args));
}

interface Row {
  title: string;
  source: string;
  args: Array<[string, PyValue]>;
  expected: NameResult;
}

const rows: Row[] = [
  {
    title: 'an f-string of parameters, a module-constant default resolved',
    source: `
from helm.benchmark.adaptation.adapter_spec import ADAPT_MULTIPLE_CHOICE_JOINT

@run_spec_function("mmlu")
<|>def get_mmlu_spec(subject: str, method: str = ADAPT_MULTIPLE_CHOICE_JOINT) -> RunSpec:
    scenario_spec = ScenarioSpec(class_name="x", args={"subject": subject})
    return RunSpec(
        name=f"mmlu:subject={subject},method={method}",
        scenario_spec=scenario_spec,
        groups=["mmlu"],
    )
`,
    args: [['subject', s('anatomy')]],
    expected: { kind: 'name', name: 'mmlu:subject=anatomy,method=multiple_choice_joint', groups: ['mmlu'] },
  },
  {
    title: 'ints, floats, bools and None formatted as str() does',
    source: `
<|>def get_spec(k: int, p: float = 0.5, flag: bool = True, extra=None, big=1e16):
    return RunSpec(name=f"x:k={k},p={p},flag={flag},extra={extra},big={big}", groups=[])
`,
    args: [['k', i(7)], ['p', f(1)]],
    expected: { kind: 'name', name: 'x:k=7,p=1.0,flag=True,extra=None,big=1e+16', groups: [] },
  },
  {
    title: 'a local variable with a conditional `+=`',
    source: `
<|>def get_cleva_spec(task: str, version: str, subtask: Optional[str] = None, prompt_id: int = 0) -> RunSpec:
    run_spec_name: str = f"cleva:task={task},version={version},prompt_id={prompt_id}"
    if subtask:
        run_spec_name += f",subtask={subtask}"
    return RunSpec(name=run_spec_name, groups=["cleva", f"cleva_{task}"])
`,
    args: [['task', s('summarization')], ['version', s('v1')], ['subtask', s('dialogue')]],
    expected: { kind: 'name', name: 'cleva:task=summarization,version=v1,prompt_id=0,subtask=dialogue', groups: ['cleva', 'cleva_summarization'] },
  },
  {
    title: 'concatenation with a conditional expression',
    source: `
<|>def get_imdb_spec(only_contrast=False) -> RunSpec:
    return RunSpec(
        name="imdb" + (":only_contrast=True" if only_contrast else ""),
    )
`,
    args: [['only_contrast', s('False')]],
    // The string "False" is truthy in Python.
    expected: { kind: 'name', name: 'imdb:only_contrast=True' },
  },
  {
    title: 'implicitly joined f-strings and locals computed with .lower() ==',
    source: `
<|>def get_math_spec(subject: str, level: str, use_official_examples: str = "False") -> RunSpec:
    use_official_examples_bool: bool = use_official_examples.lower() == "true"
    del use_official_examples
    return RunSpec(
        name=f"math:subject={subject},level={level},"
        f"use_official_examples={use_official_examples_bool}",
    )
`,
    args: [['subject', s('algebra')], ['level', i(1)], ['use_official_examples', s('TRUE')]],
    expected: { kind: 'name', name: 'math:subject=algebra,level=1,use_official_examples=True' },
  },
  {
    title: 'a one-line module helper',
    source: `
def _bool_to_str(value: bool):
    return str(value).lower()


<|>def get_gpqa_spec(subset: str, use_few_shot: str = "false") -> RunSpec:
    use_few_shot_bool = use_few_shot == "true"
    return RunSpec(name=f"gpqa:subset={subset},use_few_shot={_bool_to_str(use_few_shot_bool)}")
`,
    args: [['subset', s('gpqa_main')]],
    expected: { kind: 'name', name: 'gpqa:subset=gpqa_main,use_few_shot=false' },
  },
  {
    title: '**kwargs joined sorted, as the ice function does',
    source: `
<|>def get_ice_spec(**kwargs) -> RunSpec:
    return RunSpec(
        name="ice" + (":" if len(kwargs) > 0 else "") + ",".join(f"{k}={v}" for k, v in sorted(kwargs.items())),
    )
`,
    args: [['subset', s('ea')], ['gender', s('female')]],
    expected: { kind: 'name', name: 'ice:gender=female,subset=ea' },
  },
  {
    title: 'an environment variable read is taken as unset',
    source: `
<|>def get_unitxt_spec(**kwargs) -> RunSpec:
    if os.environ.get("HELM_UNITXT_SHORTEN_RUN_SPEC_NAMES", "").lower() == "true":
        name_suffix = ",".join([f"{key}={value}" for key, value in kwargs.items() if key not in ["loader_limit"]])
    else:
        name_suffix = ",".join([f"{key}={value}" for key, value in kwargs.items()])
    name = f"unitxt:{name_suffix}"
    return RunSpec(name=name, groups=[f"unitxt_{kwargs.get('card')}"])
`,
    args: [['card', s('cards.wnli')], ['loader_limit', i(1000)]],
    expected: { kind: 'name', name: 'unitxt:card=cards.wnli,loader_limit=1000', groups: ['unitxt_cards.wnli'] },
  },
  {
    title: 'a name computed from a local object attribute is approximate',
    source: `
<|>def get_code_spec(tpr: float = 0.0) -> RunSpec:
    adapter_spec = get_generation_adapter_spec(temperature=tpr)
    return RunSpec(name=f"code:temperature={adapter_spec.temperature}")
`,
    args: [],
    expected: { kind: 'approximate', reason: "'adapter_spec' is computed by code" },
  },
  {
    title: 'a RunSpec built in two branches is approximate',
    source: `
<|>def get_spec(subject: str) -> RunSpec:
    if subject == "all":
        return RunSpec(name="a")
    return RunSpec(name="b")
`,
    args: [['subject', s('x')]],
    expected: { kind: 'approximate', reason: 'the RunSpec is built in several places or inside a block' },
  },
  {
    title: 'an unknown keyword argument is the TypeError Python raises',
    source: `
<|>def get_spec(subject: str) -> RunSpec:
    return RunSpec(name=f"s:subject={subject}")
`,
    args: [['subject', s('x')], ['subjet', s('y')]],
    expected: { kind: 'error', message: "TypeError: get_spec() got an unexpected keyword argument 'subjet'" },
  },
  {
    title: 'a missing required argument is a TypeError',
    source: `
<|>def get_spec(subject: str, level: str) -> RunSpec:
    return RunSpec(name=f"s:subject={subject}")
`,
    args: [],
    expected: { kind: 'error', message: "TypeError: get_spec() missing 2 required positional arguments: 'subject' and 'level'" },
  },
  {
    title: 'a format spec is approximate',
    source: `
<|>def get_spec(p: float) -> RunSpec:
    return RunSpec(name=f"s:p={p:.2f}")
`,
    args: [['p', f(0.5)]],
    expected: { kind: 'approximate', reason: "format spec ':.2f'" },
  },
];

describe('RunSpec name templates', () => {
  for (const row of rows) {
    it(row.title, () => {
      assert.deepStrictEqual(nameOf(row.source, row.args), row.expected);
    });
  }

  it('keeps a prompt passed to an adapter helper out of the template, and the name stays approximate', () => {
    const source = `
<|>def get_spec(tpr: float = 0.0) -> RunSpec:
    instruction = "You are a careful student. Write the code the way you always do."
    adapter_spec = get_generation_adapter_spec(instructions=instruction, temperature=tpr)
    return RunSpec(name=f"s:temperature={adapter_spec.temperature}", adapter_spec=adapter_spec, groups=["s"])
`;
    const lines = source.split('\n');
    const template = extractRunSpecNameTemplate(source.replace('<|>', ''), lines.findIndex((l) => l.includes('<|>')));
    assert.ok(template);
    assert.ok(!JSON.stringify(template).includes('careful student'), JSON.stringify(template));
    assert.deepStrictEqual(nameOf(source, []), { kind: 'approximate', reason: "'adapter_spec' is computed by code" });
  });

  it('returns undefined when the line holds no def', () => {
    assert.strictEqual(extractRunSpecNameTemplate('x = 1\n', 0), undefined);
  });

  it('never throws on broken source', () => {
    const t = extractRunSpecNameTemplate('def f(a, b=(:\n    return RunSpec(name=f"{a"\n', 0);
    assert.ok(t === undefined || typeof t.approximate === 'boolean');
  });
});
