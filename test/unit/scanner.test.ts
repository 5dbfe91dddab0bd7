// The static scanner on our HELM-like fixture tree and on HELM's real config YAMLs: signatures, expanders, models, recovery.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { corpusDir, describeWithCorpus, fixturePath } from '../helpers/corpus';
import {
  readModelDeploymentsYaml, readModelMetadataYaml, scanHelmSource, scanPluginFile, scanRunSpecFunctions,
  type RunSpecFunction, type RunSpecParameter,
} from '../../server/src/registry/index';

const helmLike = fixturePath('helm-like');
const scanned = scanHelmSource(helmLike, { source: 'snapshot' });
const fn = (name: string): RunSpecFunction => {
  const f = scanned.functions.find((x) => x.name === name);
  assert.ok(f, `no run spec function ${name}`);
  return f;
};
/** `name: annotation = default` as a user reads a signature; `*`/`**` for variadic; `!` marks required. */
const show = (p: RunSpecParameter): string =>
  `${p.kind === 'var-positional' ? '*' : p.kind === 'var-keyword' ? '**' : p.kind === 'keyword-only' ? 'kw:' : ''}${p.name}` +
  `${p.annotation ? `: ${p.annotation}` : ''}${p.default !== undefined ? ` = ${p.default}` : ''}${p.required ? ' !' : ''}`;

describe('scanner: run spec function signatures (helm-like fixture)', () => {
  const rows: Array<{ name: string; pythonName: string; params: string[]; kwargs?: boolean }> = [
    { name: 'plain', pythonName: 'get_plain_spec', params: ['subject: str !', 'method: str = DEFAULT_METHOD'] },
    {
      name: 'multi_line', pythonName: 'get_multi_line_spec',
      params: [
        'track: str !', 'valid_topk: Optional[int] = None', 'separators: str = "a,b"', 'call: List[str] = helper(1, (2, 3))',
        'mapping: Dict[str, Any] = {"k": [1, 2], "j": "x)"}', 'hashed: str = "# not a comment"', 'multi: str = ("first," "second")',
      ],
    },
    { name: 'keyword_only', pythonName: 'get_keyword_only_spec', params: ['a: int !', 'kw:b: int = 1', 'kw:c: str !'] },
    { name: 'var_args', pythonName: 'get_var_args_spec', params: ['first !', '*args', 'kw:last = r"\\d+"', '**kwargs'], kwargs: true },
    { name: 'stacked', pythonName: 'get_stacked_spec', params: ['temperature: float = 0.3', `text: str = '''triple "quoted", (text)'''`] },
    { name: 'only_kwargs', pythonName: 'get_only_kwargs_spec', params: ['**kwargs'], kwargs: true },
  ];
  for (const row of rows) {
    it(`${row.name} → ${row.pythonName}(${row.params.join(', ')})`, () => {
      const f = fn(row.name);
      assert.strictEqual(f.pythonName, row.pythonName);
      assert.deepStrictEqual(f.parameters.map(show), row.params);
      assert.strictEqual(f.takesKwargs, row.kwargs ?? false);
      assert.strictEqual(f.module, 'helm.benchmark.run_specs.edge_run_specs');
      assert.strictEqual(f.origin.file, 'helm/benchmark/run_specs/edge_run_specs.py');
    });
  }

  it('records the 0-based line of each def, and no docstring in a snapshot scan', () => {
    const lines = fs.readFileSync(path.join(helmLike, 'src/helm/benchmark/run_specs/edge_run_specs.py'), 'utf8').split('\n');
    for (const name of ['plain', 'multi_line', 'stacked']) {
      const f = fn(name);
      assert.ok(lines[f.origin.line].startsWith(`def ${f.pythonName}(`), `${name}: line ${f.origin.line}`);
      assert.strictEqual(f.docstring, undefined);
    }
  });

  it('reads the docstring in an installed-HELM scan', () => {
    const installed = scanHelmSource(helmLike, { source: 'installed' });
    const plain = installed.functions.find((f) => f.name === 'plain');
    assert.strictEqual(plain?.docstring, 'Plain spec.\n\nSecond paragraph.');
    assert.ok(path.isAbsolute(plain.origin.file));
  });
});

describe('scanner: a broken Python file still yields what it can', () => {
  it('keeps the functions before and after the break and reports the problems with their lines', () => {
    const names = scanned.functions.filter((f) => f.module.endsWith('broken_run_specs')).map((f) => f.name);
    assert.deepStrictEqual(names, ['before_break', 'unclosed', 'after_break']);
    assert.deepStrictEqual(fn('after_break').parameters.map(show), ['level: int = 3']);
    const problems = scanned.problems.filter((p) => p.file.endsWith('broken_run_specs.py')).map((p) => `${p.line}: ${p.message}`);
    assert.deepStrictEqual(problems.sort(), ['14: Unclosed \'(\'', '14: The signature of get_unclosed_spec is not closed', '8: @run_spec_function without a plain string name'].sort());
  });

  it('never throws on text that is not Python', () => {
    for (const text of ['', '@run_spec_function(', '@run_spec_function("x")', '@run_spec_function("x")\ndef', '"""unterminated', '((((']) {
      const r = scanRunSpecFunctions(text, { origin: 'plugin', file: 'x.py', module: 'x' });
      assert.ok(Array.isArray(r.functions));
    }
  });
});

