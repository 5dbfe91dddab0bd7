// The base protocol and the lifecycle as LSP orders them: framing errors, requests out of turn, a repeated document version.
import * as assert from 'assert';
import * as fs from 'fs';
import {
  DidChangeTextDocumentNotification,
  DocumentSymbolRequest,
  ExitNotification,
  HoverRequest,
  InitializeRequest,
  ShutdownRequest,
  type MarkupContent,
} from 'vscode-languageserver-protocol';
import { fixturePath } from '../helpers/corpus';
import { TestClient, fileUri } from './lspClient';

const FIXTURE = fixturePath('lsp', 'run_entries_editor.conf');
const FIXTURE_TEXT = fs.readFileSync(FIXTURE, 'utf8');
const FIXTURE_URI = fileUri(FIXTURE);
const ON_MMLU = { line: 3, character: 19 };

/** The error code a request is refused with, or 'answered' when it is not refused. */
async function refusal(request: Promise<unknown>): Promise<number | 'answered'> {
  try {
    await request;
    return 'answered';
  } catch (err) {
    return (err as { code: number }).code;
  }
}

const framed = (body: string): string => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const hoverText = (h: { contents: unknown } | null): string => (h?.contents as MarkupContent | undefined)?.value ?? '';

describe('language server: protocol manners', function () {
  this.timeout(30000);
  let client: TestClient | undefined;
  afterEach(() => client?.kill());

  it('a request before initialize is refused with ServerNotInitialized (-32002); a notification before it is dropped', async () => {
    client = TestClient.spawn();
    assert.strictEqual(await refusal(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: FIXTURE_URI }, position: ON_MMLU })), -32002);
    await client.open(FIXTURE_URI, FIXTURE_TEXT, 1);
    await client.initialize();
    // The didOpen came before initialize: the document is not open.
    assert.deepStrictEqual(await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: FIXTURE_URI } }), []);
    await client.open(FIXTURE_URI, FIXTURE_TEXT, 1);
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: FIXTURE_URI } });
    assert.deepStrictEqual(symbols?.map((s) => s.name), ['Knowledge']);
  });

  it('a second initialize is refused with InvalidRequest (-32600), and the first one stands', async () => {
    client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
    const again = client.connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
    assert.strictEqual(await refusal(again), -32600);
    await client.open(FIXTURE_URI, FIXTURE_TEXT, 1);
    const p = await client.waitForDiagnostics(FIXTURE_URI, (d) => d.version === 1);
    assert.deepStrictEqual(p.diagnostics.map((d) => d.code), ['unknown-run-spec-function']);
  });

  it('after shutdown a request is refused with InvalidRequest (-32600); exit then ends the server with code 0', async () => {
    client = await TestClient.start();
    await client.open(FIXTURE_URI, FIXTURE_TEXT, 1);
    await client.connection.sendRequest(ShutdownRequest.type);
    assert.strictEqual(await refusal(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: FIXTURE_URI }, position: ON_MMLU })), -32600);
    assert.strictEqual(await refusal(client.connection.sendRequest(ShutdownRequest.type)), -32600);
    await client.connection.sendNotification(ExitNotification.type);
    assert.strictEqual(await client.exited(), 0);
  });

  for (const [name, header] of [
    ['without Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8'],
    ['with a Content-Length that is not a number', 'Content-Length: twelve'],
    ['with a header line without a colon', 'Content-Length 40'],
  ] as const) {
    it(`a message ${name} is dropped and logged; the messages after it are answered`, async () => {
      client = await TestClient.start();
      await client.open(FIXTURE_URI, FIXTURE_TEXT, 1);
      const bad = JSON.stringify({ jsonrpc: '2.0', id: 9001, method: 'textDocument/hover', params: { textDocument: { uri: FIXTURE_URI }, position: ON_MMLU } });
      // The bad message and a good notification in one write, the next request in another.
      const symbolsAsked = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: FIXTURE_URI, version: 2 }, contentChanges: [{ text: FIXTURE_TEXT.replace('mmluu', 'boolq') }] } });
      client.writeRaw(`${header}\r\n\r\n${bad}${framed(symbolsAsked)}`);
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: FIXTURE_URI }, position: { line: 4, character: 19 } });
      // The didChange after the bad message was read: line 4 now names boolq.
      assert.match(hoverText(hover), /boolq/);
      assert.ok(client.logs.some((l) => l.startsWith('dropped a message with a ')), client.logs.join('\n'));
      assert.strictEqual(await client.stop(), 0);
    });
  }

  it('a didChange that repeats the current version: the new text is read, and its diagnostics and hover follow it', async () => {
    client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
    await client.open(FIXTURE_URI, FIXTURE_TEXT, 1);
    const first = await client.waitForDiagnostics(FIXTURE_URI, (d) => d.version === 1);
    assert.deepStrictEqual(first.diagnostics.map((d) => d.code), ['unknown-run-spec-function']);
    const hoverBefore = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: FIXTURE_URI }, position: { line: 4, character: 19 } });
    assert.doesNotMatch(hoverText(hoverBefore), /astronomy/);
    // Version 1 again, with mmluu corrected.
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: FIXTURE_URI, version: 1 },
      contentChanges: [{ text: FIXTURE_TEXT.replace('mmluu:subject=anatomy', 'mmlu:subject=astronomy') }],
    });
    const after = await client.waitForDiagnostics(FIXTURE_URI, (d) => d !== first);
    assert.deepStrictEqual(after.diagnostics, []);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: FIXTURE_URI }, position: { line: 4, character: 19 } });
    assert.match(hoverText(hover), /mmlu:subject=astronomy,method=multiple_choice_joint,model=openai_gpt2/);
  });
});
