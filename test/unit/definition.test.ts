// Go to definition: a run spec function → its def in HELM or a plugin; a model → its YAML entry; a local file that exists, else HELM on GitHub.
import * as assert from 'assert';
import { parseConf } from '../../server/src/parser/index';
import { getDefinition, nameAt } from '../../server/src/services/definition';
import type { Model, Origin, Registry, RunSpecFunction } from '../../server/src/registry/types';
import { withCursor } from '../helpers/markers';

function fn(name: string, origin: Origin): RunSpecFunction {
  return { name, pythonName: `get_${name}_spec`, parameters: [], takesKwargs: false, module: 'm', origin };
}
function model(name: string, origin: Origin): Model {
  return { name, tags: [], deprecated: false, unsupported: false, origin };
}

/** A registry holding just these items: the facts the definition service reads. */
function registryOf(functions: RunSpecFunction[], models: Model[]): Registry {
  return {
    version: 1,
    describeSource: 'test',
    functions: new Map(functions.map((f) => [f.name, f])),
    expanders: new Map(),
    wildcards: new Map(),
    models: new Map(models.map((m) => [m.name, m])),
    deployments: new Map(),
    deploymentGeneratorPrefixes: [],
    problems: [],
    wildcardMembers: () => [],
    confValues: () => [],
  };
}

const registry = registryOf(
  [
    fn('mmlu', { source: 'snapshot', file: 'helm/benchmark/run_specs/classic_run_specs.py', line: 40 }),
    fn('my_task', { source: 'plugin', file: '/ws/plugins/my_specs.py', line: 7 }),
    fn('gone', { source: 'plugin', file: '/ws/plugins/deleted.py', line: 3 }),
  ],
  [
    model('openai/gpt2', { source: 'snapshot', file: 'helm/config/model_metadata.yaml', line: 120 }),
    model('acme/local-1', { source: 'workspace', file: '/ws/prod_env/model_metadata.yaml', line: 3 }),
  ],
);

/** Files that exist in these tests (the definition never links to one that does not). */
const EXISTING = new Set([
  '/site/helm-src/helm/benchmark/run_specs/classic_run_specs.py',
  '/h/helm/config/model_metadata.yaml',
  '/ws/plugins/my_specs.py',
  '/ws/prod_env/model_metadata.yaml',
]);
const COMMIT = '63754d05db6f874e41a395880fb573890a13e791';
const links = (helmSrcRoot?: string) => ({ helmSrcRoot, helmCommit: COMMIT, exists: (f: string) => EXISTING.has(f) });
const github = (file: string, line: number): string => `https://github.com/stanford-crfm/helm/blob/${COMMIT}/src/${file}#L${line}`;

describe('definition', () => {
  const rows: Array<{ text: string; helmSrcRoot?: string; expected: string | undefined }> = [
    { text: 'entries: [{description: "mm<|>lu:subject=anatomy,model=openai/gpt2"}]', helmSrcRoot: '/site/helm-src', expected: 'file:///site/helm-src/helm/benchmark/run_specs/classic_run_specs.py:40' },
    // No HELM here: HELM's source at the snapshot's commit.
    { text: 'entries: [{description: "mm<|>lu:subject=anatomy,model=openai/gpt2"}]', expected: `${github('helm/benchmark/run_specs/classic_run_specs.py', 41)}:40` },
    // A HELM checkout without that file (another version): GitHub again, never a missing file.
    { text: 'entries: [{description: "mm<|>lu:subject=anatomy"}]', helmSrcRoot: '/h', expected: `${github('helm/benchmark/run_specs/classic_run_specs.py', 41)}:40` },
    { text: 'entries: [{description: "my_t<|>ask:x=1"}]', expected: 'file:///ws/plugins/my_specs.py:7' },
    { text: 'entries: [{description: "my_t<|>ask:x=1"}]', helmSrcRoot: '/h', expected: 'file:///ws/plugins/my_specs.py:7' },
    { text: 'entries: [{description: "mmlu:subject=anatomy,model=openai/<|>gpt2"}]', helmSrcRoot: '/h', expected: 'file:///h/helm/config/model_metadata.yaml:120' },
    { text: 'entries: [{description: "mmlu:subject=anatomy,model=openai/<|>gpt2"}]', expected: `${github('helm/config/model_metadata.yaml', 121)}:120` },
    { text: 'entries: [{description: "mmlu:model=acme/local-1<|>"}]', expected: 'file:///ws/prod_env/model_metadata.yaml:3' },
    // A plugin file that was deleted: no link at all.
    { text: 'entries: [{description: "gone<|>:x=1"}]', expected: undefined },
    { text: 'entries: [{description: "mmlu:sub<|>ject=anatomy"}]', expected: undefined },
    { text: 'entries: [{description: "nope<|>:x=1"}]', expected: undefined },
    { text: 'entries: [{description: "mmlu:x=1", prio<|>rity: 1}]', expected: undefined },
  ];
  for (const row of rows) {
    it(`${row.text}${row.helmSrcRoot ? ` (HELM at ${row.helmSrcRoot})` : ''} → ${row.expected ?? 'none'}`, () => {
      const { text, offset } = withCursor(row.text);
      const loc = getDefinition(parseConf(text), offset, registry, links(row.helmSrcRoot));
      assert.strictEqual(loc ? `${loc.uri}:${loc.line}` : undefined, row.expected);
    });
  }

  it('names the exact span of the function or model under the cursor', () => {
    const { text, offset } = withCursor('entries: [{description: "mmlu:model=open<|>ai/gpt2,subject=x"}]');
    const target = nameAt(parseConf(text), offset);
    assert.deepStrictEqual(target && { kind: target.kind, name: target.name, text: text.slice(target.span.start, target.span.end) }, { kind: 'model', name: 'openai/gpt2', text: 'openai/gpt2' });
  });
});
