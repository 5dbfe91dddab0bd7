// The bundled snapshot of HELM 63754d05 and the merged Registry: counts, signatures, wildcards, shadowed parameters.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { countConfValues, createRegistry, loadSnapshot, scanHelmSource, type Model, type RegistryData, type RegistrySnapshot, type RunSpecFunction } from '../../server/src/registry/index';
import { readSnapshotBytes, snapshotFileText } from '../../server/src/registry/snapshot';
import { fixturePath } from '../helpers/corpus';

const snapshot = loadSnapshot();
const registry = createRegistry([snapshot]);
const signature = (f: RunSpecFunction): string =>
  f.parameters.map((p) => `${p.kind === 'var-keyword' ? '**' : ''}${p.name}${p.required ? '' : p.default !== undefined ? `=${p.default}` : ''}`).join(', ');

describe('registry: the bundled snapshot (HELM 63754d05)', () => {
  it('records the HELM commit and is described by it', () => {
    assert.strictEqual(snapshot.helmCommit, '63754d05db6f874e41a395880fb573890a13e791');
  });

  // Counted independently of the scanner:
  //   grep -rhoE '@run_spec_function\("[^"]+"\)' src/helm/benchmark/run_specs | sort -u | wc -l   → 309
  //   the RUN_EXPANDER_SUBCLASSES list in run_expander.py                                          → 26 classes
  //   grep -c '^  - name:' config/model_metadata.yaml → 632 entries, 631 names (inceptionai/jais-family-6p7b-chat twice)
  //   grep -c '^  - name:' config/model_deployments.yaml → 618 entries, 600 names (18 stanfordhealthcare* listed twice)
  const counts: Array<[string, number, number]> = [
    ['run spec functions', snapshot.functions.length, 309],
    ['run expanders', snapshot.expanders.length, 26],
    ['model entries', snapshot.models.length, 632],
    ['models (unique names)', registry.models.size, 631],
    ['model deployment entries', snapshot.deployments.length, 618],
    ['model deployments (unique names, the last entry wins)', registry.deployments.size, 600],
    ['model wildcards (17 and their ablation_* copies)', registry.wildcards.size, 34],
    ['deployment generator prefixes', registry.deploymentGeneratorPrefixes.length, 14],
  ];
  for (const [what, actual, expected] of counts) it(`has ${expected} ${what}`, () => assert.strictEqual(actual, expected));

  const signatures: Array<[string, string]> = [
    ['mmlu', 'subject, method=ADAPT_MULTIPLE_CHOICE_JOINT'],
    ['msmarco', 'track, valid_topk=None'],
    ['disinformation', 'capability="reiteration", topic="covid"'],
    ['ice', '**kwargs'],
    ['unitxt', '**kwargs'],
  ];
  for (const [name, expected] of signatures) {
    it(`${name}(${expected})`, () => {
      const f = registry.functions.get(name);
      assert.ok(f);
      assert.strictEqual(signature(f), expected);
      assert.strictEqual(f.takesKwargs, expected.startsWith('**'));
      assert.strictEqual(f.docstring, undefined, 'no docstrings in the snapshot');
    });
  }

  it('holds facts, not prose: no sentence-long string in any RunSpec name template', () => {
    const long: string[] = [];
    const walk = (x: unknown, fn: string): void => {
      if (typeof x === 'string' && x.length > 60) long.push(`${fn}: ${x.slice(0, 40)}…`);
      else if (x && typeof x === 'object') for (const v of Object.values(x)) walk(v, fn);
    };
    for (const f of snapshot.functions) walk(f.runSpecName, f.name);
    assert.deepStrictEqual(long, []);
  });

  it('knows where mmlu is defined (file relative to src/, 0-based line of the def)', () => {
    const f = registry.functions.get('mmlu');
    assert.deepStrictEqual([f?.pythonName, f?.module, f?.origin], [
      'get_mmlu_spec', 'helm.benchmark.run_specs.lite_run_specs', { source: 'snapshot', file: 'helm/benchmark/run_specs/lite_run_specs.py', line: 115 },
    ]);
  });

  it('has exactly 14 functions with a parameter an expander shadows', () => {
    const shadowing = [...registry.functions.values()].filter((f) =>
      f.parameters.some((p) => (p.kind === 'positional' || p.kind === 'keyword-only') && registry.expanders.has(p.name)));
    assert.deepStrictEqual(shadowing.map((f) => f.name).sort(), [
      'billsum_legal_summarization', 'copyright', 'eurlexsum_legal_summarization', 'melt_summarization_vietnews',
      'melt_summarization_wikilingua', 'melt_translation_opus100', 'melt_translation_phomt', 'multilexsum_legal_summarization',
      'opinions_qa', 'summarization_cnndm', 'summarization_xsum', 'summarization_xsum_sampled', 'synthetic_efficiency', 'wmt_14',
    ]);
    assert.ok(registry.functions.get('summarization_cnndm')?.parameters.some((p) => p.name === 'temperature'));
  });

  it('decides each expander\'s values and whether HELM checks them', () => {
    const show = (name: string): string => {
      const e = registry.expanders.get(name);
      assert.ok(e, name);
      const v = e.values;
      return `${v.kind}${v.kind === 'set' || v.kind === 'number' ? `[${v.values.slice(0, 3).join(',')}]` : ''}${e.checked ? ' checked' : ''}`;
    };
    assert.deepStrictEqual(
      ['data_augmentation', 'stop', 'instructions', 'follow_format_instructions', 'eval_split', 'increase_max_tokens', 'temperature', 'max_train_instances', 'chatml', 'output_format_instructions', 'model', 'model_deployment'].map(show),
      [
        'set[extra_space,contrast_sets,space] checked', 'set[none,hash,semicolon] checked', 'set[none,expert] checked', 'set[all,instruct] checked',
        'set[test,valid] checked', 'number[] checked', 'number[]', 'number[zero,one,all]', 'none checked', 'free', 'model checked', 'free',
      ],
    );
    assert.deepStrictEqual(snapshot.expanderValueCounts.max_train_instances, { zero: 1, one: 1, all: 6, big_bench_few_shot_setting: 4, vhelm: 5, melt: 3 });
  });

  it('holds the values HELM\'s conf files give: the 57 MMLU subjects, expander values apart', () => {
    // grep -ho '"mmlu:[^"]*"' src/helm/benchmark/presentation/*.conf | grep -o 'subject=[^,"]*' | sort -u | wc -l → 57
    assert.strictEqual(registry.confValues('mmlu', 'subject').length, 57);
    // grep -ho 'num_output_tokens=[^,"]*' …/*.conf | sort | uniq -c → 339 × 4000, 2 × default_sweep, 1 × 10000
    assert.deepStrictEqual(registry.confValues('anything', 'num_output_tokens'), [
      { value: '4000', count: 339 },
      { value: 'default_sweep', count: 2 },
      { value: '10000', count: 1 },
    ]);
    assert.deepStrictEqual(registry.confValues('mmlu', 'model'), [], 'models are the registry\'s own list');
  });

  it('counts conf values of live entries only, as HELM reads them', () => {
    const out = { arguments: {}, expanders: {} };
    countConfValues(
      [
        'entries: [',
        '  {description: "mmlu:subject=anatomy,model=openai/gpt2,max_train_instances=5", priority: 1}',
        '  # {description: "mmlu:subject=commented_out"}',
        '  {description: "mmlu:subject=x,subject=anatomy"}',
        '  {description: "mmlu:subject=refused,"}',
        ']',
      ].join('\n'),
      new Set(['model', 'max_train_instances']),
      out,
    );
    assert.deepStrictEqual(out, { arguments: { mmlu: { subject: { anatomy: 2 } } }, expanders: { max_train_instances: { '5': 1 } } });
  });

  it('marks the 7 wildcards helm-run refuses without --models-to-run', () => {
    assert.deepStrictEqual([...registry.wildcards.values()].filter((w) => w.needsModelsToRun).map((w) => w.name).sort(),
      ['all', 'code', 'full_functionality_text', 'instruction_following', 'limited_functionality_text', 'text', 'text_code']);
  });

  // Counted in Python from config/model_metadata.yaml, mirroring get_model_group_to_model_names.
  const members: Array<[string, number]> = [
    ['all', 566], ['text', 481], ['text_code', 486], ['vlm', 131], ['ablation', 28], ['openai/curie', 0], ['opinions_qa_openai', 0],
  ];
  for (const [name, n] of members) it(`model=${name} stands for ${n} models`, () => assert.strictEqual(registry.wildcardMembers(name).length, n));

  it('has 18 wildcards that stand for no model at all', () => {
    assert.strictEqual([...registry.wildcards.keys()].filter((w) => registry.wildcardMembers(w).length === 0).length, 18);
  });

  it('keeps HELM prose out: no model descriptions', () => {
    assert.ok(snapshot.models.every((m) => m.description === undefined));
    const text = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'server', 'data', 'registry-snapshot.json'), 'utf8');
    const raw = JSON.parse(text) as { models: { items: Array<Record<string, unknown>> }; functions: Array<Record<string, unknown>> };
    assert.strictEqual(raw.models.items.length, 632);
    assert.ok(raw.models.items.every((m) => !('description' in m)) && raw.functions.every((f) => !('docstring' in f)));
  });
});

