// The conf parser: what HELM reads (values, run entries), row by row; the problems a user sees are in confProblems.test.ts.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { confData } from '../../server/src/parser/dataTree';
import { parseConf, RECOVERY_WARM_UP, warmUpRecovery } from '../../server/src/parser/index';
import type { HoconValue } from '../../server/src/parser/types';
import { FILE_REFUSED } from '../../server/src/services/rules';
import { applyEdits } from '../helpers/markers';
import { findPyhocon, pyhoconData } from '../helpers/pyhocon';

/** A HOCON value as pyhocon hands it to Python (objects merged, lists joined, strings concatenated). */
type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain } | undefined;

function plain(v: HoconValue | undefined): Plain {
  if (!v) return '';
  switch (v.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return v.value;
    case 'null':
      return null;
    case 'substitution':
      return undefined;
    case 'array':
      return v.items.map(plain);
    case 'object': {
      const out: { [key: string]: Plain } = {};
      for (const f of v.fields) out[f.key.path.join('.')] = plain(f.value);
      return out;
    }
    case 'concatenation':
      if (v.parts.every((p) => p.kind === 'array')) return v.parts.flatMap((p) => plain(p) as Plain[]);
      if (v.parts.every((p) => p.kind === 'object')) return Object.assign({}, ...v.parts.map(plain));
      return v.value;
  }
}

// ---------------------------------------------------------------- values read (checked against pyhocon)

