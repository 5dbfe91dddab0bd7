// Hover links: where a run spec function, run expander, model or deployment is defined, with go to definition's rule (a local file that exists, else HELM on GitHub at the snapshot's commit).
import * as assert from 'assert';
import { parseConf } from '../../server/src/parser/index';
import type { Model, ModelDeployment, Origin, Registry, RunExpander, RunSpecFunction } from '../../server/src/registry/types';
import { doHover, EXPANDER_EXPLANATIONS } from '../../server/src/services/hover';
import type { SourceLinkContext } from '../../server/src/services/sourceLinks';
import { withCursor } from '../helpers/markers';

const snapshot = (file: string, line: number): Origin => ({ source: 'snapshot', file, line });
const RUN_SPECS = 'helm/benchmark/run_specs/classic_run_specs.py';
const EXPANDERS = 'helm/benchmark/run_expander.py';
const METADATA = 'helm/config/model_metadata.yaml';
const DEPLOYMENTS = 'helm/config/model_deployments.yaml';

const functions: RunSpecFunction[] = [
  { name: 'mmlu', pythonName: 'get_mmlu_spec', parameters: [], takesKwargs: false, module: 'm', origin: snapshot(RUN_SPECS, 40) },
  { name: 'my_task', pythonName: 'get_my_task_spec', parameters: [], takesKwargs: false, module: 'm', origin: { source: 'plugin', file: '/ws/plugins/my (specs).py', line: 7 } },
];
const expanders: RunExpander[] = [{ name: 'stop', className: 'StopRunExpander', values: { kind: 'set', values: ['hash'] }, checked: true, origin: snapshot(EXPANDERS, 200) }];
const models: Model[] = [{ name: 'openai/gpt2', tags: [], deprecated: false, unsupported: false, origin: snapshot(METADATA, 120) }];
const deployments: ModelDeployment[] = [{ name: 'huggingface/gpt2', modelName: 'openai/gpt2', origin: snapshot(DEPLOYMENTS, 9) }];

/** A registry holding just these items: the facts the hover reads. */
const registry: Registry = {
  version: 1,
  describeSource: 'test',
  functions: new Map(functions.map((f) => [f.name, f])),
  expanders: new Map(expanders.map((e) => [e.name, e])),
  wildcards: new Map(),
  models: new Map(models.map((m) => [m.name, m])),
  deployments: new Map(deployments.map((d) => [d.name, d])),
  deploymentGeneratorPrefixes: [],
  problems: [],
  wildcardMembers: () => [],
  confValues: () => [],
};

/** Files that exist in these tests (a hover never links to one that does not). */
const EXISTING = new Set(['/site/helm-src/helm/benchmark/run_specs/classic_run_specs.py', '/ws/plugins/my (specs).py']);
const COMMIT = '63754d05db6f874e41a395880fb573890a13e791';
const GITHUB = `https://github.com/stanford-crfm/helm/blob/${COMMIT}/src`;
const links = (helmSrcRoot?: string): SourceLinkContext => ({ helmSrcRoot, helmCommit: COMMIT, exists: (f) => EXISTING.has(f) });

/** The hover's lines at the `<|>` cursor. */
function hoverLines(source: string, context: SourceLinkContext | undefined): string[] {
  const { text, offset } = withCursor(`entries: [{description: "${source}", priority: 1}]`);
  return doHover(parseConf(text), offset, registry, { links: context })?.markdown.split('\n') ?? [];
}

describe('hover links', () => {
  const rows: Array<{ title: string; source: string; context?: SourceLinkContext; line: string }> = [
    {
      title: 'a snapshot function, no HELM installed: HELM on GitHub at the snapshot commit',
      source: 'mm<|>lu:subject=anatomy',
      context: links(),
      line: `Run spec function \`mmlu\`: \`get_mmlu_spec\` in [\`${RUN_SPECS}:41\`](${GITHUB}/${RUN_SPECS}#L41).`,
    },
    {
      title: 'a snapshot function, HELM installed: the local file at the line',
      source: 'mm<|>lu:subject=anatomy',
      context: links('/site/helm-src'),
      line: `Run spec function \`mmlu\`: \`get_mmlu_spec\` in [\`${RUN_SPECS}:41\`](file:///site/helm-src/${RUN_SPECS}#L41).`,
    },
    {
      title: 'an installed HELM without that file (another version): GitHub, never a missing file',
      source: 'mm<|>lu:subject=anatomy',
      context: links('/other-helm'),
      line: `Run spec function \`mmlu\`: \`get_mmlu_spec\` in [\`${RUN_SPECS}:41\`](${GITHUB}/${RUN_SPECS}#L41).`,
    },
    {
      title: 'without a commit to link to: plain text',
      source: 'mm<|>lu:subject=anatomy',
      context: { exists: (f) => EXISTING.has(f) },
      line: `Run spec function \`mmlu\`: \`get_mmlu_spec\` in \`${RUN_SPECS}:41\`.`,
    },
    {
      title: 'a plugin function: its file, brackets escaped so the link holds',
      source: 'my_t<|>ask:x=1',
      context: links(),
      line: 'Run spec function `my_task`: `get_my_task_spec` in [`/ws/plugins/my (specs).py:8`](file:///ws/plugins/my%20%28specs%29.py#L8).',
    },
    {
      title: 'a run expander',
      source: 'mmlu:subject=anatomy,st<|>op=hash',
      context: links(),
      line: `Defined in [\`${EXPANDERS}:201\`](${GITHUB}/${EXPANDERS}#L201).`,
    },
    {
      title: 'a model',
      source: 'mmlu:subject=anatomy,model=openai/<|>gpt2',
      context: links(),
      line: `Defined in [\`${METADATA}:121\`](${GITHUB}/${METADATA}#L121).`,
    },
    {
      title: 'a deployment',
      source: 'mmlu:subject=anatomy,model_deployment=hugging<|>face/gpt2',
      context: links(),
      line: `- Defined in [\`${DEPLOYMENTS}:10\`](${GITHUB}/${DEPLOYMENTS}#L10)`,
    },
  ];
  for (const row of rows) {
    it(row.title, () => assert.ok(hoverLines(row.source, row.context).includes(row.line), hoverLines(row.source, row.context).join('\n')));
  }

  it('says nothing of where a model, deployment or expander is defined when no links are given (completion documentation)', () => {
    assert.deepStrictEqual(hoverLines('mmlu:subject=anatomy,stop<|>=hash', undefined), ['**stop**: run expander (`StopRunExpander`)', '', EXPANDER_EXPLANATIONS.stop, '', 'Values: `hash` (anything else fails while the RunSpec is built).']);
    assert.ok(!hoverLines('mmlu:model=openai/gpt2<|>', undefined).some((l) => l.includes('Defined in')));
    assert.ok(!hoverLines('mmlu:model_deployment=huggingface/gpt2<|>', undefined).some((l) => l.includes('Defined in')));
  });
});
