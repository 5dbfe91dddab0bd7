// The conf parser: the problems a user sees, with their messages and exact ranges, row by row.
import * as assert from 'assert';
import { parseConf } from '../../server/src/parser/index';
import { markText, parseMarkers } from '../helpers/markers';

interface ProblemRow {
  name: string;
  /** Conf text; each `<|…|>` is the range of one expected problem, in document order. */
  text: string;
  /** The expected problems, in the order of the ranges: code and a piece of the message. */
  problems: Array<[code: string, message: string]>;
  /** Codes left out of the comparison (e.g. the description's own problems). */
  ignore?: string[];
}

const problemRows: ProblemRow[] = [
  {
    name: 'two fields without a comma run together',
    text: 'entries: [{description: "x"<| priority: 1|>}]',
    problems: [['fields-run-together', 'Missing comma before `priority`: pyhocon reads `priority: 1` as part of `description`, so description = "x priority: 1"']],
    ignore: ['description-syntax', 'missing-description'],
  },
  {
    name: 'a value on the next line swallows the next field',
    text: 'entries: [{description:<|\n priority: 1|>}]',
    problems: [['fields-run-together', 'Missing value after `description:`: pyhocon takes the next line as its value, so description = "priority: 1"']],
    ignore: ['description-syntax'],
  },
  {
    name: 'a quoted key swallowed',
    text: 'entries: [{description: "x"<| "priority": 1|>}]',
    problems: [['fields-run-together', 'Missing comma before `"priority"`']],
    ignore: ['description-syntax'],
  },
  {
    name: 'two entries on one line are merged',
    text: 'entries: [\n  <|{description: "a", priority: 1}|> {description: "b"}\n]',
    problems: [['entries-merged', "pyhocon merges them into one run entry, so this entry is lost (its `description` replaced by the later one's; its `priority` stays, on the later entry)"]],
  },
  {
    name: 'a second object without a description is merged into the entry: one valid entry, a warning',
    text: 'entries: [\n  {description: "a", priority: 1} <|{priority: 2}|>\n]',
    problems: [['entries-merged', 'pyhocon merges them into one run entry with the fields of both (the later `priority` replacing the earlier), so this is not a second entry. Write the fields in one object.']],
  },
  {
    name: 'a first object without a description is merged into the next one',
    text: 'entries: [<|{priority: 1}|> {description: "b"}]',
    problems: [['entries-merged', 'with the fields of both, so this is not a second entry']],
  },
  {
    name: 'two entries glued without a space are merged',
    text: 'entries: [<|{description: "a"}|>{description: "b"}]',
    problems: [['entries-merged', '2 objects on one line']],
  },
  { name: 'double comma', text: 'entries: [{description: "a"},<|,|>{description: "b"}]', problems: [['double-comma', 'Two commas with nothing between them']] },
  { name: 'double comma across a newline', text: 'entries: [{description: "a"},\n<|,|>{description: "b"}]', problems: [['double-comma', 'adds no item']] },
  { name: 'leading comma', text: 'entries: [<|,|>{description: "a"}]', problems: [['leading-comma', 'A comma right after `[`']] },
  { name: 'trailing comma is fine', text: 'entries: [{description: "a"},\n]', problems: [] },
  { name: 'BOM', text: '<|\ufeff|>entries: []', problems: [['bom', 'The file starts with a UTF-8 byte order mark (U+FEFF): pyhocon refuses the whole file']] },
  { name: 'no-break space indent', text: 'entries: [\n<|\u00a0\u00a0|>{description: "a"}\n]', problems: [['nbsp', 'A no-break space (U+00A0): pyhocon takes only spaces and tabs']] },
  { name: 'no-break space after a colon', text: 'entries: [{description:<|\u00a0|>"a"}]', problems: [['nbsp', 'refuses the whole file']] },
  { name: 'form feed', text: 'entries: [{description: "a"}]<|\f|>\n', problems: [['form-feed', 'A form feed (U+000C): pyhocon refuses the whole file']] },
  { name: 'no-break space inside a string is fine', text: 'entries: [{description: "a\u00a0b"}]', problems: [], ignore: ['description-syntax'] },
  {
    name: 'a JSON \\u escape stays as written',
    text: 'entries: [{description: "mmlu:subject=caf<|\\u00e9|>"}]',
    problems: [['undecoded-escape', 'pyhocon does not decode `\\u00e9`: HELM gets these 6 characters as they are, not `é`.']],
  },
  {
    name: 'a JSON \\/ escape stays as written',
    text: 'entries: [{description: "boolq:model=openai<|\\/|>gpt2"}]',
    problems: [['undecoded-escape', 'pyhocon does not decode `\\/`: HELM gets these 2 characters as they are, not `/`.']],
  },
  {
    name: 'a \\b escape in an unquoted value stays as written',
    text: 'entries: [{description: a<|\\b|>c}]',
    problems: [['undecoded-escape', 'pyhocon does not decode `\\b`: HELM gets these 2 characters as they are. It decodes only']],
    ignore: ['description-syntax'],
  },
  { name: 'the escapes pyhocon decodes are fine', text: 'entries: [{description: "a\\"b\\\\c\\n\\t\\=\\#\\!"}]', problems: [], ignore: ['description-syntax'] },
  { name: 'a triple-quoted string has no escapes at all', text: 'entries: [{description: """caf\\u00e9"""}]', problems: [], ignore: ['description-syntax'] },
  { name: 'unterminated string', text: 'entries: [{description: <|"mmlu:subject=x|>\n}]', problems: [['syntax-error', 'Unterminated string: the closing `"` is missing before the end of the line']] },
  // A lone `\r` is a line end for HELM, which reads the file in text mode (pyhocon gets a `\n`).
  { name: 'a string with a lone CR in it', text: 'entries: [{description: <|"mmlu:subject=x|>\r}, {description: "boolq"}]', problems: [['syntax-error', 'Unterminated string: the closing `"` is missing before the end of the line']] },
  { name: 'unterminated triple-quoted string', text: 'entries: []\na: <|"""|>x', problems: [['syntax-error', 'Unterminated string: the `"""` opened here is never closed']] },
  {
    name: 'unclosed entry at the end of the file',
    text: 'entries: [\n  {description: "a"<||>',
    problems: [['syntax-error', 'Expected `}` to close the entry opened on line 2.']],
  },
  {
    name: 'unclosed list at the end of the file',
    text: 'entries: [\n  {description: "a"}<||>\n',
    problems: [['syntax-error', 'Expected `]` to close the list opened on line 1.']],
  },
  {
    name: 'unclosed entry before the next one: both entries still read',
    text: 'entries: [\n  {description: "a"<||>\n  {description: "b", <|prority|>: 2}\n]',
    problems: [
      ['syntax-error', 'Expected `}` to close the entry opened on line 2, found `{`.'],
      ['unknown-entry-key', '`prority` is not a run entry field: HELM ignores it silently. Did you mean `priority`?'],
    ],
  },
  {
    name: 'an entry closed by `]` reports it, and the top-level leftovers',
    text: 'entries: [\n {description: "a"<|]|>\n <|{|>description: "b"}\n<|]|>',
    problems: [
      ['syntax-error', 'Expected `}` to close the entry opened on line 2, found `]`.'],
      ['syntax-error', 'Unexpected `{` at the top level: expected a key such as `entries:` (is a `]` or `}` above closed too early?)'],
      ['syntax-error', 'Unexpected `]`: no list is open here.'],
    ],
  },
  {
    name: 'an extra `}` inside the list',
    text: 'entries: [\n {description: "a"}<|}|>\n]',
    problems: [['syntax-error', 'Expected `]` to close the list opened on line 1, found `}`.']],
  },
  {
    name: 'a lone `}` lines below the last entry: on the `}`, where pyhocon reports it ("Expected \']\', found \'}\'")',
    text: 'entries: [\n  {description: "a"}\n\n  # more below\n\n<|}|>\n  {description: "b"}\n]',
    problems: [['syntax-error', 'Expected `]` to close the list opened on line 1, found `}`.']],
  },
  {
    name: 'an entry left open above a `]` on a later line: on the `]`, where pyhocon reports it',
    text: 'entries: [\n  {description: "a"\n\n<|]|>',
    problems: [['syntax-error', 'Expected `}` to close the entry opened on line 2, found `]`.']],
  },
  {
    name: 'a list nested 10,000 deep: one problem at the 33rd `[`, the rest of the file still read',
    text: `entries: [\n  {description: "a", <|x|>: ${'['.repeat(30)}<|[|>${'['.repeat(9969)}${']'.repeat(10000)}}\n  {description: "b", <|prority|>: 1}\n]`,
    problems: [
      ['unknown-entry-key', '`x` is not a run entry field'],
      ['syntax-error', 'Nested more than 32 levels deep: pyhocon reads nesting recursively, and with Python\'s default recursion limit it stops with `RecursionError: maximum recursion depth exceeded` at about 32 levels of objects (some 58 of lists), so helm-run fails. What this `[` holds is not checked.'],
      ['unknown-entry-key', '`prority` is not a run entry field'],
    ],
  },
  {
    name: 'objects nested 10,000 deep and never closed: one problem for the depth, one for the first `}` missing',
    text: `entries: [\n  {description: "a", <|a|>: ${'{a: '.repeat(30)}<|{|>${'a: {'.repeat(9969)}\n  }\n<|]|>`,
    problems: [
      ['unknown-entry-key', '`a` is not a run entry field'],
      ['syntax-error', 'Nested more than 32 levels deep'],
      ['syntax-error', 'Expected `}` to close the object opened on line 2, found `]`.'],
    ],
  },
  {
    name: '150,000 backslashes after the list: one problem for the run of them',
    text: `entries: [{description: "a"}]\n<|${'\\'.repeat(150000)}|>`,
    problems: [['syntax-error', '150000 backslashes outside a string: pyhocon refuses the whole file, so helm-run fails. Put the value in double quotes.']],
  },
  {
    name: 'a list without separator after the key',
    text: '<|entries|> [\n {description: "a"}\n]',
    problems: [['syntax-error', 'Expected `:`, `=` or `{` after the key `entries`, found `[`.']],
  },
  {
    name: 'stray closing bracket',
    text: 'entries: [{description: "a"}]\n<|]|>',
    problems: [['syntax-error', 'Unexpected `]`: no list is open here.']],
  },
  {
    name: 'key without separator',
    text: 'entries: [{<|description|> "a"}]',
    problems: [['syntax-error', 'Expected `:`, `=` or `{` after the key `description`, found `"a"`. pyhocon refuses the whole file.']],
  },
  {
    name: 'several broken entries each report',
    text: 'entries: [\n  {<|description|> "a"}\n  {description: "b", <|prority|>: 1}\n  {<|description|> "c"}\n  {description: "d", priority: <|"1"|>}\n]',
    problems: [
      ['syntax-error', 'after the key `description`'],
      ['unknown-entry-key', 'Did you mean `priority`?'],
      ['syntax-error', 'after the key `description`'],
      ['priority-not-int', '`priority` is the string "1", not an int: dacite fails. Write an int from 1 to 5 without quotes.'],
    ],
    ignore: ['missing-description'],
  },
  { name: '= in an unquoted value', text: 'entries: [{description: mmlu:subject<|=|>x}]', problems: [['syntax-error', '`=` in an unquoted value: pyhocon refuses the whole file']] },
  { name: '+ in an unquoted value', text: 'a: x<|+|>y\nentries: []', problems: [['syntax-error', 'Unexpected `+`: pyhocon cannot read it here']] },
  { name: 'key with a character pyhocon refuses', text: 'entries: []\n<|a(b|>: 1', problems: [['syntax-error', 'pyhocon cannot read `a(b` as a key (`(` is not allowed in an unquoted key)']] },
  {
    name: 'a second `entries +=` with no `entries:` before it',
    text: 'entries += [{description: "a:x=1"}]\n<|entries|> += [{description: "b:x=1"}]\n',
    problems: [['syntax-error', 'A second `entries +=` with no `entries:` before it: pyhocon reads `+=` as `entries = ${?entries} …`, which refers to itself here, and refuses the whole file']],
  },
  {
    name: 'an object put into a key that holds a number',
    text: 'entries: [{description: "a:x=1", priority: 1, <|priority.level|>: 2}]',
    problems: [['syntax-error', '`priority.level` puts an object into `priority`, which holds `1` (line 1): pyhocon cannot merge them and refuses the whole file (`ConfigWrongTypeException`)']],
    ignore: ['priority-not-int'],
  },
  {
    name: 'a dotted key under description: description is an object',
    text: 'entries: [{<|description.x|>: "a:x=1"}]',
    problems: [['description-not-string', '`description.x` makes `description` an object, not a string: dacite fails.']],
  },
  {
    name: 'a dotted key given a list after description: pyhocon puts the object in place of the string',
    text: 'entries: [{description: "a:x=1", <|description.x|>: ["g"]}]',
    problems: [['description-not-string', '`description.x` makes `description` an object, not a string: dacite fails.']],
  },
  { name: 'an empty quoted key', text: 'entries: []\n<|""|>: 1', problems: [['syntax-error', 'pyhocon cannot read `""` as a key (it names nothing): it refuses the whole file.']] },
  { name: 'a key of dots', text: 'entries: []\nx {<|.|> : 1}', problems: [['syntax-error', 'pyhocon cannot read `.` as a key (it names nothing)']] },
  { name: 'a key in another script', text: 'entries: []\n<|中|>: 1', problems: [['syntax-error', 'pyhocon cannot read `中` as a key']] },
  { name: 'object joined with a string', text: 'entries: []\na: <|{y: 1} x|>', problems: [['syntax-error', 'pyhocon cannot join an object and a string on one line']] },
  { name: 'root object followed by another', text: '{entries: []} <|{|>b: 2}', problems: [['syntax-error', 'Unexpected `{`: pyhocon reads one root object or list']] },
  // pyhocon reads an empty string for a field without a value (checked by running it: test/unit/confParser.test.ts).
  {
    name: 'missing value of groups: dacite fails on the empty string',
    text: 'entries: [{description: "a", groups<|:|>}]',
    problems: [['missing-value', 'Missing value after `groups:`: pyhocon reads an empty string here, not a list of strings: dacite fails.']],
    ignore: ['description-syntax'],
  },
  {
    name: 'missing value of priority: dacite fails on the empty string',
    text: 'entries: [{description: "a:x=1", priority<|:|> }]',
    problems: [['missing-value', 'Missing value after `priority:`: pyhocon reads an empty string here, not an int: dacite fails.']],
  },
  {
    name: 'missing value of description: HELM gets an empty description (the entry has one)',
    text: 'entries: [{description<|:|>, priority: 1}]',
    problems: [['missing-value', 'Missing value after `description:`: pyhocon reads an empty string here: HELM stops with `ValueError: Unknown run spec name: `.']],
  },
  { name: 'missing value of entries', text: 'entries<|:|>\n', problems: [['missing-value', 'Missing value after `entries:`: pyhocon reads an empty string here, not a list: dacite fails.']] },
  {
    name: 'missing value of a field HELM ignores: nothing fails',
    text: 'entries: [{description: "a:x=1", <|note|><|:|>}]\nnotes<|=|> # none yet\n',
    problems: [
      ['unknown-entry-key', '`note` is not a run entry field: HELM ignores it silently.'],
      ['missing-value', 'Missing value after `note:`: pyhocon reads an empty string here.'],
      ['missing-value', 'Missing value after `notes=`: pyhocon reads an empty string here.'],
    ],
  },
  {
    name: 'substitution is reported, not resolved',
    text: 'entries: [{description: <|${?DESC}|>}]',
    problems: [['unresolved-substitution', '`${?DESC}` is not resolved by this tool: pyhocon takes `DESC` from this file or from the environment variable `DESC` when helm-run starts, and leaves the field out when neither has it.']],
  },
  { name: 'unterminated substitution', text: 'entries: [{description: <|${DESC|>\n}]', problems: [['syntax-error', 'Unterminated substitution']] },
  {
    name: 'include is reported, not followed',
    text: '<|include "more.conf"|>\nentries: []',
    problems: [['include-not-followed', "pyhocon reads `more.conf` relative to helm-run's working folder (not this file's folder) and silently ignores a missing file"]],
  },
  { name: 'required include', text: '<|include required(file("x.conf"))|>\nentries: []', problems: [['include-not-followed', 'fails when the file is missing']] },
  { name: 'no entries', text: '<|a: 1|>\nb: 2', problems: [['no-entries', 'No `entries` list: HELM reads run entries from `entries: [ … ]`']] },
  { name: 'empty file', text: '<||>', problems: [['no-entries', 'No `entries` list']] },
  { name: 'root is a list', text: '<|[{description: "a"}]|>', problems: [['no-entries', 'The file is a list']] },
  { name: 'entries not a list', text: 'entries: <|{description: "a"}|>', problems: [['entries-not-list', '`entries` is an object, not a list: dacite fails.']] },
  { name: 'entry not an object', text: 'entries: [<|"mmlu:subject=x"|>]', problems: [['entry-not-object', 'This entry is the string "mmlu:subject=x", not an object']] },
  { name: 'missing description', text: 'entries: [<|{priority: 1}|>]', problems: [['missing-description', 'This entry has no `description`: dacite fails']] },
  { name: 'description not a string', text: 'entries: [{description: <|1|>}]', problems: [['description-not-string', '`description` is the int `1`, not a string: dacite fails.']] },
  { name: 'description a list', text: 'entries: [{description: <|["a"]|>}]', problems: [['description-not-string', 'is a list, not a string']] },
  { name: 'priority quoted', text: 'entries: [{description: "a", priority: <|"1"|>}]', problems: [['priority-not-int', 'the string "1", not an int']] },
  { name: 'priority float', text: 'entries: [{description: "a", priority: <|1.0|>}]', problems: [['priority-not-int', '`priority` is the float `1.0`, not an int']] },
  { name: 'priority exponent', text: 'entries: [{description: "a", priority: <|1e0|>}]', problems: [['priority-not-int', 'the float `1e0`']] },
  { name: 'priority 1d', text: 'entries: [{description: "a", priority: <|1d|>}]', problems: [['priority-not-int', 'the unquoted string `1d`, not an int']] },
  { name: 'priority list', text: 'entries: [{description: "a", priority: <|[1]|>}]', problems: [['priority-not-int', 'is a list, not an int']] },
  { name: 'priority true', text: 'entries: [{description: "a", priority: <|true|>}]', problems: [['priority-suspicious', 'dacite accepts it (a bool is an int in Python)']] },
  { name: 'priority null', text: 'entries: [{description: "a", priority: <|null|>}]', problems: [['priority-suspicious', 'the entry has no priority']] },
  { name: 'priority 0', text: 'entries: [{description: "a", priority: <|0|>}]', problems: [['priority-suspicious', 'Priority `0`: dacite accepts it']] },
  { name: 'priority -1', text: 'entries: [{description: "a", priority: <|-1|>}]', problems: [['priority-suspicious', 'a negative priority']] },
  { name: 'priority 7', text: 'entries: [{description: "a", priority: <|7|>}]', problems: [['priority-out-of-range', 'Priority `7` is outside 1 (highest) to 5']] },
  { name: 'groups not a list', text: 'entries: [{description: "a", groups: <|"g"|>}]', problems: [['groups-not-string-list', 'not a list of strings']] },
  { name: 'groups with an int', text: 'entries: [{description: "a", groups: ["g", <|1|>]}]', problems: [['groups-not-string-list', 'A group must be a string; this is the int `1`']] },
  { name: 'unknown key group', text: 'entries: [{description: "a", <|group|>: ["g"]}]', problems: [['unknown-entry-key', '`group` is not a run entry field: HELM ignores it silently. Did you mean `groups`?']] },
  { name: 'unknown key without suggestion', text: 'entries: [{description: "a", <|model|>: "x"}]', problems: [['unknown-entry-key', '`model` is not a run entry field: HELM ignores it silently.']] },
  {
    name: 'description problems come with exact offsets through escapes',
    text: 'entries: [{description: "m\\"x:a=1,<|b|>"}]',
    problems: [['description-syntax', '`b` is not `key=value`']],
  },
  {
    name: 'description problems inside a concatenation',
    text: 'entries: [{description: "mmlu:a=1,"<| b|>}]',
    problems: [['description-syntax', '` b` is not `key=value`: a value cannot contain `,`']],
  },
];