describe('parseConf: values as pyhocon reads them', () => {
  const rows: Array<{ text: string; key: string; expected: Plain }> = [
    { text: 'a: 1', key: 'a', expected: 1 },
    { text: 'a = 1', key: 'a', expected: 1 },
    { text: 'a=1', key: 'a', expected: 1 },
    { text: 'a += [1]', key: 'a', expected: [1] },
    { text: 'a: -1', key: 'a', expected: -1 },
    { text: 'a: +1', key: 'a', expected: 1 },
    { text: 'a: .5', key: 'a', expected: 0.5 },
    { text: 'a: 1.0', key: 'a', expected: 1 },
    { text: 'a: 1e0', key: 'a', expected: 1 },
    { text: 'a: 1d', key: 'a', expected: '1d' },
    { text: 'a: 1.', key: 'a', expected: '1.' },
    { text: 'a: 0x10', key: 'a', expected: '0x10' },
    { text: 'a: 1-2', key: 'a', expected: '1-2' },
    { text: 'a: 1 2', key: 'a', expected: '1 2' },
    { text: 'a: true', key: 'a', expected: true },
    { text: 'a: TRUE', key: 'a', expected: true },
    { text: 'a: true false', key: 'a', expected: 'TrueFalse' },
    { text: 'a: null', key: 'a', expected: null },
    { text: 'a: nullx', key: 'a', expected: 'nullx' },
    { text: 'a: x', key: 'a', expected: 'x' },
    { text: 'a: x y # c', key: 'a', expected: 'x y' },
    { text: 'a: x#y', key: 'a', expected: 'x' },
    { text: 'a: x//y', key: 'a', expected: 'x//y' },
    { text: 'a: x //y', key: 'a', expected: 'x' },
    { text: 'a: 1//c', key: 'a', expected: 1 },
    { text: 'a: http://example.org/x', key: 'a', expected: 'http://example.org/x' },
    { text: 'a: x\\=y', key: 'a', expected: 'x=y' },
    { text: 'a: x\\,y', key: 'a', expected: 'x\\,y' },
    { text: 'a: x \\\n y', key: 'a', expected: 'x y' },
    { text: 'a: 中文', key: 'a', expected: '中文' },
    { text: 'a: "中文"', key: 'a', expected: '中文' },
    { text: 'a: "x\\ty\\"z\\\\w"', key: 'a', expected: 'x\ty"z\\w' },
    // pyhocon leaves \u, \b, \/ and \f as written.
    { text: 'a: "\\u00e9\\b\\/\\f"', key: 'a', expected: '\\u00e9\\b\\/\\f' },
    { text: 'a: "x\\qy"', key: 'a', expected: 'x\\qy' },
    // pyparsing expands a literal tab to the next multiple of 8 columns.
    { text: 'a: "x\ty"', key: 'a', expected: 'x   y' },
    { text: 'a: """x\ny"""', key: 'a', expected: 'x\ny' },
    { text: 'a: """x\\ny"""', key: 'a', expected: 'x\\ny' },
    // HELM opens the file in text mode: pyhocon gets a `\n` for each `\r\n` and lone `\r`.
    { text: 'a: """x\r\ny"""', key: 'a', expected: 'x\ny' },
    { text: 'a: """x\ry\r\r\nz"""', key: 'a', expected: 'x\ny\n\nz' },
    { text: 'a: "x\\ry"\r\nb: 1', key: 'a', expected: 'x\ry' },
    { text: 'a: """x""""', key: 'a', expected: 'x"' },
    { text: 'a:"x"y', key: 'a', expected: 'xy' },
    { text: 'a: "x"  "y" z  ', key: 'a', expected: 'x  y z' },
    { text: 'a: x "y" 1 true', key: 'a', expected: 'x y 1 True' },
    { text: 'a: "y" 1', key: 'a', expected: 'y 1' },
    { text: 'a: 1 "y"', key: 'a', expected: '1 y' },
    { text: 'a: """x"""  y', key: 'a', expected: 'xy' },
    { text: 'a: 01 x', key: 'a', expected: '01 x' },
    { text: 'a: x 01', key: 'a', expected: 'x 1' },
    { text: 'a: ${?NOPE} y', key: 'a', expected: undefined },
    { text: 'a:\n1', key: 'a', expected: 1 },
    { text: 'a\n:1', key: 'a', expected: 1 },
    { text: 'a: 1\r\nb: 2\rc: 3', key: 'c', expected: 3 },
    { text: 'a:\t1', key: 'a', expected: 1 },
    { text: 'a b: 1', key: 'a b', expected: 1 },
    { text: 'é: 1', key: 'é', expected: 1 },
    { text: 'a.b: 1', key: 'a.b', expected: 1 },
    { text: '"a.b": 1', key: 'a.b', expected: 1 },
    { text: '"""a""": 1', key: 'a', expected: 1 },
    { text: 'a {x: 1}', key: 'a', expected: { x: 1 } },
    { text: 'a: {x: 1} {y: 2}', key: 'a', expected: { x: 1, y: 2 } },
    { text: 'a: [1 2]', key: 'a', expected: ['1 2'] },
    { text: 'a: ["x" "y"]', key: 'a', expected: ['x y'] },
    { text: 'a: [1] [2]', key: 'a', expected: [1, 2] },
    { text: 'a: [1,]', key: 'a', expected: [1] },
    { text: 'a: [1 # c\n 2]', key: 'a', expected: [1, 2] },
    { text: 'a: [1 // c\n 2]', key: 'a', expected: [1, 2] },
    { text: 'a: 1,b: 2', key: 'b', expected: 2 },
    { text: '{a: 1}', key: 'a', expected: 1 },
  ];
  for (const row of rows) {
    it(`${JSON.stringify(row.text)} → ${row.key} = ${JSON.stringify(row.expected)}`, () => {
      const conf = parseConf(row.text);
      const errors = conf.problems.filter((p) => p.severity === 'error' && p.code !== 'no-entries');
      assert.deepStrictEqual(errors.map((p) => p.message), []);
      const field = [...conf.root.fields].reverse().find((f) => f.key.path.join('.') === row.key);
      assert.ok(field, `no field ${row.key}`);
      assert.deepStrictEqual(plain(field.value), row.expected);
    });
  }
});

