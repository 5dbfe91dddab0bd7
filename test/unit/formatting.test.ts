// Formatting, row by row: the text a user gets back (HELM's layout), what stays as written because pyhocon would read it differently, and why a file is refused.
import * as assert from 'assert';
import { parseConf } from '../../server/src/parser/index';
import { applyTextEdits, formatConf, type FormatOptions } from '../../server/src/services/formatting';
import { gapChanges } from '../../server/src/services/formatRange';
import { withRange } from '../helpers/markers';
import { seededRandom } from '../helpers/random';

function format(text: string, options?: FormatOptions): string {
  const r = formatConf(parseConf(text), options);
  if (!r.ok) assert.fail(`refused: ${r.reason}`);
  return applyTextEdits(text, r.edits);
}

export const FORMAT_ROWS: Array<{ title: string; text: string; expected: string; options?: FormatOptions }> = [
  {
    title: 'a multi-line entry goes on one line, keys in the order written',
    text: 'entries: [\n    {\n        priority: 2\n        description: "mmlu:subject=anatomy"\n    }\n]\n',
    expected: 'entries: [\n  {priority: 2, description: "mmlu:subject=anatomy"}\n]\n',
  },
  {
    title: '`=` becomes `:`, spaces after commas, no commas between entries',
    text: 'entries=[\n{description:"a:k=1",priority=1},\n{description : "b:k=1" , groups:["x","y"]},\n]',
    expected: 'entries: [\n  {description: "a:k=1", priority: 1}\n  {description: "b:k=1", groups: ["x", "y"]}\n]\n',
  },
  {
    title: 'two entries separated by a comma on one line go on two lines',
    text: 'entries: [{description: "a:k=1"}, {description: "b:k=1"}]',
    expected: 'entries: [\n  {description: "a:k=1"}\n  {description: "b:k=1"}\n]\n',
  },
  {
    title: 'comments stay where they are: headings at the indent, trailing comments on their entry',
    text: '# HELM lite\n\n\nentries: [  # the list\n\n      ##### QA #####\n  {description: "a:k=1", priority: 1},   # why\n\n\n\t// other\n  {description: "b:k=1"}\n\n  # last\n\n]   # end\n# after\n',
    expected: '# HELM lite\n\nentries: [ # the list\n  ##### QA #####\n  {description: "a:k=1", priority: 1} # why\n\n  // other\n  {description: "b:k=1"}\n\n  # last\n] # end\n# after\n',
  },
  {
    title: 'fields without a value (pyhocon reads an empty string) are kept as written',
    text: 'entries: [{description: "a:k=1", priority: }, {description: "b:k=1", note:}]\nnote:\n',
    expected: 'entries: [\n  {description: "a:k=1", priority: }\n  {description: "b:k=1", note:}\n]\nnote:\n',
  },
  {
    title: 'a value that ends with a backslash (the blank after it ends the value) is kept as written',
    text: 'entries: [\n    {description: "b:y=1", note: x \\ }\n]\n',
    expected: 'entries: [\n  {description: "b:y=1", note: x \\ }\n]\n',
  },
  {
    title: 'a commented-out entry stays a comment',
    text: 'entries: [\n  # {description: "old:k=1", priority: 1}\n  {description: "new:k=1", priority: 1}\n]\n',
    expected: 'entries: [\n  # {description: "old:k=1", priority: 1}\n  {description: "new:k=1", priority: 1}\n]\n',
  },
  {
    title: 'two fields without a comma are one string to pyhocon: kept as written',
    text: 'entries: [\n    {description: "x"   priority: 1}\n]\n',
    expected: 'entries: [\n  {description: "x"   priority: 1}\n]\n',
  },
  {
    title: 'two objects on one line are one merged entry to pyhocon: kept as written, on one line',
    text: 'entries: [\n    {description: "a:k=1"}   {description: "b:k=1"}\n]\n',
    expected: 'entries: [\n  {description: "a:k=1"}   {description: "b:k=1"}\n]\n',
  },
  {
    title: 'a value on the line after its `:` is moved up, reading the same',
    text: 'entries: [\n  {description:\n    "a:k=1", priority: 1}\n]\n',
    expected: 'entries: [\n  {description: "a:k=1", priority: 1}\n]\n',
  },
  {
    title: 'an entry with a comment inside stays as written (only its first line moves)',
    text: 'entries: [\n      {\n    description: "a:k=1"  # keep\n    priority: 1\n  }\n]\n',
    expected: 'entries: [\n  {\n    description: "a:k=1"  # keep\n    priority: 1\n  }\n]\n',
  },
  {
    title: 'a triple-quoted string over two lines stays as written',
    text: 'entries: [\n {description: """a:k=1\n""", priority: 1}\n]\n',
    expected: 'entries: [\n  {description: """a:k=1\n""", priority: 1}\n]\n',
  },
  {
    title: 'a tab inside a value keeps its column (pyparsing widens it to the next multiple of 8)',
    text: 'entries: [\n\t{description: "a:k=x\ty"}\n    {description: "b:k=1"}\n]\n',
    expected: 'entries: [\n\t{description: "a:k=x\ty"}\n  {description: "b:k=1"}\n]\n',
  },
  {
    title: '`,,` and a comma after `[` add no item: they go',
    text: 'entries: [, {description: "a:k=1"},, {description: "b:k=1"}]\n',
    expected: 'entries: [\n  {description: "a:k=1"}\n  {description: "b:k=1"}\n]\n',
  },
  {
    title: 'other top-level fields, includes and `entries +=` keep their text, one to a line',
    text: 'include "base.conf"\ndefaults {\n    suite = v1\n}, entries: [{description: "a:k=1"}]\nentries += [{description: "b:k=1"}]',
    expected: 'include "base.conf"\ndefaults {\n    suite = v1\n}\nentries: [\n  {description: "a:k=1"}\n]\nentries += [\n  {description: "b:k=1"}\n]\n',
  },
  {
    title: 'an empty list stays `[]`',
    text: 'entries:[ ]\n',
    expected: 'entries: []\n',
  },
  {
    title: 'CRLF line ends stay CRLF',
    text: 'entries: [\r\n    {description: "a:k=1",\r\n priority: 1}\r\n]\r\n',
    expected: 'entries: [\r\n  {description: "a:k=1", priority: 1}\r\n]\r\n',
  },
  {
    title: 'bare keys by default: `"entries"` and `"description"` lose their quotes',
    text: '"entries": [\n  {"description": "a:k=1", "priority": 1, "my.key": 2}\n]\n',
    expected: 'entries: [\n  {description: "a:k=1", priority: 1, "my.key": 2}\n]\n',
  },
  {
    title: 'quoted keys on request; a dotted bare key stays bare (quoting it would change its path)',
    text: 'entries: [\n  {description: "a:k=1", priority: 1, a.b: 2}\n]\n',
    expected: '"entries": [\n  {"description": "a:k=1", "priority": 1, a.b: 2}\n]\n',
    options: { quoteKeys: 'quoted' },
  },
];