describe('parseConf: problems', () => {
  for (const row of problemRows) {
    it(row.name, () => {
      const { text, ranges } = parseMarkers(row.text);
      const conf = parseConf(text);
      const seen = conf.problems.filter((p) => !(row.ignore ?? []).includes(p.code) && p.severity !== 'hint');
      const shown = (ps: Array<{ code: string; span: { start: number; end: number } }>) =>
        ps.map((p) => `${p.code} ${markText(text, [], [p.span])}`);
      assert.strictEqual(ranges.length, row.problems.length, 'each expected problem needs one <|…|> range');
      // Counted first: marking each of a hundred thousand problems in a long text would take gigabytes.
      const listed = seen.slice(0, 10).map((p) => `${p.code} ${JSON.stringify(p.span)}: ${p.message.slice(0, 120)}`).join('\n');
      assert.strictEqual(seen.length, row.problems.length, `${seen.length} problems:\n${listed}`);
      assert.deepStrictEqual(
        shown(seen),
        shown(row.problems.map(([code], i) => ({ code, span: ranges[i] }))),
        seen.map((p) => p.message).join('\n'),
      );
      row.problems.forEach(([, message], i) => assert.ok(seen[i].message.includes(message), `${seen[i].message}\n  should contain\n${message}`));
    });
  }
});