describe('parseConf: line ends as HELM reads them', () => {
  // HELM opens a conf file in text mode: pyhocon gets a `\n` for each `\r\n` and lone `\r`, inside strings too.
  const texts = [
    'entries: [\r  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}\r  {description: "boolq:model=openai/gpt2"}\r]\r',
    'entries: [\r\n  {description: """mmlu:subject=anatomy,\r\nmodel=openai/gpt2""", priority: 1}\r\n]\r\n',
    'entries: [\n  {description: """a:x=1,\ry=2\r\rz=3"""}\n]\n',
    'entries: [\n  {description: "mmlu:subject=anatomy,\rmodel=openai/gpt2", priority: 1}\n]\n',
    'entries: [\n  {description: "a:x=1\\\ry=2"}\n]\n',
  ];
  const descriptions = (text: string): string[] | 'refused' => {
    const conf = parseConf(text);
    return conf.problems.some((p) => p.code === 'syntax-error') ? 'refused' : conf.entries.map((e) => e.description?.parsed?.text ?? '');
  };

  it('reads each text as written here (the same as pyhocon, below)', () => {
    assert.deepStrictEqual(texts.map(descriptions), [
      ['mmlu:subject=anatomy,model=openai/gpt2', 'boolq:model=openai/gpt2'],
      ['mmlu:subject=anatomy,\nmodel=openai/gpt2'],
      ['a:x=1,\ny=2\n\nz=3'],
      'refused',
      'refused',
    ]);
  });

  const pyhocon = findPyhocon();
  (pyhocon ? it : it.skip)(`pyhocon reads the same from what HELM hands it (${pyhocon ? pyhocon.found : 'skipped: no pyhocon, set PYHOCON_PYTHONPATH'})`, () => {
    const read = pyhocon!.read(texts);
    const theirs = read.map((r) => {
      if ('error' in r) return 'refused';
      const tree = r.tree as { object: Array<[string, { list: Array<{ object: Array<[string, unknown]> }> }]> };
      return tree.object[0][1].list.map((entry) => String(entry.object.find(([k]) => k === 'description')?.[1]));
    });
    assert.deepStrictEqual(theirs, texts.map(descriptions));
  });
});

/** The data our parser reads from a text, or 'refused' where it says pyhocon refuses the file. */
function reading(text: string): unknown {
  const conf = parseConf(text);
  return conf.problems.some((p) => FILE_REFUSED.has(p.code)) ? 'refused' : confData(conf);
}

/** A test per row (our reading), and one that runs pyhocon on them all (skipped, saying so, without pyhocon). */
function readAsPyhocon(rows: ReadonlyArray<{ text: string; read: unknown }>): void {
  for (const row of rows) {
    it(`${JSON.stringify(row.text)} → ${JSON.stringify(row.read)}`, () => assert.deepStrictEqual(reading(row.text), row.read));
  }
  const pyhocon = findPyhocon();
  (pyhocon ? it : it.skip)(`pyhocon reads the same (${pyhocon ? pyhocon.found : 'skipped: no pyhocon, set PYHOCON_PYTHONPATH'})`, () => {
    const theirs = pyhocon!.read(rows.map((r) => r.text)).map((r) => ('error' in r ? 'refused' : pyhoconData(r.tree)));
    assert.deepStrictEqual(theirs, rows.map((r) => r.read));
  });
}

describe('parseConf: `key {…}` is a field of that one object', () => {
  // Without a separator, pyhocon takes one object as the value (no concatenation), so the next field
  // may follow on the same line. With `:` or `=`, the object would be joined with what follows.
  const rows: Array<{ text: string; read: unknown }> = [
    { text: 'p {a: 1} r: 1', read: { p: { a: 1 }, r: 1 } },
    { text: 'entries: [{description: "a:x=1", p{n: 1}priority: 2}]', read: { entries: [{ description: 'a:x=1', p: { n: 1 }, priority: 2 }] } },
    { text: 'p\n{a: 1} r = 2', read: { p: { a: 1 }, r: 2 } },
    { text: 'p {a: 1} "r" {b: 2}', read: { p: { a: 1 }, r: { b: 2 } } },
    { text: 'x: {p {a: 1} r.s: 1}', read: { x: { p: { a: 1 }, r: { s: 1 } } } },
    { text: 'p: {a: 1} r: 1', read: 'refused' },
    { text: 'p {a: 1} {b: 2}', read: 'refused' },
    { text: 'p {a: 1} [1]', read: 'refused' },
    { text: 'p {a: 1} r', read: 'refused' },
  ];
  readAsPyhocon(rows);
});

