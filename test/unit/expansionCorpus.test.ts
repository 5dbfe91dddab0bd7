// Static expansion of every corpus entry (--models-to-run openai/gpt2) against HELM's own names, when they were recorded.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { expandConf } from '../../server/src/expansion/staticExpansion';
import { parseConf } from '../../server/src/parser/index';
import { corpusConfFiles, describeWithCorpus } from '../helpers/corpus';
import { snapshotRegistry } from '../helpers/registry';

/** HELM's names per file and entry, as scripts/helm-names.ts writes them (absent on most machines). */
interface ExactNames {
  files: Record<string, { entries: Array<{ description: string; runSpecs?: string[]; error?: string }> }>;
}

const exactPath = process.env.HELM_EXACT_NAMES ?? path.join(os.tmpdir(), 'helm-exact-names.json');

function readExact(): ExactNames | undefined {
  try {
    return JSON.parse(fs.readFileSync(exactPath, 'utf8')) as ExactNames;
  } catch {
    return undefined;
  }
}

/** Entries whose names were read by hand from the run spec functions (checked when HELM's names are absent). */
const HAND_CHECKED: Record<string, string[]> = {
  'mmlu:subject=anatomy,model=text': ['mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2'],
  'boolq:model=text,data_augmentation=canonical': ['boolq:model=openai_gpt2,data_augmentation=canonical'],
  'natural_qa:model=text,mode=closedbook,data_augmentation=canonical': ['natural_qa:mode=closedbook,model=openai_gpt2,data_augmentation=canonical'],
};

describeWithCorpus('static expansion of the corpus', () => {
  const registry = snapshotRegistry();
  if (!registry) {
    it.skip('(skipped: server/src/registry has no snapshot (server/data/registry-snapshot.json))');
    return;
  }
  const filters = { modelsToRun: ['openai/gpt2'] };
  const expanded = corpusConfFiles().map((file) => {
    const conf = parseConf(fs.readFileSync(file, 'utf8'));
    return { file: path.basename(file), expansions: expandConf(conf, registry, filters) };
  });

  it('names at least 90% of the entries exactly as HELM does, and marks every other one approximate', function () {
    const exact = readExact();
    let checked = 0;
    let same = 0;
    let approximate = 0;
    const wrong: string[] = [];
    for (const { file, expansions } of expanded) {
      const helm = exact?.files[file]?.entries;
      expansions.forEach((e, i) => {
        const expected = helm ? helm[i]?.runSpecs : HAND_CHECKED[e.description];
        if (!expected) return; // HELM failed for want of network or torch here, or not hand-checked
        if (helm) assert.strictEqual(helm[i].description, e.description, `${file} entry ${i}`);
        checked++;
        const ours = e.runSpecs.map((r) => r.name);
        if (!e.approximate && JSON.stringify(ours) === JSON.stringify(expected)) same++;
        else if (e.approximate) approximate++;
        else wrong.push(`${file}: ${e.description}: HELM ${JSON.stringify(expected)}, static ${JSON.stringify(ours)} ${e.error ?? ''}`);
      });
    }
    if (checked === 0) this.skip();
    this.test!.title += ` (${same}/${checked} exact, ${approximate} approximate${exact ? ', against HELM' : ', hand-checked'})`;
    assert.deepStrictEqual(wrong, []);
    assert.ok(same >= 0.9 * checked, `${same} of ${checked}`);
  });

  it('marks at most 10% of all entries approximate', () => {
    const all = expanded.flatMap((x) => x.expansions);
    const approximate = all.filter((e) => e.approximate).length;
    assert.ok(all.length > 4000, `${all.length} entries`);
    assert.ok(approximate <= 0.1 * all.length, `${approximate} of ${all.length}`);
  });
});
