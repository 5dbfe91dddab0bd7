// Folding ranges: multi-line objects and arrays, comment runs, heading sections.
import * as assert from 'assert';
import { parseConf } from '../../server/src/parser/index';
import { getFoldingRanges } from '../../server/src/services/folding';

/** Ranges as `start-end kind` with 1-based lines, as an editor's gutter shows them. */
const show = (text: string): string[] => getFoldingRanges(parseConf(text)).map((r) => `${r.startLine + 1}-${r.endLine + 1}${r.kind ? ` ${r.kind}` : ''}`);

describe('folding ranges', () => {
  const rows: Array<{ title: string; text: string; expected: string[] }> = [
    {
      title: 'the entries array folds up to the line before its closing bracket',
      text: 'entries: [\n  {description: "a:x=1"}\n  {description: "b:x=1"}\n]\n',
      expected: ['1-3'],
    },
    {
      title: 'a multi-line entry object folds; a one-line one does not',
      text: 'entries: [\n  {\n    description: "a:x=1",\n    priority: 1\n  }\n  {description: "b:x=1"}\n]',
      expected: ['1-6', '2-4'],
    },
    {
      title: 'a run of comment lines folds as a comment; one comment line does not',
      text: '# HELM lite\n# second line\n# third line\nentries: [\n  # one\n  {description: "a:x=1"}\n]',
      expected: ['1-3 comment', '4-6'],
    },
    {
      title: 'a heading folds down to the last entry of its section',
      text: 'entries: [\n  ##### QA #####\n  {description: "a:x=1"}\n  {description: "b:x=1"}\n\n  ##### Other #####\n  {description: "c:x=1"}\n  {description: "d:x=1"}\n]',
      expected: ['1-8', '2-4 region', '6-8 region'],
    },
    {
      title: 'a closing bracket after content on the same line folds through that line',
      text: 'entries: [\n  {description: "a:x=1"}]',
      expected: ['1-2'],
    },
    { title: 'an empty file has none', text: '', expected: [] },
  ];
  for (const row of rows) {
    it(row.title, () => assert.deepStrictEqual(show(row.text), row.expected));
  }
});
