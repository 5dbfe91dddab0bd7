// A conf file whose bytes are not UTF-8: HELM's `open(path).read()` stops with UnicodeDecodeError, so the check says so where the bytes are, and the formatter leaves the file as it is.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { decodeUtf8, pythonDecodeError, readUserFile } from '../../server/src/common/userFiles';
import { helmConf } from '../helpers/helmConf';

/** Bytes after `ab`, and CPython's own error for them (3.11, `bytes.decode('utf-8')`). */
const CASES: Array<[string, number[], string]> = [
  ['a byte no character starts with', [0xff], "'utf-8' codec can't decode byte 0xff in position 2: invalid start byte"],
  ['a lone continuation byte', [0x80], "'utf-8' codec can't decode byte 0x80 in position 2: invalid start byte"],
  ['an overlong two-byte form', [0xc0, 0xaf], "'utf-8' codec can't decode byte 0xc0 in position 2: invalid start byte"],
  ['a start byte without its continuation', [0xe2, 0x28, 0xa1], "'utf-8' codec can't decode byte 0xe2 in position 2: invalid continuation byte"],
  ['a surrogate', [0xed, 0xa0, 0x80], "'utf-8' codec can't decode byte 0xed in position 2: invalid continuation byte"],
  ['an overlong three-byte form', [0xe0, 0x80, 0x80], "'utf-8' codec can't decode byte 0xe0 in position 2: invalid continuation byte"],
  ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], "'utf-8' codec can't decode byte 0xf4 in position 2: invalid continuation byte"],
  ['a two-byte character cut at the end', [0xc3], "'utf-8' codec can't decode byte 0xc3 in position 2: unexpected end of data"],
  ['a four-byte character cut at the end', [0xf0, 0x9f, 0x98], "'utf-8' codec can't decode bytes in position 2-4: unexpected end of data"],
];

/** Debian's Python, when this machine has it: the table above is held to it. */
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'pass']).status === 0);

describe('bytes that are not UTF-8', () => {
  for (const [title, bytes, error] of CASES) {
    it(`${title}: found where CPython stops, with its message`, () => {
      const decoded = decodeUtf8(Buffer.from([0x61, 0x62, ...bytes]));
      assert.ok(decoded.notUtf8, 'not found');
      assert.strictEqual(pythonDecodeError(decoded.notUtf8), `UnicodeDecodeError: ${error}`);
      assert.strictEqual(decoded.notUtf8.offset, 2, 'the U+FFFD after `ab`');
      assert.strictEqual(decoded.text.charAt(decoded.notUtf8.offset), '\ufffd');
    });
  }

  (PYTHON ? it : it.skip)(`the messages above are CPython’s own (${PYTHON ?? 'skipped: no python3'})`, () => {
    const script = 'import sys\nfor h in sys.argv[1:]:\n  try: bytes.fromhex(h).decode("utf-8")\n  except UnicodeDecodeError as e: print(e)\n';
    const hex = CASES.map(([, bytes]) => Buffer.from([0x61, 0x62, ...bytes]).toString('hex'));
    const r = spawnSync(PYTHON as string, ['-c', script, ...hex], { encoding: 'utf8' });
    assert.deepStrictEqual(r.stdout.trimEnd().split('\n'), CASES.map(([, , error]) => error));
  });

  it('a file that is UTF-8 is not flagged, U+FFFD and a byte order mark included', () => {
    const text = '\ufeffentries: [\n  {description: "mmlu:subject=\ufffd,model=openai/gpt2", priority: 1}  # é, 😀\n]\n';
    assert.deepStrictEqual(decodeUtf8(Buffer.from(text, 'utf8')), { text });
  });

  it('the offset is in the text: after multi-byte characters, the U+FFFD of the first bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('# é😀\n', 'utf8'), Buffer.from([0xe9, 0x0a, 0xff])]);
    const decoded = decodeUtf8(bytes);
    assert.strictEqual(decoded.text, '# é😀\n\ufffd\n\ufffd');
    assert.deepStrictEqual(decoded.notUtf8, { offset: 6, position: 9, length: 1, byte: 0xe9, reason: 'invalid continuation byte' });
  });
});