describe('scanner: a plugin file', () => {
  it('reads the functions of any .py file with @run_spec_function, with their docstrings', () => {
    const file = fixturePath('helm-like', 'plugins', 'my_run_specs.py');
    const r = scanPluginFile(file);
    assert.deepStrictEqual(r.functions.map((f) => [f.name, f.module, f.origin.source, f.origin.file, f.docstring]), [
      ['my_task', 'my_run_specs', 'plugin', file, 'Runs my task.'],
    ]);
    assert.deepStrictEqual(r.functions[0].parameters.map(show), ['level: int = 1', 'style: str = "short"']);
  });

  it('reports a missing plugin file as a problem', () => {
    const r = scanPluginFile(fixturePath('helm-like', 'plugins', 'missing.py'));
    assert.deepStrictEqual(r.functions, []);
    assert.match(r.problems[0].message, /^Cannot read/);
  });
});

describe('scanner: run expanders, wildcards and deployment generators (helm-like fixture)', () => {
  it('lists the expanders of RUN_EXPANDER_SUBCLASSES in order, with their values', () => {
    assert.deepStrictEqual(scanned.expanders.map((e) => [e.name, e.className, JSON.stringify(e.values), e.checked]), [
      ['stop', 'StopRunExpander', '{"kind":"set","values":["none","hash"]}', true],
      ['max_train_instances', 'MaxTrainInstancesRunExpander', '{"kind":"number","integer":true,"values":["zero","all"]}', false],
      ['chatml', 'ChatMLRunExpander', '{"kind":"none"}', true],
      ['model', 'ModelRunExpander', '{"kind":"model"}', true],
      ['data_augmentation', 'DataAugmentationRunExpander', '{"kind":"set","values":["robustness","fairness"]}', true],
    ]);
    assert.deepStrictEqual(scanned.expanderValueCounts.max_train_instances, { zero: 1, all: 3 });
  });

  it('reads the model wildcard table and adds the ablation_* copies', () => {
    assert.deepStrictEqual(scanned.wildcards.map((w) => `${w.name}${w.needsModelsToRun ? ' (needs --models-to-run)' : ''}: ${JSON.stringify(w.terms)}`), [
      'all (needs --models-to-run): [{"kind":"all"}]',
      'text (needs --models-to-run): [{"kind":"tag","tag":"TEXT_MODEL_TAG"}]',
      'text_code (needs --models-to-run): [{"kind":"tag","tag":"TEXT_MODEL_TAG"},{"kind":"tag","tag":"CODE_MODEL_TAG"}]',
      'vlm: [{"kind":"tag","tag":"VISION_LANGUAGE_MODEL_TAG"}]',
      'fixed: [{"kind":"models","models":["acme/old","acme/base"]}]',
      'ablation: [{"kind":"all"}]',
      'ablation_text: [{"kind":"tag","tag":"TEXT_MODEL_TAG"}]',
      'ablation_text_code: [{"kind":"tag","tag":"TEXT_MODEL_TAG"},{"kind":"tag","tag":"CODE_MODEL_TAG"}]',
      'ablation_vlm: [{"kind":"tag","tag":"VISION_LANGUAGE_MODEL_TAG"}]',
      'ablation_fixed: [{"kind":"models","models":["acme/old","acme/base"]}]',
    ]);
  });

  it('finds the deployment generator prefixes as HELM keys them', () => {
    assert.deepStrictEqual(scanned.deploymentGeneratorPrefixes, ['acme/', 'widgets/']);
  });
});