describe('parseConf: `"""` that no `"""` closes', () => {
  // pyhocon's triple-quoted string needs its closing `"""`; without one it reads an empty `""` string,
  // then a `"` string from the third quote (which the line must close).
  readAsPyhocon([
    { text: 'a: """x"', read: { a: 'x' } },
    { text: 'entries: [{description: """mmlu:subject=anatomy", priority: 1}]', read: { entries: [{ description: 'mmlu:subject=anatomy', priority: 1 }] } },
    { text: 'a: """"\nb: 1', read: { a: '', b: 1 } },
    { text: 'a: """x\ny: 1', read: 'refused' },
    { text: 'a: """x"y"', read: 'refused' },
    { text: 'a: """x\ny: """', read: { a: 'x\ny: ' } },
  ]);
});

describe('parseConf: a `\\` before a blank', () => {
  // Only a `\\` right before the line break continues the value. Before a blank it is an escaped blank
  // in an unquoted value, and pyhocon strips the value's trailing blanks, escaped or not.
  readAsPyhocon([
    { text: 'a: x \\ \nb: 1', read: { a: 'x \\', b: 1 } },
    { text: 'a: [1, \\\t\n2]', read: { a: [1, '\\', 2] } },
    { text: 'a: x\\ y # c', read: { a: 'x\\ y' } },
    { text: 'a: x \\\n y', read: { a: 'x y' } },
  ]);
});

describe('parseConf: a key that names nothing', () => {
  readAsPyhocon([
    { text: 'entries: []\n"": 1', read: 'refused' },
    { text: 'x {. : 1}', read: 'refused' },
    { text: 'a.. : 1', read: { a: 1 } },
    { text: '" ": 1', read: { ' ': 1 } },
  ]);
});

describe('parseConf: `entries +=` at the top level', () => {
  // pyhocon reads `key += list` as `key = ${?key} list`: a second one with no plain `key:` before it
  // refers to itself, and pyhocon refuses the file.
  readAsPyhocon([
    { text: 'entries += [{description: "a"}]', read: { entries: [{ description: 'a' }] } },
    { text: 'entries: [{description: "a"}]\nentries += [{description: "b"}]\nentries += [{description: "c"}]', read: { entries: [{ description: 'a' }, { description: 'b' }, { description: 'c' }] } },
    { text: 'entries += [{description: "a"}]\nentries += [{description: "b"}]', read: 'refused' },
    { text: 'entries += [{description: "a"}]\nx: 1\nentries += [{description: "b"}]\nentries: []', read: 'refused' },
    { text: 'entries += [{description: "a"}]\nentries: [{description: "b"}]\nentries += [{description: "c"}]', read: { entries: [{ description: 'b' }, { description: 'c' }] } },
  ]);

  it('offers to write the first `entries +=` as `entries:`, which pyhocon reads the same', () => {
    const text = 'entries += [{description: "a"}]\nentries += [{description: "b"}]\n';
    const problem = parseConf(text).problems.find((p) => p.code === 'syntax-error');
    const fixed = applyEdits(text, problem?.fixes?.[0]?.edits ?? []);
    assert.strictEqual(fixed, 'entries: [{description: "a"}]\nentries += [{description: "b"}]\n');
    assert.deepStrictEqual(reading(fixed), { entries: [{ description: 'a' }, { description: 'b' }] });
  });
});

describe('parseConf: an object put over another value of the same key', () => {
  // pyhocon merges an object into an object, and an object replaces null or a list; over a string, a
  // number or a boolean (or a dotted key over a list) it cannot, and refuses the file.
  readAsPyhocon([
    { text: 'a: {c: 1}\na.b: 2', read: { a: { c: 1, b: 2 } } },
    { text: 'a: null\na {b: 2}', read: { a: { b: 2 } } },
    { text: 'a: [1]\na: {b: 2}', read: { a: { b: 2 } } },
    { text: 'a.b: 1\na.b.c: 2', read: { a: { b: { c: 2 } } } },
    { text: 'a.b: 2\na: 1', read: { a: 1 } },
    { text: 'a: 1\na {b: 2}', read: 'refused' },
    { text: 'x {a: "s", a.b: 2}', read: 'refused' },
    { text: 'a: true\na: {}', read: 'refused' },
    { text: 'a: [1]\na.b: 2', read: 'refused' },
    { text: 'a: "m"\na.x = [1]', read: { a: { x: [1] } } },
  ]);
});