describe('helm-conf and a conf file saved in Latin-1', () => {
  let dir: string;
  let file: string;
  // `é` in Latin-1 (0xe9) in a comment: HELM stops before it reads any entry.
  const bytes = Buffer.concat([
    Buffer.from('entries: [\n  # r', 'utf8'),
    Buffer.from([0xe9]),
    Buffer.from('sum\xe9\n  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}\n]\n', 'latin1'),
  ]);
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-latin1-'));
    file = path.join(dir, 'run_entries_latin1.conf');
    fs.writeFileSync(file, bytes);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads it as text with a U+FFFD where each bad byte was, and says where the first is', () => {
    const read = readUserFile(file);
    assert.ok(read.ok);
    assert.strictEqual(read.text.split('\n')[1], '  # r\ufffdsum\ufffd');
    assert.strictEqual(read.notUtf8?.position, 16);
  });

  it('check: an error on the first bad byte, with the UnicodeDecodeError helm-run stops with, and exit 1', () => {
    const r = helmConf(['check', 'run_entries_latin1.conf'], dir);
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(r.stdout.trimEnd().split('\n'), [
      "run_entries_latin1.conf:2:6: error: The file is not UTF-8 here (byte 0xe9): HELM opens a conf file as UTF-8 text, and helm-run stops with `UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 16: invalid continuation byte` before it reads any entry. Save the file as UTF-8. [not-utf8]",
    ]);
    assert.match(r.stderr, /1 file checked: 1 error, 0 warnings, 0 others/);
  });

  it('check --rule not-utf8=off: the rule can be turned off like any other', () => {
    const r = helmConf(['check', 'run_entries_latin1.conf', '--rule', 'not-utf8=off'], dir);
    assert.strictEqual(r.code, 0);
    assert.strictEqual(r.stdout, '');
  });

  it('format: leaves every byte as it was, says why, and exits 1', () => {
    const r = helmConf(['format', 'run_entries_latin1.conf'], dir);
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(fs.readFileSync(file), bytes);
    assert.strictEqual(
      r.stderr,
      'run_entries_latin1.conf:2:6: not formatted: byte 0xe9 here is not UTF-8, and formatting would write it back as U+FFFD (helm-run cannot read the file either). Save the file as UTF-8 first.\n' +
        '1 file: 0 reformatted, 0 already formatted, 1 left as written (reason above)\n',
    );
  });

  it('format --check --format github: one annotation with the reason, said once', () => {
    const r = helmConf(['format', '--check', '--format', 'github', 'run_entries_latin1.conf'], dir);
    assert.strictEqual(r.code, 1);
    assert.strictEqual(
      r.stdout,
      '::error file=run_entries_latin1.conf,line=2,col=6,endLine=2,endColumn=6,title=helm-conf format::Not formatted: byte 0xe9 here is not UTF-8, and formatting would write it back as U+FFFD (helm-run cannot read the file either). Save the file as UTF-8 first.\n',
    );
  });
});

describe('helm-conf and a model YAML of prod_env saved in Windows-1252', () => {
  it('warns where helm-run would stop reading it, with its UnicodeDecodeError, and checks on', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-latin1-yaml-'));
    try {
      fs.mkdirSync(path.join(dir, 'prod_env'));
      // `display_name: "Acme “one”"` with the quotes as Windows-1252 writes them (0x93, 0x94).
      const yaml = Buffer.concat([
        Buffer.from('models:\n  - name: acme/m1\n    display_name: "Acme '),
        Buffer.from([0x93]),
        Buffer.from('one'),
        Buffer.from([0x94]),
        Buffer.from('"\n    creator_organization_name: Acme\n    access: open\n    release_date: 2024-01-01\n    tags: [TEXT_MODEL_TAG]\n'),
      ]);
      fs.writeFileSync(path.join(dir, 'prod_env', 'model_metadata.yaml'), yaml);
      fs.writeFileSync(path.join(dir, 'run_entries_acme.conf'), 'entries: [\n  {description: "boolq:model=openai/gpt2", priority: 1}\n]\n');
      const r = helmConf(['check', 'run_entries_acme.conf'], dir);
      assert.strictEqual(r.code, 0);
      assert.strictEqual(
        r.stderr.split('\n')[0],
        `helm-conf: ${path.join(dir, 'prod_env', 'model_metadata.yaml')}:3:25: The file is not UTF-8 here (byte 0x93): helm-run opens it as UTF-8 text when it starts, and stops with \`UnicodeDecodeError: 'utf-8' codec can't decode byte 0x93 in position 50: invalid start byte\`. Save the file as UTF-8.`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

