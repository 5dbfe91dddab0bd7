// A conf file saved in Latin-1, opened in an editor that reads it as UTF-8 (a U+FFFD where each bad byte is): the Problems panel says helm-run cannot read it, until the text differs from the file or the file is saved as UTF-8.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DidChangeWatchedFilesNotification, FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol';
import { fileUri, TestClient } from './lspClient';

const ENTRY = '  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}\n';
/** `# résumé` in Latin-1: 0xe9 is not UTF-8 there. */
const LATIN1 = Buffer.concat([Buffer.from('entries: [\n  # r'), Buffer.from([0xe9]), Buffer.from('sum'), Buffer.from([0xe9]), Buffer.from(`\n${ENTRY}]\n`)]);
const AS_UTF8 = LATIN1.toString('utf8');
const NOT_UTF8 = {
  code: 'not-utf8',
  message: "The file is not UTF-8 here (byte 0xe9): HELM opens a conf file as UTF-8 text, and helm-run stops with `UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 16: invalid continuation byte` before it reads any entry. Save the file as UTF-8.",
  range: { start: { line: 1, character: 5 }, end: { line: 1, character: 6 } },
};

/** A folder of its own for a describe block, and the server it starts: both gone after the block. */
function scratch(prefix: string): { dir: string; client?: TestClient; write(name: string, bytes: Buffer): string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const s: ReturnType<typeof scratch> = {
    dir,
    write(name, bytes) {
      fs.writeFileSync(path.join(dir, name), bytes);
      return fileUri(path.join(dir, name));
    },
  };
  after(() => {
    s.client?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return s;
}

const shown = (items: Diagnostic[]) => items.map((d) => ({ code: d.code, message: d.message, range: d.range }));

describe('language server: a conf file that is not UTF-8 on disk', function () {
  this.timeout(30000);
  const s = scratch('helm-latin1-lsp-');
  const { dir, write } = s;
  let client: TestClient | undefined;
  before(async () => (client = s.client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 } })));

  it('opened as the editor decodes it: a not-utf8 error on the first bad byte', async () => {
    const uri = write('run_entries_open.conf', LATIN1);
    await client!.open(uri, AS_UTF8, 1);
    assert.deepStrictEqual(shown((await client!.waitForDiagnostics(uri, (p) => p.version === 1)).diagnostics), [NOT_UTF8]);
  });

  it('edited, the text is no longer the file’s: the error goes (saved as UTF-8, the file is read by HELM)', async () => {
    const uri = write('run_entries_edited.conf', LATIN1);
    await client!.open(uri, AS_UTF8, 1);
    await client!.waitForDiagnostics(uri, (p) => p.version === 1);
    await client!.replace(uri, AS_UTF8.replace('sum', 'sumé'), 2);
    assert.deepStrictEqual(shown((await client!.waitForDiagnostics(uri, (p) => p.version === 2)).diagnostics), []);
  });

  it('the file saved as UTF-8 by another program: the error goes without an edit', async () => {
    const uri = write('run_entries_saved.conf', LATIN1);
    await client!.open(uri, AS_UTF8, 1);
    await client!.waitForDiagnostics(uri, (p) => p.version === 1 && p.diagnostics.length === 1);
    const seen = client!.published(uri).length;
    fs.writeFileSync(path.join(dir, 'run_entries_saved.conf'), AS_UTF8, 'utf8');
    await client!.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Changed }] });
    const next = await client!.waitForDiagnostics(uri, (p) => client!.published(uri).indexOf(p) >= seen);
    assert.deepStrictEqual(shown(next.diagnostics), []);
  });

  // An editor set to a single-byte encoding shows `é` (and, in Windows-1252, `“”` for 0x93 0x94): the same error, at the same place.
  const QUOTED = Buffer.concat([LATIN1.subarray(0, LATIN1.indexOf(0x0a, 12)), Buffer.from([0x20, 0x93, 0x71, 0x94]), LATIN1.subarray(LATIN1.indexOf(0x0a, 12))]);
  for (const [encoding, decode] of [
    ['Latin-1', (b: Buffer) => b.toString('latin1')],
    ['Windows-1252', (b: Buffer) => new TextDecoder('windows-1252').decode(b)],
  ] as const) {
    it(`opened as ${encoding}: the same error on the same character`, async () => {
      const uri = write(`run_entries_${encoding}.conf`, QUOTED);
      const text = decode(QUOTED);
      assert.ok(text.includes('résumé'), text);
      await client!.open(uri, text, 1);
      assert.deepStrictEqual(shown((await client!.waitForDiagnostics(uri, (p) => p.version === 1)).diagnostics), [NOT_UTF8]);
    });
  }

  it('a file that is UTF-8 with a U+FFFD of its own gets nothing', async () => {
    const uri = write('run_entries_utf8.conf', Buffer.from(AS_UTF8, 'utf8'));
    await client!.open(uri, AS_UTF8, 1);
    assert.deepStrictEqual(shown((await client!.waitForDiagnostics(uri, (p) => p.version === 1)).diagnostics), []);
  });
});

describe('language server, pull diagnostics: a conf file that is not UTF-8 on disk', function () {
  this.timeout(30000);
  const s = scratch('helm-latin1-pull-');

  it('the report holds the error; the file saved as UTF-8, the server asks for a refresh and the next report has none', async () => {
    const file = path.join(s.dir, 'run_entries_pull.conf');
    const uri = s.write('run_entries_pull.conf', LATIN1);
    const client = (s.client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, pullDiagnostics: true }));
    await client.open(uri, AS_UTF8, 1);
    const first = await client.pull(uri);
    assert.ok(first.kind === 'full');
    assert.deepStrictEqual(shown(first.items), [NOT_UTF8]);
    const refreshes = (): number => client.requests.filter((r) => r.method === 'workspace/diagnostic/refresh').length;
    const before = refreshes();
    fs.writeFileSync(file, AS_UTF8, 'utf8');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Changed }] });
    for (let waited = 0; refreshes() === before && waited < 10000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    assert.ok(refreshes() > before, 'the server asked the client to pull again');
    const second = await client.pull(uri, first.resultId);
    assert.ok(second.kind === 'full', JSON.stringify(second));
    assert.deepStrictEqual(second.items, []);
  });
});

describe('language server: a closed conf file of the workspace that is not UTF-8', function () {
  this.timeout(30000);
  const s = scratch('helm-latin1-workspace-');

  it('is published with the not-utf8 error, read from disk', async () => {
    const uri = s.write('run_entries_closed.conf', LATIN1);
    const client = (s.client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, settings: {}, rootPath: s.dir }));
    const p = await client.waitForDiagnostics(uri);
    assert.strictEqual(p.version, undefined, 'a file on disk, not an open document');
    assert.deepStrictEqual(shown(p.diagnostics), [NOT_UTF8]);
  });
});