describe('registry: the snapshot file form', () => {
  it('gives back exactly what the scan read, through bytes, with non-ASCII names and several tags', () => {
    const { problems: _problems, ...scanned } = scanHelmSource(fixturePath('helm-like'), { source: 'snapshot' });
    scanned.models[0] = { ...scanned.models[0], displayName: 'Sabía 3 — ünïcode' };
    const original: RegistrySnapshot = { helmCommit: 'abcdef012345', ...scanned };
    const text = snapshotFileText(original);
    assert.ok(/^[\x00-\x7f]*$/.test(text), 'the file is pure ASCII');
    assert.deepStrictEqual(readSnapshotBytes(Buffer.from(text, 'utf8')), original);
    assert.ok(original.models.some((m) => m.tags.length > 1) && original.deployments.some((d) => d.clientClass));
  });

  it('reads nothing from bytes that hold no snapshot of this format', () => {
    assert.strictEqual(readSnapshotBytes(Buffer.from('{"format":1,"functions":[]}')), undefined);
    assert.strictEqual(readSnapshotBytes(Buffer.from('not json')), undefined);
  });
});

describe('registry: the snapshot read by part', () => {
  it('gives each run spec function when asked by name, the same as a read of them all, and a later source wins in its place', () => {
    const fresh = readSnapshotBytes(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'server', 'data', 'registry-snapshot.json')));
    assert.ok(fresh);
    const names = snapshot.functions.map((f) => f.name);
    const plugin: RunSpecFunction = { ...(registry.functions.get('mmlu') as RunSpecFunction), module: 'my_plugin', origin: { source: 'workspace', file: '/w/my_plugin.py', line: 3 } };
    const merged = createRegistry([fresh, { functions: [plugin], expanders: [], wildcards: [], models: [], deployments: [], deploymentGeneratorPrefixes: [] }]);
    assert.strictEqual(merged.functions.size, 309);
    assert.deepStrictEqual(merged.functions.get('legalbench'), snapshot.functions.find((f) => f.name === 'legalbench'));
    assert.strictEqual(merged.functions.get('mmlu'), plugin);
    assert.strictEqual(merged.functions.get('no_such_function'), undefined);
    assert.deepStrictEqual([...merged.functions.keys()], names);
    assert.deepStrictEqual([...merged.functions.values()], snapshot.functions.map((f) => (f.name === 'mmlu' ? plugin : f)));
  });
});

