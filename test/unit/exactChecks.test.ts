// HELM's verdicts as diagnostics: where an exception sits (the argument it names, else the description), its message and frame, downloads, and the merge with the static diagnostics.
import * as assert from 'assert';
import type { HelmDiagnostic } from '../../server/src/common/diagnostic';
import type { BridgeResult } from '../../server/src/expansion/helmBridgeTypes';
import { parseConf } from '../../server/src/parser/index';
import { verdictDiagnostics, withExactDiagnostics } from '../../server/src/services/exactChecks';
import { validate } from '../../server/src/services/validation';
import { markText, parseMarkers } from '../helpers/markers';
import { snapshotRegistry } from '../helpers/registry';

const RUN_SPECS = '/opt/helm/src/helm/benchmark/run_specs';

const helmError = (type: string, message: string, file?: string, line?: number, fn?: string): BridgeResult => ({
  ok: false,
  kind: 'helm-error',
  error: `${type}: ${message}`,
  exception: { type, message, ...(file ? { frame: { file, line: line ?? 1, function: fn ?? 'f' } } : {}) },
});

const entry = (description: string): string => `entries: [\n  {description: "${description}", priority: 1}\n]\n`;

const rows: Array<{ name: string; conf: string; result: BridgeResult; expected: Array<[code: string, severity: string, message: string]>; related?: string }> = [
  {
    name: 'a KeyError on an empty value sits on that argument, with the frame HELM raised it in',
    conf: entry('mmlu_clinical_afr:subject=college_medicine,<|lang=|>,model=text'),
    result: helmError('KeyError', "''", `${RUN_SPECS}/mmlu_clinical_afr_run_specs.py`, 38, 'get_mmlu_clinical_afr_spec'),
    expected: [['helm-error', 'error', "HELM stops with `KeyError: ''` in `get_mmlu_clinical_afr_spec` (helm/benchmark/run_specs/mmlu_clinical_afr_run_specs.py:38)."]],
    related: `\`get_mmlu_clinical_afr_spec\`, where HELM raised KeyError @ ${RUN_SPECS}/mmlu_clinical_afr_run_specs.py:37`,
  },
  {
    name: 'a deployment named in the message: on the model_deployment value (its first mention)',
    conf: entry('mmlu:subject=anatomy,model=openai/gpt2,model_deployment=<|openai/gpt-4o-2024-05-13|>'),
    result: helmError(
      'ValueError',
      "Invalid RunSpec: selected model deployment 'openai/gpt-4o-2024-05-13'for model 'openai/gpt2' but the model deployment is for a different model 'openai/gpt-4o-2024-05-13'",
      '/opt/helm/src/helm/benchmark/run_spec_factory.py',
      110,
      'alter_run_spec',
    ),
    expected: [
      [
        'helm-error',
        'error',
        "HELM stops with `ValueError: Invalid RunSpec: selected model deployment 'openai/gpt-4o-2024-05-13'for model 'openai/gpt2' but the model deployment is for a different model 'openai/gpt-4o-2024-05-13'` in `alter_run_spec` (helm/benchmark/run_spec_factory.py:110).",
      ],
    ],
  },
  {
    name: 'a value named as a word: `Unknown scenario bogus`',
    conf: entry('narrative_qa:output_format_instructions=<|bogus|>,model=text'),
    result: helmError('ValueError', 'Unknown scenario bogus', '/opt/helm/src/helm/benchmark/run_expander.py', 1548, 'expand'),
    expected: [['helm-error', 'error', 'HELM stops with `ValueError: Unknown scenario bogus` in `expand` (helm/benchmark/run_expander.py:1548).']],
  },
  {
    name: 'a key named in quotes',
    conf: entry('mmlu:subject=anatomy,<|method|>=joint,model=text'),
    result: helmError('KeyError', "'method'"),
    expected: [['helm-error', 'error', "HELM stops with `KeyError: 'method'`."]],
  },
  {
    name: 'a message that names no argument: on the description',
    conf: 'entries: [\n  {description: <|"mmlu:subject=1,model=text"|>, priority: 1}\n]\n',
    result: helmError('AttributeError', "'int' object has no attribute 'replace'", `${RUN_SPECS}/lite_run_specs.py`, 123, 'get_mmlu_spec'),
    expected: [['helm-error', 'error', "HELM stops with `AttributeError: 'int' object has no attribute 'replace'` in `get_mmlu_spec` (helm/benchmark/run_specs/lite_run_specs.py:123)."]],
  },
  {
    name: 'a number in the message is not taken for a value',
    conf: 'entries: [\n  {description: <|"mmlu:subject=1,model=text"|>, priority: 1}\n]\n',
    result: helmError('TypeError', 'get_mmlu_spec() takes 1 positional argument but 2 were given'),
    expected: [['helm-error', 'error', 'HELM stops with `TypeError: get_mmlu_spec() takes 1 positional argument but 2 were given`.']],
  },
  {
    name: 'a download: info on the description, naming the URL',
    conf: 'entries: [\n  {description: <|"raft:subset=ade_corpus_v2,model=text"|>, priority: 1}\n]\n',
    result: { ok: false, kind: 'refused', error: 'x', refused: [{ kind: 'download', what: 'https://www.dropbox.com/s/settings.json' }] },
    expected: [
      [
        'helm-needs-download',
        'info',
        "HELM downloads `https://www.dropbox.com/s/settings.json` to build this entry's RunSpecs: HELM was not asked here (exact checking never downloads); helm-run downloads it when it runs.",
      ],
    ],
  },
  {
    name: 'a write: info',
    conf: 'entries: [\n  {description: <|"mmlu:subject=anatomy,model=text"|>}\n]\n',
    result: { ok: false, kind: 'refused', error: 'x', refused: [{ kind: 'write', what: '/home/u/cache.db' }] },
    expected: [['helm-side-effect', 'info', "HELM writes `/home/u/cache.db` to build this entry's RunSpecs: HELM was not asked here (exact checking has no side effects)."]],
  },
  { name: 'RunSpecs built: nothing', conf: entry('mmlu:subject=anatomy,model=text'), result: { ok: true, runSpecs: [] }, expected: [] },
  { name: 'a timeout: nothing (the static answer stands)', conf: entry('mmlu:subject=anatomy,model=text'), result: { ok: false, kind: 'timeout', error: 'slow' }, expected: [] },
  { name: 'no HELM: nothing', conf: entry('mmlu:subject=anatomy,model=text'), result: { ok: false, kind: 'unavailable', error: 'no HELM' }, expected: [] },
];

