// What users see of an expansion: the hover text, the file preview and `helm-conf expand` (code lenses: codeLens.test.ts).
import * as assert from 'assert';
import { expandConf, expandEntry } from '../../server/src/expansion/staticExpansion';
import { parseConf } from '../../server/src/parser/index';
import { runExpandCommand } from '../../server/src/cli/expand';
import { describeExpansion, renderExpansionPreview } from '../../server/src/services/expansionHover';
import type { Registry } from '../../server/src/registry/types';
import { describeWithRegistry } from '../helpers/registry';

const CONF = `entries: [
  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}
  # a comment
  {description: "boolq:model=openai/gpt2,max_train_instances=all", priority: 2, groups: ["b", "a"]}
  {description: "nope:model=openai/gpt2", priority: 1}
]
`;

describeWithRegistry('what users see of an expansion', (registry: Registry) => {
  describe('expansion hover', () => {
    const conf = parseConf(CONF);

    it('lists the static names with their count', () => {
      assert.strictEqual(
        describeExpansion(expandEntry(conf.entries[0], registry, {})),
        '**1 RunSpec** (static)\n\n- `mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2`',
      );
    });

    it('labels HELM’s own names exact and collapses past a dozen', () => {
      const runSpecs = Array.from({ length: 14 }, (_, i) => ({ name: `x:n=${i}` }));
      const text = describeExpansion(expandEntry(conf.entries[0], registry, {}), { ok: true, runSpecs });
      const lines = text.split('\n');
      assert.strictEqual(lines[0], '**14 RunSpecs** (exact, from HELM)');
      assert.strictEqual(lines.length, 2 + 12 + 1);
      assert.strictEqual(lines.at(-1), '- … and 2 more');
    });

    it('shows the error HELM would raise', () => {
      assert.strictEqual(
        describeExpansion(expandEntry(conf.entries[2], registry, {})),
        '**HELM would refuse this entry** (static)\n\n`ValueError: Unknown run spec name: nope`',
      );
    });

    it('marks approximate names', () => {
      const c = parseConf('entries: [{description: "codeinsights_edge_case:model=openai/gpt2,tpr=0.0"}]');
      const text = describeExpansion(expandEntry(c.entries[0], registry, {}));
      assert.match(text, /^\*\*1 RunSpec\*\* \(static, approximate\)/);
      assert.match(text, /\(approximate\)$/m);
    });
  });

  describe('expansion preview', () => {
    it('gives the filters, the total and each entry’s names', () => {
      const conf = parseConf(CONF);
      const filters = { modelsToRun: ['openai/gpt2'] };
      const text = renderExpansionPreview(conf, expandConf(conf, registry, filters), filters);
      const lines = text.split('\n');
      assert.deepStrictEqual(lines.slice(1, 5), [
        'Models to run: openai/gpt2  ',
        'Priority: all (no --priority)  ',
        'Groups to run: all (no --groups-to-run)  ',
        'Total: 7 RunSpecs from 3 entries, 1 entry HELM would refuse',
      ]);
      assert.ok(lines.includes('# line 2: mmlu:subject=anatomy,model=openai/gpt2'));
      assert.ok(lines.includes('boolq:model=openai_gpt2,max_train_instances=16,groups=a-b'));
      assert.ok(lines.includes('(error: ValueError: Unknown run spec name: nope)'));
    });
  });

  describe('helm-conf expand', () => {
    async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
      let stdout = '';
      let stderr = '';
      const files: Record<string, string> = { 'a.conf': CONF };
      const io = {
        stdout: (t: string) => (stdout += t),
        stderr: (t: string) => (stderr += t),
        readFile: (p: string) => {
          if (!(p in files)) throw new Error('ENOENT');
          return { text: files[p] };
        },
      };
      const code = await runExpandCommand(args, io, registry);
      return { code, stdout, stderr };
    }

    it('prints JSON items with 1-based lines', async () => {
      const r = await run(['a.conf', '--models-to-run', 'openai/gpt2', '--priority', '1', '--format', 'json']);
      assert.strictEqual(r.code, 0);
      const items = JSON.parse(r.stdout) as Array<{ line: number; runSpecs: string[]; exact: boolean; filteredOut?: boolean }>;
      assert.deepStrictEqual(items.map((i) => [i.line, i.runSpecs.length, i.exact, !!i.filteredOut]), [
        [2, 1, false, false],
        [4, 0, false, true],
        [5, 0, false, false],
      ]);
    });

    it('prints text with a total', async () => {
      const r = await run(['a.conf']);
      assert.strictEqual(r.code, 0);
      assert.match(r.stdout, /^a\.conf:2: mmlu:subject=anatomy,model=openai\/gpt2 {2}\(1 RunSpec\)\n {2}mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2\n/);
      assert.match(r.stdout, /\n7 RunSpecs from 3 entries \(static expansion\)\n$/);
    });

    it('exits 2 on a usage error or an unreadable file', async () => {
      assert.strictEqual((await run([])).code, 2);
      assert.strictEqual((await run(['a.conf', '--priority', 'high'])).code, 2);
      assert.strictEqual((await run(['a.conf', '--bogus'])).code, 2);
      const r = await run(['missing.conf']);
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, /cannot read missing\.conf/);
    });
  });
});
