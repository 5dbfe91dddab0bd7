// The protocol tests' own client: killing it while the server is in the middle of a message leaves nothing running.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { corpusConfFiles, fixturePath } from '../helpers/corpus';

describe('the protocol test client', function () {
  this.timeout(60000);

  it('lets its process exit when killed while the server is writing a large answer', () => {
    // vscode-jsonrpc's reader re-arms a 10 s timer while it waits for the rest of a message, and the
    // connection's dispose leaves it: a killed server used to keep mocha alive for ever.
    const file = corpusConfFiles()[0] ?? fixturePath('conf', 'incremental.conf');
    const script = `
      const fs = require('fs');
      const { TestClient, fileUri } = require(${JSON.stringify(path.join(__dirname, 'lspClient'))});
      (async () => {
        const uri = fileUri(${JSON.stringify(file)});
        const c = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
        await c.open(uri, fs.readFileSync(${JSON.stringify(file)}, 'utf8'), 1);
        await c.waitForDiagnostics(uri, (d) => d.version === 1, 30000);
        c.proc.stdout.once('data', () => c.kill());
        for (let i = 0; i < 3; i++) c.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } }).catch(() => {});
      })();`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30000 });
    assert.strictEqual(run.signal, null, `still running after 30 s (${run.stderr.slice(-500)})`);
    assert.strictEqual(run.status, 0, run.stderr.slice(-500));
  });
});