describe('registry: merging sources and wildcard membership (helm-like fixture)', () => {
  const base = scanHelmSource(fixturePath('helm-like'), { source: 'snapshot' });
  const model = (name: string, tags: string[]): Model => ({
    name, tags, deprecated: tags.includes('DEPRECATED_MODEL_TAG'), unsupported: tags.includes('UNSUPPORTED_MODEL_TAG'),
    origin: { source: 'workspace', file: '/w/prod_env/model_metadata.yaml', line: 1 },
  });
  const workspace: RegistryData = {
    functions: [], expanders: [], wildcards: [], deploymentGeneratorPrefixes: [],
    models: [model('acme/coder', ['CODE_MODEL_TAG']), model('mine/new', ['TEXT_MODEL_TAG', 'ABLATION_MODEL_TAG'])],
    deployments: [{ name: 'mine/served', modelName: 'mine/unlisted', origin: { source: 'workspace', file: '/w/prod_env/model_deployments.yaml', line: 1 } }],
  };
  const merged = createRegistry([base, workspace], { version: 7, describeSource: 'test' });

  const rows: Array<[string, string[]]> = [
    // acme/old is deprecated; other/orphan has no metadata, so HELM registers it as a text model.
    ['text', ['acme/base', 'acme/coder', 'other/orphan', 'mine/new', 'mine/unlisted']],
    ['all', ['acme/base', 'acme/coder', 'acme/vision', 'other/orphan', 'mine/new', 'mine/unlisted']],
    // As HELM: text models + code models, each list walking every registration (acme/coder is registered twice).
    ['text_code', ['acme/base', 'acme/coder', 'other/orphan', 'mine/new', 'mine/unlisted', 'acme/coder', 'acme/coder']],
    ['fixed', ['acme/base']],
    ['ablation', ['acme/base', 'mine/new']],
    ['ablation_fixed', ['acme/base']],
    ['not_a_wildcard', []],
  ];
  for (const [name, expected] of rows) it(`model=${name} → ${expected.join(', ') || 'nothing'}`, () => assert.deepStrictEqual(merged.wildcardMembers(name), expected));

  it('lets the later source win and keeps each item\'s origin', () => {
    assert.deepStrictEqual([merged.models.get('acme/coder')?.origin.source, merged.models.get('acme/base')?.origin.source], ['workspace', 'snapshot']);
    assert.deepStrictEqual(merged.models.get('mine/unlisted')?.creator, 'Unknown');
    assert.deepStrictEqual([merged.version, merged.describeSource], [7, 'test']);
  });
});
