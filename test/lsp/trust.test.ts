// Workspace trust over the protocol: untrusted never runs Python (static RunSpecs); trusted asks HELM (a stand-in here).
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { EXACT_STATUS_REQUEST, EXPAND_FILE_REQUEST, type ExactCheckStatus, type ExpandFileResult } from '../../server/src/common/protocol';
import { fixturePath } from '../helpers/corpus';
import { TestClient, fileUri } from './lspClient';

const standin = fixturePath('standin-helm');
const conf = fixturePath('standin-helm', 'run_entries_small.conf');
const hasPython = spawnSync('python3', ['-c', 'import sys'], { stdio: 'ignore' }).status === 0;
const settings = { pythonPath: 'python3', helmSourcePath: standin, exactExpansion: true, localPath: 'prod_env', plugins: [] };

async function expandWith(client: TestClient): Promise<ExpandFileResult> {
  return client.connection.sendRequest<ExpandFileResult>(EXPAND_FILE_REQUEST, { uri: fileUri(conf), filters: { modelsToRun: ['openai/gpt2'] } });
}

/** HELM is loaded (the answers are HELM's from then on; before, they are static at once). */
async function waitForHelm(client: TestClient): Promise<ExactCheckStatus> {
  for (let i = 0; ; i++) {
    const status = await client.connection.sendRequest<ExactCheckStatus>(EXACT_STATUS_REQUEST);
    if (status.exact || i >= 200) return status;
    await new Promise((r) => setTimeout(r, 50));
  }
}

(hasPython ? describe : describe.skip)('workspace trust and the HELM bridge', function () {
  this.timeout(60000);
  const clients: TestClient[] = [];
  after(() => clients.forEach((c) => c.kill()));

  async function start(trusted: boolean): Promise<TestClient> {
    const client = await TestClient.start({ initializationOptions: { trusted, diagnosticsDelay: 0 }, settings, rootPath: standin });
    clients.push(client);
    await client.open(fileUri(conf), fs.readFileSync(conf, 'utf8'), 1);
    await client.waitForDiagnostics(fileUri(conf));
    return client;
  }

  it('untrusted: every entry is expanded statically (exact: false), Python never runs', async () => {
    const client = await start(false);
    const result = await expandWith(client);
    assert.strictEqual(result.entries.length, 3);
    assert.deepStrictEqual(result.entries.map((e) => e.exact), [false, false, false]);
  });

  it('trusted: HELM answers (exact: true), and its error for an unknown function is kept', async () => {
    const client = await start(true);
    assert.strictEqual((await waitForHelm(client)).exact, true);
    const result = await expandWith(client);
    assert.deepStrictEqual(result.entries.map((e) => e.exact), [true, true, true], JSON.stringify(result));
    assert.ok(result.entries[2].error, JSON.stringify(result.entries[2]));
  });

  it('helmConf/trustChanged to trusted switches the expansion to HELM without a restart', async () => {
    const client = await start(false);
    assert.deepStrictEqual((await expandWith(client)).entries.map((e) => e.exact), [false, false, false]);
    await client.connection.sendNotification('helmConf/trustChanged', { trusted: true });
    await waitForHelm(client);
    const after = await expandWith(client);
    assert.deepStrictEqual(after.entries.map((e) => e.exact), [true, true, true], JSON.stringify(after));
  });

  it('helmConf/trustChanged reads the settings again: the interpreter the client names once trusted is the one used', async () => {
    // As VS Code's client: untrusted, it names no interpreter it would run (here one that does not exist).
    const answered = { ...settings, pythonPath: '/nonexistent/python3' };
    const client = await TestClient.start({ initializationOptions: { trusted: false, diagnosticsDelay: 0 }, settings: answered, rootPath: standin });
    clients.push(client);
    await client.open(fileUri(conf), fs.readFileSync(conf, 'utf8'), 1);
    await client.waitForDiagnostics(fileUri(conf));
    answered.pythonPath = 'python3';
    await client.connection.sendNotification('helmConf/trustChanged', { trusted: true });
    const status = await waitForHelm(client);
    assert.strictEqual(status.exact, true, JSON.stringify(status));
    assert.deepStrictEqual((await expandWith(client)).entries.map((e) => e.exact), [true, true, true]);
  });
});
