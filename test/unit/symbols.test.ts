// Document symbols (entries under the corpus's comment headings) and workspace symbols.
import * as assert from 'assert';
import * as fs from 'fs';
import { parseConf } from '../../server/src/parser/index';
import { getDocumentSymbols, getWorkspaceSymbols, matchesQuery, type HelmSymbol } from '../../server/src/services/symbols';
import { corpusConfFiles, describeWithCorpus } from '../helpers/corpus';

/** The outline as indented lines: `name (detail)`, two blanks per level. */
function outline(syms: HelmSymbol[], depth = 0): string[] {
  return syms.flatMap((s) => [`${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''}`, ...outline(s.children, depth + 1)]);
}

describe('document symbols', () => {
  const rows: Array<{ title: string; text: string; expected: string[] }> = [
    {
      title: 'entries with no heading are top-level, named by description, detailed by priority',
      text: `entries: [
  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}
  {description: "boolq:model=text"}
]`,
      expected: ['mmlu:subject=anatomy,model=openai/gpt2 (priority 1)', 'boolq:model=text'],
    },
    {
      title: '##### headings hold ### and ## subsections, which hold entries',
      text: `entries: [
  ##### Question Answering #####

  ### Reading comprehension ###
  # Scenarios: BoolQ
  {description: "boolq:model=text", priority: 1}
  ## Closed-book
  {description: "truthful_qa:model=text", priority: 2}

  ##### Summarization #####
  {description: "summarization_xsum:model=text", priority: 1}
]`,
      expected: [
        'Question Answering',
        '  Reading comprehension',
        '    boolq:model=text (priority 1)',
        '  Closed-book',
        '    truthful_qa:model=text (priority 2)',
        'Summarization',
        '  summarization_xsum:model=text (priority 1)',
      ],
    },
    {
      title: 'banner headings (#### / # Title / ####) are outermost; lone # comments are prose',
      text: `entries: [
    ##########################
    # Auditory Perception
    ##########################
    # audio captions
    {description: "audiocaps:model=audiolm", priority: 1}
    ##### Sub #####
    {description: "voxceleb2:model=audiolm", priority: 1}
    ##########################
    # Fairness
    ##########################
    {description: "fleurs_fairness:gender=male,model=audiolm", priority: 1}
]`,
      expected: [
        'Auditory Perception',
        '  audiocaps:model=audiolm (priority 1)',
        '  Sub',
        '    voxceleb2:model=audiolm (priority 1)',
        'Fairness',
        '  fleurs_fairness:gender=male,model=audiolm (priority 1)',
      ],
    },
    {
      title: 'an entry without description is still listed',
      text: `entries: [ {priority: 1} ]`,
      expected: ['(no description) (priority 1)'],
    },
  ];
  for (const row of rows) {
    it(row.title, () => {
      assert.deepStrictEqual(outline(getDocumentSymbols(parseConf(row.text))), row.expected);
    });
  }

  it('a section spans from its heading to its last entry; an entry selects its description', () => {
    const text = `entries: [\n  ##### QA #####\n  {description: "boolq:model=text", priority: 1}\n]`;
    const [section] = getDocumentSymbols(parseConf(text));
    const entryEnd = text.indexOf('}') + 1;
    assert.deepStrictEqual(section.span, { start: text.indexOf('#'), end: entryEnd });
    assert.deepStrictEqual(section.selectionSpan, { start: text.indexOf('QA'), end: text.indexOf('QA') + 2 });
    assert.deepStrictEqual(section.children[0].span, { start: text.indexOf('{'), end: entryEnd });
    const quote = text.indexOf('"boolq');
    assert.deepStrictEqual(section.children[0].selectionSpan, { start: quote, end: text.indexOf('"', quote + 1) + 1 });
  });
});

describe('workspace symbols', () => {
  const a = parseConf(`entries: [\n  ##### QA #####\n  {description: "boolq:model=text", priority: 1}\n  {description: "mmlu:subject=anatomy,model=text", priority: 2}\n]`);
  const b = parseConf(`entries: [ {description: "mmlu:subject=philosophy,model=text", priority: 2} ]`);
  const files = [
    { uri: 'file:///a/run_entries_a.conf', conf: a },
    { uri: 'file:///a/run_entries_b.conf', conf: b },
  ];
  const rows: Array<{ query: string; expected: string[] }> = [
    { query: 'mmlu', expected: ['run_entries_a.conf mmlu:subject=anatomy,model=text in QA', 'run_entries_b.conf mmlu:subject=philosophy,model=text'] },
    { query: 'boolq', expected: ['run_entries_a.conf boolq:model=text in QA'] },
    { query: 'mmluphil', expected: ['run_entries_b.conf mmlu:subject=philosophy,model=text'] },
    { query: 'nothing-like-this', expected: [] },
  ];
  for (const row of rows) {
    it(`query ${JSON.stringify(row.query)}`, () => {
      const got = getWorkspaceSymbols(files, row.query).map((m) => `${m.uri.split('/').pop()} ${m.name}${m.container ? ` in ${m.container}` : ''}`);
      assert.deepStrictEqual(got, row.expected);
    });
  }
  it('matches a case-insensitive subsequence', () => {
    assert.strictEqual(matchesQuery('MMLU:subject=anatomy', 'mmlanat'), true);
    assert.strictEqual(matchesQuery('boolq', 'qb'), false);
  });
});

describeWithCorpus('document symbols on the corpus', () => {
  it('every entry of every corpus file appears exactly once in the outline', () => {
    for (const file of corpusConfFiles()) {
      const conf = parseConf(fs.readFileSync(file, 'utf8'));
      const count = (syms: HelmSymbol[]): number => syms.reduce((n, s) => n + (s.kind === 'entry' ? 1 : 0) + count(s.children), 0);
      assert.strictEqual(count(getDocumentSymbols(conf)), conf.entries.length, file);
    }
  });

  it('run_entries_audio.conf is outlined by its banner headings', () => {
    const file = corpusConfFiles().find((f) => f.endsWith('run_entries_audio.conf'));
    if (!file) return;
    const names = getDocumentSymbols(parseConf(fs.readFileSync(file, 'utf8'))).filter((s) => s.kind === 'section').map((s) => s.name);
    assert.ok(names.includes('Auditory Perception') && names.includes('Fairness'), names.join(', '));
  });
});