describe('parseConf: a field without a value', () => {
  // pyhocon reads an empty string there and reads the rest of the file: the problem is an error only
  // where HELM then fails (dacite, or the run spec's name), a warning where HELM ignores the field.
  const rows: Array<{ text: string; read: unknown; severity: string }> = [
    { text: 'entries: [{description: "a:x=1", priority: }]', read: { entries: [{ description: 'a:x=1', priority: '' }] }, severity: 'error' },
    { text: 'entries: [{description: "a:x=1", groups:, priority: 1}]', read: { entries: [{ description: 'a:x=1', groups: '', priority: 1 }] }, severity: 'error' },
    { text: 'entries: [{description: }]', read: { entries: [{ description: '' }] }, severity: 'error' },
    { text: 'entries =\n', read: { entries: '' }, severity: 'error' },
    { text: 'entries: [{description: "a:x=1", note: # later\n}]', read: { entries: [{ description: 'a:x=1', note: '' }] }, severity: 'warning' },
    { text: 'entries: []\nnote:', read: { entries: [], note: '' }, severity: 'warning' },
  ];
  for (const row of rows) {
    it(`${JSON.stringify(row.text)}: a ${row.severity}`, () => {
      const missing = parseConf(row.text).problems.filter((p) => p.code === 'missing-value');
      assert.deepStrictEqual(missing.map((p) => p.severity), [row.severity]);
    });
  }

  it('`description:` without a value is not a missing description: HELM gets an empty one', () => {
    const conf = parseConf('entries: [{description: , priority: 1}]');
    assert.deepStrictEqual(conf.problems.map((p) => p.code), ['missing-value']);
  });

  readAsPyhocon(rows);
});

// ---------------------------------------------------------------- run entries read

