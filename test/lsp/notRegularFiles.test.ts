// An untrusted workspace whose registry files are a symlink to /dev/zero or a FIFO: the server reports them and serves on.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { WorkspaceSymbolRequest } from 'vscode-languageserver-protocol';
import { watchdog } from '../helpers/process';
import { linkToDevZero, makeFifo, specialFilesSupported } from '../helpers/specialFiles';
import { TestClient, fileUri } from './lspClient';

const CONF = 'entries: [\n  {description: "mmluu:subject=anatomy,model=openai/gpt2", priority: 1}\n]\n';
const ON_DISK = 'entries: [\n  {description: "boolq:model=openai/gpt2", priority: 1}\n]\n';

(specialFilesSupported ? describe : describe.skip)('language server: workspace files that are not regular files', function () {
  this.timeout(30000);
  let dir: string;
  let client: TestClient | undefined;
  let guard: ReturnType<typeof watchdog> | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ls-special-'));
    fs.mkdirSync(path.join(dir, 'prod_env'));
    linkToDevZero(path.join(dir, 'prod_env', 'model_metadata.yaml'));
    assert.ok(makeFifo(path.join(dir, 'prod_env', 'model_deployments.yaml')));
    assert.ok(makeFifo(path.join(dir, 'my_plugin.py')));
    assert.ok(makeFifo(path.join(dir, 'run_entries_fifo.conf')));
    linkToDevZero(path.join(dir, 'run_entries_zero.conf'));
    fs.writeFileSync(path.join(dir, 'run_entries_disk.conf'), ON_DISK);
  });
  after(() => {
    guard?.stop();
    client?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('each one is a problem of that file; the open document gets its diagnostics and the workspace its symbols', async () => {
    client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, settings: { plugins: ['my_plugin.py'] }, rootPath: dir });
    guard = watchdog(client.proc.pid!, 400 * 2 ** 20, 25000);
    const uri = fileUri(path.join(dir, 'run_entries.conf'));
    await client.open(uri, CONF, 1);
    const own = await client.waitForDiagnostics(uri, (d) => d.version === 1);
    assert.deepStrictEqual(own.diagnostics.map((d) => d.code), ['unknown-run-spec-function']);
    const problemOf = async (file: string): Promise<string[]> =>
      (await client!.waitForDiagnostics(fileUri(file), (d) => d.diagnostics.length > 0)).diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`);
    assert.deepStrictEqual(await problemOf(path.join(dir, 'prod_env', 'model_metadata.yaml')), ['0:0 Cannot read: not a regular file (a character device)']);
    assert.deepStrictEqual(await problemOf(path.join(dir, 'prod_env', 'model_deployments.yaml')), ['0:0 Cannot read: not a regular file (a FIFO)']);
    assert.deepStrictEqual(await problemOf(path.join(dir, 'my_plugin.py')), ['0:0 Cannot read: not a regular file (a FIFO)']);
    // Workspace symbols read the conf files on disk: the regular one is found, the others are passed over.
    const symbols = await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: '' });
    assert.deepStrictEqual((symbols ?? []).map((s) => `${path.basename('location' in s ? fileUriPath(s.location.uri) : '')} ${s.name}`).sort(), [
      'run_entries.conf mmluu:subject=anatomy,model=openai/gpt2',
      'run_entries_disk.conf boolq:model=openai/gpt2',
    ]);
    assert.strictEqual(guard.verdict(), undefined);
    assert.strictEqual(await client.stop(), 0);
  });
});

function fileUriPath(uri: string): string {
  return new URL(uri).pathname;
}
