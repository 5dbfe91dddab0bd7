// The server's own requests answered with an error (a client that does not implement them): the server logs it and serves on.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { HoverRequest, RenameRequest, type MarkupContent } from 'vscode-languageserver-protocol';
import { fixturePath } from '../helpers/corpus';
import { TestClient, fileUri } from './lspClient';

const FIXTURE = fixturePath('lsp', 'run_entries_editor.conf');
const FIXTURE_TEXT = fs.readFileSync(FIXTURE, 'utf8');
const FIXTURE_URI = fileUri(FIXTURE);
const ON_MMLU = { line: 3, character: 19 };

/** The hover on `mmlu`, or the server's exit code when it died instead of answering. */
async function hoverOrExit(client: TestClient): Promise<string | { exit: number | null }> {
  const hover = client.connection
    .sendRequest(HoverRequest.type, { textDocument: { uri: FIXTURE_URI }, position: ON_MMLU })
    .then((h) => (h?.contents as MarkupContent | undefined)?.value ?? '');
  return Promise.race([hover, client.exited().then((exit) => ({ exit }))]);
}

describe('language server: the client answers its requests with an error', function () {
  this.timeout(30000);
  let client: TestClient | undefined;
  afterEach(() => client?.kill());

  it('a refused client/registerCapability and workspace/configuration at start-up: logged, and the server serves on', async () => {
    client = await TestClient.start({
      initializationOptions: { diagnosticsDelay: 0 },
      settings: {},
      rootPath: path.dirname(FIXTURE),
      refuse: ['client/registerCapability', 'workspace/configuration'],
    });
    await client.open(FIXTURE_URI, FIXTURE_TEXT, 1);
    const p = await Promise.race([client.waitForDiagnostics(FIXTURE_URI, (d) => d.version === 1), client.exited().then((exit) => ({ exit }))]);
    assert.ok('diagnostics' in p, `the server exited (code ${JSON.stringify(p)}); stderr: ${client.stderr}`);
    assert.deepStrictEqual(p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`), ['4:17 unknown-run-spec-function']);
    assert.deepStrictEqual(client.requests.map((r) => r.method).sort(), ['client/registerCapability', 'workspace/configuration']);
    assert.match(await hoverOrExit(client).then(String), /mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2/);
    assert.ok(client.logs.some((l) => /^client\/registerCapability \(watched files\) failed: .*\(code -32601\)$/.test(l)), client.logs.join('\n'));
    assert.ok(client.logs.some((l) => /^workspace\/configuration failed: .*\(code -32601\)$/.test(l)), client.logs.join('\n'));
    assert.strictEqual(await client.stop(), 0);
  });

  it('a refused rename shows its reason in window/showMessageRequest; an error answer to that leaves the server running', async () => {
    client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, refuse: ['window/showMessageRequest'] });
    await client.open(FIXTURE_URI, FIXTURE_TEXT, 1);
    const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: FIXTURE_URI }, position: ON_MMLU, newName: 'not a name' });
    assert.strictEqual(edit, null);
    const asked = client.requests.find((r) => r.method === 'window/showMessageRequest');
    assert.deepStrictEqual(asked?.params, { type: 1, message: '"not a name" is not a valid run spec function name.', actions: [] });
    // The error answer reaches the server before the hover does.
    assert.match(String(await hoverOrExit(client)), /mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2/, client.stderr);
    assert.ok(client.logs.some((l) => /^window\/showMessageRequest failed: .*\(code -32601\)$/.test(l)), client.logs.join('\n'));
    assert.strictEqual(await client.stop(), 0);
  });
});