describe('HELM verdicts as diagnostics', () => {
  for (const row of rows) {
    it(row.name, () => {
      const { text, ranges } = parseMarkers(row.conf);
      const conf = parseConf(text);
      const found = verdictDiagnostics(conf.entries[0], row.result);
      assert.deepStrictEqual(
        found.map((d) => [d.code, d.severity, d.message]),
        row.expected,
      );
      assert.strictEqual(markText(text, [], found.map((d) => d.span)), markText(text, [], ranges));
      if (row.related) {
        const r = found[0].related?.[0];
        assert.strictEqual(`${r?.message} @ ${r?.path}:${r?.line}`, row.related);
      }
    });
  }
});

describe('static and exact diagnostics together', () => {
  const registry = snapshotRegistry()!;
  const keyError = helmError('KeyError', "''", `${RUN_SPECS}/x.py`, 3, 'get_x');
  const codes = (ds: HelmDiagnostic[]): string[] => ds.map((d) => d.code);

  function merged(text: string, results: BridgeResult[], rules = {}): HelmDiagnostic[] {
    const conf = parseConf(text);
    const found = validate(conf, registry, { rules });
    return withExactDiagnostics(conf, found, conf.entries.map((entry, i) => ({ entry, result: results[i] })), rules);
  }

  it("keeps the static error of an entry and leaves HELM's out: one diagnostic per problem", () => {
    const text = entry('mmlu:subjec=anatomy,model=openai/gpt2');
    const ds = merged(text, [helmError('TypeError', "get_mmlu_spec() got an unexpected keyword argument 'subjec'")]);
    assert.deepStrictEqual(codes(ds), ['unknown-argument']);
  });

  it("adds HELM's error beside a static warning or info of the same entry, in document order", () => {
    const text = 'entries: [\n  {description: "mmlu_clinical_afr:subject=college_medicine,lang=,model=openai/gpt2"}\n  {description: "boolq:model=openai/gpt2"}\n]\n';
    const ds = merged(text, [keyError, { ok: true, runSpecs: [] }]);
    assert.deepStrictEqual(codes(ds), ['empty-value', 'helm-error']);
    assert.ok(ds[0].span.start <= ds[1].span.start);
  });

  it('follows the rule settings and the suppression comments', () => {
    const text = 'entries: [\n  # helm-conf: disable-next-line helm-error\n  {description: "mmlu_clinical_afr:subject=a,lang=,model=openai/gpt2"}\n  {description: "mmlu_clinical_afr:subject=b,lang=,model=openai/gpt2"}\n]\n';
    assert.deepStrictEqual(codes(merged(text, [keyError, keyError])).filter((c) => c.startsWith('helm')), ['helm-error']);
    const warned = merged(text, [keyError, keyError], { 'helm-error': 'warning' }).filter((d) => d.code === 'helm-error');
    assert.deepStrictEqual(warned.map((d) => d.severity), ['warning']);
    assert.deepStrictEqual(codes(merged(text, [keyError, keyError], { 'helm-error': 'off' })).filter((c) => c.startsWith('helm')), []);
  });
});
