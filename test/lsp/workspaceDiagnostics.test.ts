// The whole workspace is checked: closed conf files have their problems published, files.exclude is honoured, changes on disk are followed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DidChangeWatchedFilesNotification, DidCloseTextDocumentNotification, FileChangeType, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TestClient, fileUri } from './lspClient';

const BROKEN = 'entries: [\n  {description: "mmlux:subject=anatomy,model=openai/gpt2", priority: 1}\n]\n';
const FIXED = 'entries: [\n  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}\n]\n';

describe('workspace diagnostics: closed files too', function () {
  this.timeout(30000);
  let client: TestClient | undefined;
  after(() => client?.kill());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-workspace-'));
  const write = (rel: string, text: string): string => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return fileUri(file);
  };
  const closed = write('run_entries_closed.conf', BROKEN);
  const specs = write('nested/run_specs_more.conf', BROKEN);
  const excluded = write('generated/run_entries_generated.conf', BROKEN);
  const notConf = write('other.conf', BROKEN);

  /** The next publication for `uri` after those already received that `accept` takes. */
  const next = async (uri: string, accept: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> => {
    const seen = client?.published(uri).length ?? 0;
    return (client as TestClient).waitForDiagnostics(uri, (p) => (client as TestClient).published(uri).indexOf(p) >= seen && accept(p));
  };
  const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code));

  it('publishes the problems of every run_entries*.conf and run_specs*.conf, leaving out what files.exclude excludes', async () => {
    client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, settings: {}, sections: { 'files.exclude': { '**/generated': true } }, rootPath: dir });
    for (const uri of [closed, specs]) {
      const p = await client.waitForDiagnostics(uri);
      assert.deepStrictEqual(codes(p), ['unknown-run-spec-function']);
      assert.strictEqual(p.version, undefined, 'a file on disk, not an open document');
    }
    assert.deepStrictEqual(client.published(excluded), []);
    assert.deepStrictEqual(client.published(notConf), []);
  });

  it('an open document takes over; closed again, the file on disk’s problems come back', async () => {
    const c = client as TestClient;
    await c.open(closed, FIXED, 1);
    assert.deepStrictEqual(codes(await c.waitForDiagnostics(closed, (p) => p.version === 1)), []);
    await c.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: closed } });
    const after = await next(closed, (p) => p.version === undefined);
    assert.deepStrictEqual(codes(after), ['unknown-run-spec-function'], 'the unsaved fix went with the editor; the disk still has mmlux');
  });

  it('follows changes on disk', async () => {
    const c = client as TestClient;
    fs.writeFileSync(path.join(dir, 'run_entries_closed.conf'), FIXED);
    await c.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: closed, type: FileChangeType.Changed }] });
    assert.deepStrictEqual(codes(await next(closed, () => true)), []);
    fs.rmSync(path.join(dir, 'nested'), { recursive: true });
    await c.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: specs, type: FileChangeType.Deleted }] });
    assert.deepStrictEqual(codes(await next(specs, () => true)), [], 'a deleted file’s problems are cleared');
    const added = write('run_entries_new.conf', BROKEN);
    await c.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: added, type: FileChangeType.Created }] });
    assert.deepStrictEqual(codes(await c.waitForDiagnostics(added)), ['unknown-run-spec-function']);
  });

  it('a client that pulls an open document’s diagnostics: the pushed ones of its disk copy are cleared when it opens', async () => {
    const pulling = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, settings: {}, rootPath: dir, pullDiagnostics: true });
    try {
      const file = write('run_entries_pulled.conf', BROKEN);
      assert.deepStrictEqual(codes(await pulling.waitForDiagnostics(file)), ['unknown-run-spec-function']);
      const seen = pulling.published(file).length;
      await pulling.open(file, BROKEN, 1);
      const cleared = await pulling.waitForDiagnostics(file, (p) => pulling.published(file).indexOf(p) >= seen);
      assert.deepStrictEqual(codes(cleared), [], 'else the Problems panel would list the pulled and the pushed ones');
    } finally {
      pulling.kill();
    }
  });

  it('helmConf.workspaceDiagnostics: false checks open documents only: a closed one’s problems go', async () => {
    const off = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, settings: { workspaceDiagnostics: false }, rootPath: dir });
    try {
      const open = write('run_entries_open.conf', BROKEN);
      await off.open(open, BROKEN, 1);
      assert.deepStrictEqual(codes(await off.waitForDiagnostics(open, (p) => p.version === 1)), ['unknown-run-spec-function']);
      const seen = off.published(open).length;
      await off.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: open } });
      const after = await off.waitForDiagnostics(open, (p) => off.published(open).indexOf(p) >= seen && p.version === undefined);
      assert.deepStrictEqual(codes(after), [], 'cleared, not the file on disk’s');
    } finally {
      off.kill();
    }
  });
});