describe('scanner: model YAMLs with lines', () => {
  it('reads models and deployments of the fixture with their 0-based lines, without descriptions', () => {
    assert.deepStrictEqual(scanned.models.map((m) => [m.name, m.origin.line, m.displayName, m.creator, m.access, m.releaseDate, m.deprecated, m.description]), [
      ['acme/base', 1, 'Acme Base', 'Acme', 'open', '2024-01-02', false, undefined],
      ['acme/coder', 9, 'Acme Coder', 'Acme', 'limited', undefined, false, undefined],
      ['acme/old', 15, 'Acme Old', 'Acme', 'closed', undefined, true, undefined],
      ['acme/vision', 21, undefined, 'Acme', 'open', undefined, false, undefined],
    ]);
    assert.deepStrictEqual(scanned.deployments.map((d) => [d.name, d.modelName, d.origin.line, d.tokenizerName, d.maxSequenceLength, d.clientClass]), [
      ['acme/base', 'acme/base', 1, 'acme/tok', 2048, 'helm.clients.acme.AcmeClient'],
      ['hosted/base', 'acme/base', 8, undefined, undefined, undefined],
      ['hosted/orphan', 'other/orphan', 11, undefined, undefined, undefined],
    ]);
  });

  const broken: Array<{ title: string; text: string; names: string[]; problem: string }> = [
    { title: 'a bad indent in the middle', text: 'models:\n  - name: a/one\n    tags: [X]\n  - name: a/two\n   bad: [\n  - name: a/three\n', names: ['a/one'], problem: '' },
    { title: 'an item that is not a mapping', text: 'models:\n  - just a string\n  - name: a/ok\n', names: ['a/ok'], problem: '1: An item of `models` is not a mapping' },
    { title: 'an item without a name', text: 'models:\n  - display_name: X\n  - name: a/ok\n', names: ['a/ok'], problem: '1: A model without `name`' },
    { title: 'models not a list', text: 'models: 3\n', names: [], problem: '0: `models` is not a list' },
  ];
  for (const row of broken) {
    it(`keeps what it can read: ${row.title}`, () => {
      const r = readModelMetadataYaml(row.text, { source: 'workspace', file: 'm.yaml' });
      assert.ok(r.items.length >= row.names.length);
      assert.deepStrictEqual(r.items.map((m) => m.name).slice(0, row.names.length), row.names);
      assert.ok(r.problems.length > 0, 'a problem is reported');
      if (row.problem) assert.strictEqual(`${r.problems[0].line}: ${r.problems[0].message}`, row.problem);
    });
  }
});

describeWithCorpus('scanner: HELM\'s own model YAMLs (corpus)', () => {
  const config = path.join(corpusDir ?? '', 'config');
  it('reads every model and deployment entry, without problems', () => {
    const metaText = fs.readFileSync(path.join(config, 'model_metadata.yaml'), 'utf8');
    const depText = fs.readFileSync(path.join(config, 'model_deployments.yaml'), 'utf8');
    const models = readModelMetadataYaml(metaText, { source: 'snapshot', file: 'model_metadata.yaml' });
    const deployments = readModelDeploymentsYaml(depText, { source: 'snapshot', file: 'model_deployments.yaml' });
    assert.deepStrictEqual(models.problems, []);
    assert.deepStrictEqual(deployments.problems, []);
    // Independent counts: every entry starts with `  - name:` at the list's indentation.
    assert.strictEqual(models.items.length, metaText.split('\n').filter((l) => l.startsWith('  - name:')).length);
    assert.strictEqual(deployments.items.length, depText.split('\n').filter((l) => l.startsWith('  - name:')).length);
    const lines = metaText.split('\n');
    for (const m of models.items) assert.ok(lines[m.origin.line].includes(`name: ${m.name}`), m.name);
    const gpt2 = models.items.find((m) => m.name === 'openai/gpt2');
    assert.ok(gpt2 && gpt2.tags.includes('TEXT_MODEL_TAG'));
  });
});

describe('scanner: what a run spec function does with a parameter', () => {
  const rows: Array<{ name: string; source: string; expected: Record<string, string | undefined> }> = [
    {
      name: 'a str method inside an f-string',
      source: '@run_spec_function("m")\ndef get_m(subject: str, method: str = "x"):\n    i = f"about {subject.replace(\'_\', \' \')}"\n    return RunSpec(name=f"m:{subject}")\n',
      expected: { subject: 'replace', method: undefined },
    },
    {
      name: 'a parameter assigned first is converted, not text',
      source: '@run_spec_function("m")\ndef get_m(k: str):\n    k = int(k)\n    x = k.lower()\n    return RunSpec(name="m")\n',
      expected: { k: undefined },
    },
    {
      name: 'an attribute of another name is not the parameter',
      source: '@run_spec_function("m")\ndef get_m(lang: str):\n    x = self.lang.lower()\n    return RunSpec(name="m")\n\ndef other(lang):\n    return lang.upper()\n',
      expected: { lang: undefined },
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const [fn] = scanRunSpecFunctions(row.source, { origin: 'plugin', file: 'x.py', module: 'x' }).functions;
      assert.deepStrictEqual(Object.fromEntries(fn.parameters.map((p) => [p.name, p.textMethod])), row.expected);
    });
  }

  it('reads `deprecated: true` of a model deployment', () => {
    const text = 'model_deployments:\n  - name: together/bloom\n    deprecated: true  # Removed\n    model_name: bigscience/bloom\n  - name: openai/gpt2\n    model_name: openai/gpt2\n';
    const { items } = readModelDeploymentsYaml(text, { source: 'workspace', file: 'model_deployments.yaml' });
    assert.deepStrictEqual(items.map((d) => [d.name, d.deprecated ?? false]), [['together/bloom', true], ['openai/gpt2', false]]);
  });
});
