// Code lenses: a pair per section by default (entries, RunSpecs, ▶ Run section), per run entry behind a setting; counts resolved lazily.
import * as assert from 'assert';
import { parseConf } from '../../server/src/parser/index';
import { updateConf } from '../../server/src/parser/incremental';
import type { ConfFile } from '../../server/src/parser/types';
import type { Registry } from '../../server/src/registry/types';
import { getCodeLenses, MAX_ENTRY_LENSES, resolveCountLens } from '../../server/src/services/codeLens';
import type { ExpansionFilters } from '../../server/src/common/protocol';
import { describeWithRegistry } from '../helpers/registry';

const CONF = `entries: [
  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}
  # a comment
  {description: "boolq:model=openai/gpt2,max_train_instances=all", priority: 2, groups: ["b", "a"]}
  {description: "nope:model=openai/gpt2", priority: 1}
]
`;

const SECTIONS = `entries: [
  {description: "boolq:model=openai/gpt2", priority: 1}

  ##### Knowledge #####
  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}
  ## Closed-book
  {description: "mmlu:subject=philosophy,model=openai/gpt2,data_augmentation=canonical", priority: 2}

  ##### Harms #####
  {description: "nope:model=openai/gpt2", priority: 1}
  ##### Empty #####
]
`;

/** What the editor shows above each line: `line: title → command args`, counts resolved. */
function shown(conf: ConfFile, registry: Registry, mode: 'sections' | 'entries', filters: ExpansionFilters = {}): string[] {
  return getCodeLenses(conf, mode).map((l) => {
    const r = l.role === 'count' ? resolveCountLens(conf, l, registry, filters) : l;
    return `${conf.lines.positionAt(l.span.start).line}: ${r.title} → ${r.command} ${JSON.stringify(r.args)}`;
  });
}

describeWithRegistry('code lenses', (registry) => {
  const rows: Array<{ title: string; text: string; mode: 'sections' | 'entries'; filters?: ExpansionFilters; expected: string[] }> = [
    {
      title: 'sections: one pair per outermost heading, one above `entries` for the entries before the first',
      text: SECTIONS,
      mode: 'sections',
      expected: [
        '0: 1 entry · 1 RunSpec → helmConf.showExpandedRunSpecs []',
        '0: ▶ Run section → helmConf.runSection [1,1]',
        '3: 2 entries · 2 RunSpecs → helmConf.showExpandedRunSpecs []',
        '3: ▶ Run section → helmConf.runSection [4,6]',
        '8: 1 entry · 0 RunSpecs · 1 HELM would refuse → helmConf.showExpandedRunSpecs []',
        '8: ▶ Run section → helmConf.runSection [9,9]',
      ],
    },
    {
      title: 'a file without headings: one pair for the whole file',
      text: CONF,
      mode: 'sections',
      filters: { priority: 1 },
      expected: ['0: 3 entries · 1 RunSpec · 1 HELM would refuse → helmConf.showExpandedRunSpecs []', '0: ▶ Run section → helmConf.runSection [1,4]'],
    },
    {
      title: 'entries: a count and a run command above each entry, with its 0-based line',
      text: CONF,
      mode: 'entries',
      filters: { priority: 1 },
      expected: [
        '1: 1 RunSpec → helmConf.showExpandedRunSpecs [1]',
        '1: Run this entry → helmConf.runEntry [1]',
        '3: 0 RunSpecs (dropped by priority) → helmConf.showExpandedRunSpecs [3]',
        '3: Run this entry → helmConf.runEntry [3]',
        '4: HELM error: 0 RunSpecs → helmConf.showExpandedRunSpecs [4]',
        '4: Run this entry → helmConf.runEntry [4]',
      ],
    },
  ];
  for (const row of rows) it(row.title, () => assert.deepStrictEqual(shown(parseConf(row.text), registry, row.mode, row.filters), row.expected));

  it('entries: a file of more than MAX_ENTRY_LENSES entries gets section lenses (two per entry would take seconds to send)', () => {
    const many = `entries: [\n${Array.from({ length: MAX_ENTRY_LENSES + 1 }, (_, i) => `  {description: "boolq:model=openai/gpt2,max_train_instances=${i}"}`).join('\n')}\n]\n`;
    assert.strictEqual(getCodeLenses(parseConf(many), 'entries').length, 2);
    const fewer = `entries: [\n${Array.from({ length: MAX_ENTRY_LENSES }, (_, i) => `  {description: "boolq:model=openai/gpt2,max_train_instances=${i}"}`).join('\n')}\n]\n`;
    assert.strictEqual(getCodeLenses(parseConf(fewer), 'entries').length, 2 * MAX_ENTRY_LENSES);
  });

  it('the largest section of a file is one lens, not one per entry', () => {
    const many = `entries: [\n  ##### All #####\n${Array.from({ length: 600 }, (_, i) => `  {description: "mmlu:subject=s${i},model=openai/gpt2", priority: 1}`).join('\n')}\n]\n`;
    const lenses = getCodeLenses(parseConf(many), 'sections');
    assert.strictEqual(lenses.length, 2);
    assert.strictEqual(resolveCountLens(parseConf(many), lenses[0], registry, {}).title, '600 entries · 600 RunSpecs');
  });

  it('while typing: after incremental edits and a change of filters, the same lenses as a fresh parse', () => {
    let conf = parseConf(CONF);
    shown(conf, registry, 'entries');
    const at = CONF.indexOf('anatomy') + 'anatomy'.length;
    const steps = [
      CONF.slice(0, at) + ',model=text' + CONF.slice(at),
      CONF.slice(0, at) + ',model=text' + CONF.slice(at).replace('nope:', 'boolq:'),
      CONF.replace('priority: 1}\n  #', 'priority: 1},\n\n  #'),
    ];
    for (const next of steps) {
      conf = updateConf(conf, next);
      for (const mode of ['entries', 'sections'] as const) {
        for (const filters of [{}, { priority: 1 }]) assert.deepStrictEqual(shown(conf, registry, mode, filters), shown(parseConf(next), registry, mode, filters), next);
      }
    }
  });
});