describe('parseConf: run entries as HELM reads them', () => {
  const rows: Array<{ name: string; text: string; entries: Array<{ description?: string; priority?: number | boolean | null; groups?: string[]; other?: string[] }> }> = [
    {
      name: 'corpus style, newline separated, comments, trailing comma',
      text: '# header\nentries: [\n  # {description: "off:x=1", priority: 1}\n  {description: "a:x=1", priority: 1}  # note\n  {description: "b:y=2", priority=2},\n]\n',
      entries: [{ description: 'a:x=1', priority: 1 }, { description: 'b:y=2', priority: 2 }],
    },
    { name: 'quoted entries key', text: '"entries": [{"description": "a", "groups": ["g", h]}]', entries: [{ description: 'a', groups: ['g', 'h'] }] },
    // Each merged case as pyhocon reads it (ConfigFactory.parse_string, checked by running pyhocon).
    { name: 'merged objects read as one entry', text: 'entries: [{description: "a", priority: 1} {description: "b"}]', entries: [{ description: 'b', priority: 1 }] },
    { name: 'merged: a later priority replaces the earlier', text: 'entries: [{description: "a", priority: 1} {priority: 2}]', entries: [{ description: 'a', priority: 2 }] },
    { name: 'merged: the description may come second', text: 'entries: [{priority: 1} {description: "b"}]', entries: [{ description: 'b', priority: 1 }] },
    { name: 'merged: groups replace groups', text: 'entries: [{description: "a", groups: ["x"]} {groups: ["y"]}]', entries: [{ description: 'a', groups: ['y'] }] },
    { name: 'merged: three objects, the last description and priority win', text: 'entries: [{description: "a"} {description: "b"} {priority: 3}]', entries: [{ description: 'b', priority: 3 }] },
    { name: 'merged: an empty object adds nothing', text: 'entries: [{description: "a"} {}]', entries: [{ description: 'a' }] },
    { name: 'last entries wins', text: 'entries: [{description: "a"}]\nentries: [{description: "b"}]', entries: [{ description: 'b' }] },
    { name: 'entries += appends', text: 'entries: [{description: "a"}]\nentries += [{description: "b"}]', entries: [{ description: 'a' }, { description: 'b' }] },
    { name: 'braced root', text: '{\n entries: [{description: "a"}]\n}', entries: [{ description: 'a' }] },
    { name: 'CRLF', text: 'entries: [\r\n{description: "a", priority: 2}\r\n{description: "b"}\r\n]\r\n', entries: [{ description: 'a', priority: 2 }, { description: 'b' }] },
    { name: 'CR', text: 'entries: [\r{description: "a"}\r{description: "b"}\r]', entries: [{ description: 'a' }, { description: 'b' }] },
    { name: 'unknown keys kept apart', text: 'entries: [{description: "a", prority: 1}]', entries: [{ description: 'a', other: ['prority'] }] },
    { name: 'unquoted and triple-quoted descriptions', text: 'entries: [{description: mmlu}, {description: """x:y=1"""}]', entries: [{ description: 'mmlu' }, { description: 'x:y=1' }] },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const conf = parseConf(row.text);
      const got = conf.entries.map((e) => {
        const out: { description?: string; priority?: number | boolean | null; groups?: string[]; other?: string[] } = {};
        if (e.description?.parsed) out.description = e.description.parsed.text;
        if (e.priority) out.priority = e.priority.value;
        if (e.groups?.value) out.groups = e.groups.value;
        if (e.otherFields.length) out.other = e.otherFields.map((f) => f.key.raw);
        return out;
      });
      assert.deepStrictEqual(got, row.entries);
    });
  }

  it('keeps comments, and description spans point into the document', () => {
    const text = 'entries: [ // list\n  {description: "mmlu:subject=anatomy,model=openai/gpt2"} # c\n]';
    const conf = parseConf(text);
    assert.deepStrictEqual(conf.comments.map((c) => [c.style, c.text]), [['//', ' list'], ['#', ' c']]);
    const parsed = conf.entries[0].description?.parsed;
    assert.ok(parsed);
    const model = parsed.args[1].value;
    assert.ok(model);
    assert.strictEqual(text.slice(model.span.start, model.span.end), 'openai/gpt2');
  });

  it('offers the did-you-mean fix that renames the key', () => {
    const text = 'entries: [{description: "a", prority: 1}]';
    const fix = parseConf(text).problems.find((p) => p.code === 'unknown-entry-key')?.fixes?.[0];
    assert.ok(fix);
    assert.strictEqual(applyEdits(text, fix.edits), 'entries: [{description: "a", priority: 1}]');
  });

  it('offers the comma that separates run-together fields', () => {
    const text = 'entries: [{description: "a" priority: 1}]';
    const fix = parseConf(text).problems.find((p) => p.code === 'fields-run-together')?.fixes?.[0];
    assert.ok(fix);
    assert.strictEqual(applyEdits(text, fix.edits), 'entries: [{description: "a", priority: 1}]');
    assert.deepStrictEqual(parseConf(applyEdits(text, fix.edits)).problems, []);
  });

  it('never throws, and returns a problem, on a hopeless input', () => {
    for (const text of ['{{{{', ']]]]', '"', '${', '\\', 'a: [', '{a: [}]', '\u0000\ud800', ':::', '=', '+=']) {
      const conf = parseConf(text);
      assert.ok(conf.problems.length > 0, text);
    }
  });
});

describe('the language server’s warm-up of the recovering parse', () => {
  it('reads a text with a syntax error, so that it goes through Chevrotain’s recovery, and keeps its entry', () => {
    const conf = parseConf(RECOVERY_WARM_UP);
    assert.deepEqual(conf.problems.map((p) => p.code), ['syntax-error']);
    assert.deepEqual(conf.entries.map((e) => e.description?.parsed?.text), ['mmlu:subject=anatomy']);
    // The same call the server makes after its start: it throws nothing and leaves later parses as they were.
    warmUpRecovery();
    assert.deepEqual(parseConf(RECOVERY_WARM_UP).problems.map((p) => p.message), conf.problems.map((p) => p.message));
  });

  it('loads the recovering parser, which a process that reads only valid files never loads', () => {
    // In a process of its own: this one has loaded the recovering parser long ago.
    const parser = path.join(__dirname, '..', '..', 'server', 'src', 'parser', 'index.js');
    const script = `
      const { parseConf, warmUpRecovery } = require(${JSON.stringify(parser)});
      const loaded = () => Object.keys(require.cache).some((f) => f.endsWith('confParser.js'));
      parseConf('entries: [\\n  {description: "mmlu:subject=anatomy", priority: 1}\\n]\\n');
      const before = loaded();
      warmUpRecovery();
      console.log(JSON.stringify({ before, after: loaded() }));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { before: false, after: true });
  });
});