describe('formatting: HELM layout', () => {
  for (const row of FORMAT_ROWS) {
    it(row.title, () => {
      const once = format(row.text, row.options);
      assert.strictEqual(once, row.expected);
      assert.strictEqual(format(once, row.options), once, 'a second run changes nothing');
    });
  }

  it('leaves a file HELM already formats as it is (no edit)', () => {
    const text = '# HELM\nentries: [\n  ## QA\n  {description: "a:k=1", priority: 1}\n\n  {description: "b:k=1", priority: 2, groups: ["g"]}\n]\n';
    const r = formatConf(parseConf(text));
    assert.deepStrictEqual(r, { ok: true, edits: [] });
  });

  const refusals: Array<{ title: string; text: string; reason: RegExp }> = [
    { title: 'a syntax error', text: 'entries: [\n  {description: "a:k=1"\n]\n', reason: /^not formatted: line 3 has a syntax error pyhocon refuses \(Expected `}` to close the entry opened on line 2, found `]`/ },
    { title: 'a byte order mark', text: '\ufeffentries: []\n', reason: /^not formatted: line 1 has a syntax error pyhocon refuses \(The file starts with a UTF-8 byte order mark/ },
    { title: 'an unterminated string', text: 'entries: [\n  {description: "a:k=1}\n]\n', reason: /^not formatted: line 2 .*Unterminated string/ },
    {
      title: 'a tab inside a value on a line it shares with another entry',
      text: 'entries: [\n  {description: "a:k=12"}, {description: "b:k=x\ty"}\n]\n',
      reason: /^not formatted: formatting would change what pyhocon reads \(a tab inside a value is widened by pyhocon/,
    },
  ];
  refusals.push({
    title: 'a tab between `null` and text in a value that would move (pyhocon keeps the widened blanks between them)',
    text: 'entries: [  {description: "a:k=1", note: 1 x\t: null}\n]\n',
    reason: /^not formatted: formatting would change what pyhocon reads \(a tab inside a value is widened by pyhocon/,
  });
  for (const row of refusals) {
    it(`refuses ${row.title}, saying why`, () => {
      const r = formatConf(parseConf(row.text));
      assert.ok(!r.ok, 'formatted a file it should refuse');
      assert.match(r.reason, row.reason);
    });
  }

  // Format Selection: the entries the selection touches, whole; of the gaps between entries (commas, blank lines,
  // comment indents) only what lies inside the selection.
  const RANGE_ROWS: Array<{ title: string; text: string; expected: string }> = [
    {
      title: 'a line selected with its indent: that entry and its indent only',
      text: 'entries: [\n    {description: "a:k=1",priority:1}\n<|    {description: "b:k=1",priority:1}|>\n    {description: "c:k=1",priority:1}\n]\n',
      expected: 'entries: [\n    {description: "a:k=1",priority:1}\n  {description: "b:k=1", priority: 1}\n    {description: "c:k=1",priority:1}\n]\n',
    },
    {
      title: 'the comma after the entry before and a comment above, outside the selection, stay as written',
      text: 'entries: [\n  {description: "a:k=1"},\n      # note\n\n\n<|    {description: "b:k=1",priority:1}|>\n]\n',
      expected: 'entries: [\n  {description: "a:k=1"},\n      # note\n\n\n  {description: "b:k=1", priority: 1}\n]\n',
    },
    {
      title: 'a comment line inside the selection gets the indent; the comma on the line before it stays',
      text: 'entries: [\n  {description: "a:k=1"},\n<|      # note\n    {description: "b:k=1"}|>\n]\n',
      expected: 'entries: [\n  {description: "a:k=1"},\n  # note\n  {description: "b:k=1"}\n]\n',
    },
    {
      title: 'whole lines as the editor selects them (to the start of the next line): the comma after the entry goes, the next indent stays',
      text: 'entries: [\n<|    {description: "a:k=1"},\n|>    {description: "b:k=1"},\n]\n',
      expected: 'entries: [\n  {description: "a:k=1"}\n    {description: "b:k=1"},\n]\n',
    },
    {
      title: 'a cursor in an entry: that entry only, not its indent',
      text: 'entries: [\n    {description: "a:k=1"},\n    {description: "b:k=1",<||>priority:1},\n]\n',
      expected: 'entries: [\n    {description: "a:k=1"},\n    {description: "b:k=1", priority: 1},\n]\n',
    },
    {
      title: 'two entries selected: the gap between them is laid out whole (blank lines to one, the comment at the indent)',
      text: 'entries: [\n  {description: "z:k=1"},\n<|    {description: "a:k=1"},\n\n\n\n        // why\n    {description: "b:k=1"}|>,\n]\n',
      expected: 'entries: [\n  {description: "z:k=1"},\n  {description: "a:k=1"}\n\n  // why\n  {description: "b:k=1"},\n]\n',
    },
    {
      title: 'CRLF line ends: the selected line only',
      text: 'entries: [\r\n    {description: "a:k=1"},\r\n<|    {description: "b:k=1"},\r\n|>    {description: "c:k=1"}\r\n]\r\n',
      expected: 'entries: [\r\n    {description: "a:k=1"},\r\n  {description: "b:k=1"}\r\n    {description: "c:k=1"}\r\n]\r\n',
    },
  ];
  for (const row of RANGE_ROWS) {
    it(`range formatting: ${row.title}`, () => {
      const { text, span } = withRange(row.text);
      const r = formatConf(parseConf(text), undefined, span);
      if (!r.ok) assert.fail(`refused: ${r.reason}`);
      assert.strictEqual(applyTextEdits(text, r.edits), row.expected);
    });
  }

  it("a gap's smallest changes, applied together, give the gap's new text (random gaps of blanks, commas, line breaks and comments)", () => {
    const rnd = seededRandom(7);
    const parts = [',', '\n', '\r\n', ' ', '  ', '\t', '# c', '# c  ', '// d', '\n\n'];
    const gap = (): string => Array.from({ length: Math.floor(rnd() * 12) }, () => parts[Math.floor(rnd() * parts.length)]).join('');
    for (let k = 0; k < 2000; k++) {
      const [before, after] = [`{${gap()}`, gap()];
      const piece = { span: { start: 1, end: before.length }, newText: after };
      const changes = gapChanges(before, piece);
      assert.strictEqual(applyTextEdits(before, changes), `{${after}`, JSON.stringify([before, after, changes]));
      for (const c of changes) assert.notStrictEqual(before.slice(c.span.start, c.span.end), c.newText, 'a change that changes nothing');
    }
  });
});
