// Description parsing as HELM's parse_object_spec: pieces, typed values, HELM's verdict, exact spans.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { parseDescription } from '../../server/src/parser/description';
import type { ParsedDescription } from '../../server/src/parser/types';

const PREFIX = '{description: "';
const SUFFIX = '", priority: 1}';

/** Decodes the HOCON escapes of a quoted string's content; offsetOf maps each decoded character to the document. */
function decodeQuoted(doc: string, start: number, end: number): { text: string; offsetOf: (i: number) => number } {
  let text = '';
  const offsets: number[] = [];
  const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
  for (let i = start; i < end; ) {
    offsets.push(i);
    if (doc[i] !== '\\') {
      text += doc[i];
      i++;
    } else if (doc[i + 1] === 'u') {
      text += String.fromCharCode(parseInt(doc.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      text += simple[doc[i + 1]];
      i += 2;
    }
  }
  offsets.push(end);
  return { text, offsetOf: (i) => offsets[i] };
}

/** Strips `<|…|>` markers from the content; returns the document and the marked spans (document offsets). */
function markedDocument(content: string): { doc: string; start: number; end: number; spans: Array<[number, number]> } {
  let plain = '';
  const spans: Array<[number, number]> = [];
  let open = -1;
  for (let i = 0; i < content.length; ) {
    if (content.startsWith('<|', i)) {
      open = PREFIX.length + plain.length;
      i += 2;
    } else if (content.startsWith('|>', i) && open >= 0) {
      spans.push([open, PREFIX.length + plain.length]);
      open = -1;
      i += 2;
    } else {
      plain += content[i];
      i++;
    }
  }
  return { doc: PREFIX + plain + SUFFIX, start: PREFIX.length, end: PREFIX.length + plain.length, spans };
}

/** The content with ‹name›, ⟨key⟩ and «value» around the spans the parser gives. */
function layout(doc: string, start: number, end: number, parsed: ParsedDescription): string {
  const marks: Array<[number, string]> = [];
  const spans: Array<[{ start: number; end: number }, string, string]> = [[parsed.name.span, '‹', '›']];
  for (const a of parsed.args) {
    spans.push([a.key.span, '⟨', '⟩']);
    if (a.value) spans.push([a.value.span, '«', '»']);
  }
  for (const [s, o, c] of spans) {
    marks.push([s.start, o], [s.end, c]);
  }
  let out = '';
  let m = 0;
  for (let i = start; i <= end; i++) {
    while (m < marks.length && marks[m][0] === i) out += marks[m++][1];
    if (i < end) out += doc[i];
  }
  assert.strictEqual(m, marks.length, 'every span lies inside the description');
  return out;
}

const GOT = (got: string): string => `HELM stops with \`ValueError: Expected <key>=<value>, got ${got}\``;
// HELM's message puts the piece between single quotes as it is (an f-string, not repr()).
const noEquals = (piece: string): string => `\`${piece}\` is not \`key=value\`: ${GOT(`'${piece}'`)}.`;
const noEqualsAfter = (key: string, value: string, piece: string): string =>
  `\`${piece}\` is not \`key=value\`: a value cannot contain \`,\` (HELM splits the description on every \`,\`, so \`${key}\` gets \`${value}\` and \`${piece}\` stands alone); ${GOT(`'${piece}'`)}.`;
const TRAILING = `A trailing \`,\` leaves an empty argument after it: ${GOT("''")}.`;
const DOUBLE = `Two \`,\` in a row leave an empty argument between them: ${GOT("''")}.`;
const LEADING = `A \`,\` right after the \`:\` leaves an empty argument before it: ${GOT("''")}.`;
const BARE_COLON = `Nothing follows the \`:\`: HELM reads one empty argument and stops with \`ValueError: Expected <key>=<value>, got ''\`. Remove the \`:\` or add \`key=value\` arguments.`;

interface Row {
  /** Content of the quoted description as written in the document (HOCON escapes allowed), `<|…|>` around each problem. */
  src: string;
  /** The content with ‹name›, ⟨key⟩, «value» around the parsed spans. */
  layout: string;
  /** What HELM's parse_object_spec returns, or 'raises'. */
  helm: Array<[string, number | string]> | 'raises';
  /** The problem messages, in the order of the markers. */
  problems?: string[];
}

const rows: Row[] = [
  { src: 'mmlu:subject=anatomy,model=openai/gpt2', layout: '‹mmlu›:⟨subject⟩=«anatomy»,⟨model⟩=«openai/gpt2»', helm: [['subject', 'anatomy'], ['model', 'openai/gpt2']] },
  { src: 'mmlu', layout: '‹mmlu›', helm: [] },
  { src: '', layout: '‹›', helm: [] },
  { src: 'x', layout: '‹x›', helm: [] },
  { src: 'mmlu:model=', layout: '‹mmlu›:⟨model⟩=«»', helm: [['model', '']] },
  { src: 'mmlu:subject=', layout: '‹mmlu›:⟨subject⟩=«»', helm: [['subject', '']] },
  { src: 'mmlu:<|subject|>', layout: '‹mmlu›:⟨subject⟩', helm: 'raises', problems: [noEquals('subject')] },
  { src: 'mmlu:a=b=c', layout: '‹mmlu›:⟨a⟩=«b=c»', helm: [['a', 'b=c']] },
  { src: 'mmlu:a==b', layout: '‹mmlu›:⟨a⟩=«=b»', helm: [['a', '=b']] },
  { src: 'mmlu:url=http://x:8080', layout: '‹mmlu›:⟨url⟩=«http://x:8080»', helm: [['url', 'http://x:8080']] },
  { src: 'mmlu:subject=a:b', layout: '‹mmlu›:⟨subject⟩=«a:b»', helm: [['subject', 'a:b']] },
  { src: 'a:b:c=d', layout: '‹a›:⟨b:c⟩=«d»', helm: [['b:c', 'd']] },
  { src: 'mmlu:subject=a<|,|>', layout: '‹mmlu›:⟨subject⟩=«a»,⟨⟩', helm: 'raises', problems: [TRAILING] },
  { src: 'mmlu:a=1<|,|>', layout: '‹mmlu›:⟨a⟩=«1»,⟨⟩', helm: 'raises', problems: [TRAILING] },
  { src: 'mmlu:subject=a<|,|>,model=x', layout: '‹mmlu›:⟨subject⟩=«a»,⟨⟩,⟨model⟩=«x»', helm: 'raises', problems: [DOUBLE] },
  { src: 'mmlu:a=1<|,|><|,|>,b=2', layout: '‹mmlu›:⟨a⟩=«1»,⟨⟩,⟨⟩,⟨b⟩=«2»', helm: 'raises', problems: [DOUBLE, DOUBLE] },
  { src: 'mmlu:subject=a<|,|><|,|>', layout: '‹mmlu›:⟨subject⟩=«a»,⟨⟩,⟨⟩', helm: 'raises', problems: [DOUBLE, TRAILING] },
  { src: 'mmlu:<|,|>subject=a', layout: '‹mmlu›:⟨⟩,⟨subject⟩=«a»', helm: 'raises', problems: [LEADING] },
  { src: 'mmlu:<|,|>', layout: '‹mmlu›:⟨⟩,⟨⟩', helm: 'raises', problems: [LEADING] },
  { src: 'mmlu:<|,|><|,|>', layout: '‹mmlu›:⟨⟩,⟨⟩,⟨⟩', helm: 'raises', problems: [LEADING, TRAILING] },
  { src: 'mmlu:<|,|><|b|><|,|>', layout: '‹mmlu›:⟨⟩,⟨b⟩,⟨⟩', helm: 'raises', problems: [LEADING, noEquals('b'), TRAILING] },
  { src: 'mmlu:a=1<|,|><|,|><|,|>,b=2', layout: '‹mmlu›:⟨a⟩=«1»,⟨⟩,⟨⟩,⟨⟩,⟨b⟩=«2»', helm: 'raises', problems: [DOUBLE, DOUBLE, DOUBLE] },
  { src: 'mmlu<|:|>', layout: '‹mmlu›:⟨⟩', helm: 'raises', problems: [BARE_COLON] },
  { src: '<|:|>', layout: '‹›:⟨⟩', helm: 'raises', problems: [BARE_COLON] },
  { src: 'mmlu:<|:|>', layout: '‹mmlu›:⟨:⟩', helm: 'raises', problems: [noEquals(':')] },
  { src: 'mmlu:subject=a,subject=b', layout: '‹mmlu›:⟨subject⟩=«a»,⟨subject⟩=«b»', helm: [['subject', 'b']] },
  { src: 'mmlu:subject=a,model=x,subject=b', layout: '‹mmlu›:⟨subject⟩=«a»,⟨model⟩=«x»,⟨subject⟩=«b»', helm: [['subject', 'b'], ['model', 'x']] },
  { src: 'mmlu: subject=a', layout: '‹mmlu›:⟨ subject⟩=«a»', helm: [[' subject', 'a']] },
  { src: 'mmlu:subject =a', layout: '‹mmlu›:⟨subject ⟩=«a»', helm: [['subject ', 'a']] },
  { src: 'mmlu:subject= a', layout: '‹mmlu›:⟨subject⟩=« a»', helm: [['subject', ' a']] },
  { src: ' mmlu:subject=a', layout: '‹ mmlu›:⟨subject⟩=«a»', helm: [['subject', 'a']] },
  { src: 'mmlu :subject=a', layout: '‹mmlu ›:⟨subject⟩=«a»', helm: [['subject', 'a']] },
  { src: 'mmlu:a=1, b=2', layout: '‹mmlu›:⟨a⟩=«1»,⟨ b⟩=«2»', helm: [['a', 1], [' b', 2]] },
  { src: 'mmlu:a=1 ,b=2', layout: '‹mmlu›:⟨a⟩=«1 »,⟨b⟩=«2»', helm: [['a', 1], ['b', 2]] },
  { src: 'mmlu:subject=a,<|b|>', layout: '‹mmlu›:⟨subject⟩=«a»,⟨b⟩', helm: 'raises', problems: [noEqualsAfter('subject', 'a', 'b')] },
  { src: 'mmlu:model=openai/gpt2,<|subject|>', layout: '‹mmlu›:⟨model⟩=«openai/gpt2»,⟨subject⟩', helm: 'raises', problems: [noEqualsAfter('model', 'openai/gpt2', 'subject')] },
  { src: 'mmlu:subject=a,<|b|>,<|c|>', layout: '‹mmlu›:⟨subject⟩=«a»,⟨b⟩,⟨c⟩', helm: 'raises', problems: [noEqualsAfter('subject', 'a', 'b'), noEquals('c')] },
  { src: 'mmlu:subject=a,<|b|>,c=d', layout: '‹mmlu›:⟨subject⟩=«a»,⟨b⟩,⟨c⟩=«d»', helm: 'raises', problems: [noEqualsAfter('subject', 'a', 'b')] },
  { src: 'mmlu:subject=a,b=<|,|>', layout: '‹mmlu›:⟨subject⟩=«a»,⟨b⟩=«»,⟨⟩', helm: 'raises', problems: [TRAILING] },
  { src: 'mmlu:a=1,<| |>', layout: '‹mmlu›:⟨a⟩=«1»,⟨ ⟩', helm: 'raises', problems: [noEqualsAfter('a', '1', ' ')] },
  { src: "mmlu:<|it's|>", layout: "‹mmlu›:⟨it's⟩", helm: 'raises', problems: [noEquals("it's")] },
  { src: 'mmlu:=x', layout: '‹mmlu›:⟨⟩=«x»', helm: [['', 'x']] },
  { src: 'mmlu:=', layout: '‹mmlu›:⟨⟩=«»', helm: [['', '']] },
  { src: 'mmlu:a=1,b=2,c=3', layout: '‹mmlu›:⟨a⟩=«1»,⟨b⟩=«2»,⟨c⟩=«3»', helm: [['a', 1], ['b', 2], ['c', 3]] },
  { src: 'mmlu:model=text,data_augmentation=canonical', layout: '‹mmlu›:⟨model⟩=«text»,⟨data_augmentation⟩=«canonical»', helm: [['model', 'text'], ['data_augmentation', 'canonical']] },
  { src: 'mmlu:num_train_trials=1', layout: '‹mmlu›:⟨num_train_trials⟩=«1»', helm: [['num_train_trials', 1]] },
  { src: 'summarization_xsum:temperature=1.5', layout: '‹summarization_xsum›:⟨temperature⟩=«1.5»', helm: [['temperature', 1.5]] },
  { src: 'x:max_tokens=1e3', layout: '‹x›:⟨max_tokens⟩=«1e3»', helm: [['max_tokens', 1000]] },
  { src: 'x:v=-2', layout: '‹x›:⟨v⟩=«-2»', helm: [['v', -2]] },
  { src: 'x:v=nan', layout: '‹x›:⟨v⟩=«nan»', helm: [['v', NaN]] },
  { src: 'x:v=inf', layout: '‹x›:⟨v⟩=«inf»', helm: [['v', Infinity]] },
  { src: 'x:v=1_000', layout: '‹x›:⟨v⟩=«1_000»', helm: [['v', 1000]] },
  { src: 'x:v= 7', layout: '‹x›:⟨v⟩=« 7»', helm: [['v', 7]] },
  { src: 'x:v=0x10', layout: '‹x›:⟨v⟩=«0x10»', helm: [['v', '0x10']] },
  { src: 'x:v=True', layout: '‹x›:⟨v⟩=«True»', helm: [['v', 'True']] },
  { src: 'x:v=٣٤', layout: '‹x›:⟨v⟩=«٣٤»', helm: [['v', 34]] },
  { src: 'mmlu:subject=économie', layout: '‹mmlu›:⟨subject⟩=«économie»', helm: [['subject', 'économie']] },
  { src: '数学:科目=代数,<|模型|>', layout: '‹数学›:⟨科目⟩=«代数»,⟨模型⟩', helm: 'raises', problems: [noEqualsAfter('科目', '代数', '模型')] },
  { src: 'mmlu:subject=😀,<|😀|>', layout: '‹mmlu›:⟨subject⟩=«😀»,⟨😀⟩', helm: 'raises', problems: [noEqualsAfter('subject', '😀', '😀')] },
  // Escapes: the decoded text is shorter than what the document holds, and the spans follow the document.
  { src: 'mmlu:subject=\\"a\\",model=x', layout: '‹mmlu›:⟨subject⟩=«\\"a\\"»,⟨model⟩=«x»', helm: [['subject', '"a"'], ['model', 'x']] },
  { src: 'mmlu:subject=\\u00e9<|,|>', layout: '‹mmlu›:⟨subject⟩=«\\u00e9»,⟨⟩', helm: 'raises', problems: [TRAILING] },
  { src: 'mmlu:\\u0073ubject=a', layout: '‹mmlu›:⟨\\u0073ubject⟩=«a»', helm: [['subject', 'a']] },
  { src: 'mmlu:subject=a\\\\,<|b|>', layout: '‹mmlu›:⟨subject⟩=«a\\\\»,⟨b⟩', helm: 'raises', problems: [noEqualsAfter('subject', 'a\\', 'b')] },
  { src: 'mmlu\\u003asubject=a', layout: '‹mmlu›\\u003a⟨subject⟩=«a»', helm: [['subject', 'a']] },
  { src: 'mmlu<|\\u003a|>', layout: '‹mmlu›\\u003a⟨⟩', helm: 'raises', problems: [BARE_COLON] },
  { src: 'mmlu:subject=a\\u002c<|b|>', layout: '‹mmlu›:⟨subject⟩=«a»\\u002c⟨b⟩', helm: 'raises', problems: [noEqualsAfter('subject', 'a', 'b')] },
  { src: 'mmlu:<|\\u002c|>subject=a', layout: '‹mmlu›:⟨⟩\\u002c⟨subject⟩=«a»', helm: 'raises', problems: [LEADING] },
  { src: 'mmlu:a\\u003db', layout: '‹mmlu›:⟨a⟩\\u003d«b»', helm: [['a', 'b']] },
  { src: 'mmlu:a=\\t1', layout: '‹mmlu›:⟨a⟩=«\\t1»', helm: [['a', 1]] },
  { src: 'mmlu:stop=\\\\n', layout: '‹mmlu›:⟨stop⟩=«\\\\n»', helm: [['stop', '\\n']] },
  { src: 'mmlu:<|\\"q\\"|>', layout: '‹mmlu›:⟨\\"q\\"⟩', helm: 'raises', problems: [noEquals('"q"')] },
  { src: 'mmlu:<|a\\tb|>', layout: '‹mmlu›:⟨a\\tb⟩', helm: 'raises', problems: [noEquals('a\tb')] },
];

describe('parseDescription', () => {
  for (const row of rows) {
    it(JSON.stringify(row.src), () => {
      const { doc, start, end, spans } = markedDocument(row.src);
      const { text, offsetOf } = decodeQuoted(doc, start, end);
      const parsed = parseDescription(text, offsetOf);
      assert.strictEqual(parsed.text, text);
      assert.strictEqual(layout(doc, start, end, parsed), row.layout);
      if (row.helm === 'raises') assert.strictEqual(parsed.helmArgs, undefined);
      else assert.deepStrictEqual(parsed.helmArgs && [...parsed.helmArgs], row.helm);
      assert.deepStrictEqual(
        parsed.problems.map((p) => ({ message: p.message, span: [p.span.start, p.span.end], code: p.code, severity: p.severity })),
        (row.problems ?? []).map((message, i) => ({ message, span: spans[i], code: 'description-syntax', severity: 'error' })),
      );
      assert.strictEqual(parsed.commas.length, Math.max(0, parsed.args.length - 1));
      for (const c of parsed.commas) assert.match(doc.slice(c.start, c.end), /^(,|\\u002c)$/);
      if (parsed.colon) assert.match(doc.slice(parsed.colon.start, parsed.colon.end), /^(:|\\u003a)$/);
    });
  }

  it('offers to delete the separator that makes an empty piece, and the result is what HELM accepts', () => {
    const cases: Array<[string, string]> = [
      ['mmlu:subject=a,', 'mmlu:subject=a'],
      ['mmlu:subject=a,,model=x', 'mmlu:subject=a,model=x'],
      ['mmlu:,subject=a', 'mmlu:subject=a'],
      ['mmlu:', 'mmlu'],
    ];
    for (const [before, after] of cases) {
      const parsed = parseDescription(before, (i) => i);
      assert.strictEqual(parsed.problems.length, 1, before);
      const [fix] = parsed.problems[0].fixes ?? [];
      assert.ok(fix, before);
      const [edit] = fix.edits;
      assert.deepStrictEqual(edit.span, parsed.problems[0].span);
      const fixed = before.slice(0, edit.span.start) + edit.newText + before.slice(edit.span.end);
      assert.strictEqual(fixed, after);
      assert.notStrictEqual(parseDescription(fixed, (i) => i).helmArgs, undefined);
    }
  });
});

// Python's int(), then float(), else the string: [value as written, type, typed value].
const numberRows: Array<[string, 'int' | 'float' | 'str', number | string]> = [
  ['1', 'int', 1],
  ['-2', 'int', -2],
  ['+7', 'int', 7],
  ['007', 'int', 7],
  ['00', 'int', 0],
  ['-0', 'int', 0],
  ['0_7', 'int', 7],
  ['1_000', 'int', 1000],
  [' 7', 'int', 7],
  ['7 ', 'int', 7],
  ['\t7\n', 'int', 7],
  ['\u00a07', 'int', 7],
  ['7\u3000', 'int', 7],
  ['\u20287\u2029', 'int', 7],
  ['٣٤', 'int', 34],
  ['١٢٣٤٥٦٧٨٩٠', 'int', 1234567890],
  ['𝟙𝟚', 'int', 12],
  ['1_٣', 'int', 13],
  ['1.5', 'float', 1.5],
  ['1e3', 'float', 1000],
  ['1E+3', 'float', 1000],
  ['1.5e3', 'float', 1500],
  ['+.5e-3', 'float', 0.0005],
  ['.5', 'float', 0.5],
  ['5.', 'float', 5],
  ['1_000.5', 'float', 1000.5],
  ['0_0.0_0', 'float', 0],
  ['1e1_0', 'float', 1e10],
  ['1e400', 'float', Infinity],
  ['nan', 'float', NaN],
  ['-NaN', 'float', NaN],
  [' nan ', 'float', NaN],
  ['inf', 'float', Infinity],
  ['+inf', 'float', Infinity],
  ['-inf', 'float', -Infinity],
  ['Infinity', 'float', Infinity],
  ['-INFINITY', 'float', -Infinity],
  ['٣e٣', 'float', 3000],
  ['0x10', 'str', '0x10'],
  ['0b1', 'str', '0b1'],
  ['True', 'str', 'True'],
  ['1j', 'str', '1j'],
  ['infi', 'str', 'infi'],
  ['in f', 'str', 'in f'],
  ['.', 'str', '.'],
  ['1e', 'str', '1e'],
  ['-.e1', 'str', '-.e1'],
  ['1__0', 'str', '1__0'],
  ['_1', 'str', '_1'],
  ['1_', 'str', '1_'],
  ['1_.5', 'str', '1_.5'],
  ['1._5', 'str', '1._5'],
  ['1e_5', 'str', '1e_5'],
  ['1_e5', 'str', '1_e5'],
  ['- 7', 'str', '- 7'],
  ['1 000', 'str', '1 000'],
  ['\u001c7', 'str', '\u001c7'],
  ['\u200b7', 'str', '\u200b7'],
  ['', 'str', ''],
  [' ', 'str', ' '],
  ['openai/gpt2', 'str', 'openai/gpt2'],
];

describe('description values typed as Python types them', () => {
  for (const [value, type, typed] of numberRows) {
    it(`${JSON.stringify(value)} → ${type} ${String(typed)}`, () => {
      const parsed = parseDescription(`x:v=${value}`, (i) => i);
      const [arg] = parsed.args;
      assert.strictEqual(arg.valueType, type);
      assert.deepStrictEqual(arg.typedValue, typed);
      assert.deepStrictEqual(parsed.helmArgs?.get('v'), typed);
    });
  }

  it('4301 digits are too many for int() but float() takes them', () => {
    const arg = parseDescription(`x:v=${'1'.repeat(4301)}`, (i) => i).args[0];
    assert.strictEqual(arg.valueType, 'float');
    assert.strictEqual(parseDescription(`x:v=${'1'.repeat(4300)}`, (i) => i).args[0].valueType, 'int');
  });

  // The table above was written from Python's answers; re-ask Python where one is installed.
  const python = findPython();
  (python ? it : it.skip)('agrees with the Python on this machine, row by row', () => {
    const script = [
      'import json, sys',
      'out = []',
      'for v in json.loads(sys.argv[1]):',
      '    try: out.append(["int", int(v)])',
      '    except ValueError:',
      '        try: f = float(v); out.append(["float", "nan" if f != f else repr(f)])',
      '        except ValueError: out.append(["str", v])',
      'print(json.dumps(out))',
    ].join('\n');
    const values = numberRows.map((r) => r[0]);
    const answers = JSON.parse(execFileSync(python as string, ['-c', script, JSON.stringify(values)], { encoding: 'utf8' })) as Array<[string, number | string]>;
    numberRows.forEach(([value, type, typed], i) => {
      const [pyType, pyValue] = answers[i];
      assert.strictEqual(type, pyType, JSON.stringify(value));
      if (type === 'int') assert.strictEqual(typed, pyValue, JSON.stringify(value));
      if (type === 'float') {
        const expected = pyValue === 'nan' ? NaN : pyValue === 'inf' ? Infinity : pyValue === '-inf' ? -Infinity : Number(pyValue);
        assert.deepStrictEqual(typed, expected, JSON.stringify(value));
      }
    });
  });
});

function findPython(): string | undefined {
  for (const candidate of ['python3', 'python']) {
    try {
      execFileSync(candidate, ['-c', 'pass'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not installed under this name
    }
  }
  return undefined;
}
