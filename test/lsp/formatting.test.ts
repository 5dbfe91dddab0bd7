// Formatting over LSP with the real server (dist/server.js): document and range formatting, the quoteKeys setting, and no edit for a broken file.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentFormattingRequest, DocumentRangeFormattingRequest, type TextEdit } from 'vscode-languageserver-protocol';
import { TestClient } from './lspClient';

const URI = 'file:///tmp/helm-format/run_entries_format.conf';
const MESSY = '"entries": [\n    {description: "mmlu:subject=anatomy,model=openai/gpt2",priority=1},\n      # kept\n    {description: "gsm:model=openai/gpt2"}\n]';
const OPTIONS = { tabSize: 4, insertSpaces: true };

function applied(text: string, edits: TextEdit[] | null): string {
  return TextDocument.applyEdits(TextDocument.create(URI, 'helm-conf', 1, text), edits ?? []);
}

describe('language server: formatting', function () {
  this.timeout(30000);

  it('declares document and range formatting, and formats the document in HELM layout (two spaces whatever the tab size)', async () => {
    const client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
    try {
      const caps = client.initializeResult?.capabilities;
      assert.ok(caps?.documentFormattingProvider && caps.documentRangeFormattingProvider);
      await client.open(URI, MESSY, 1);
      const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: URI }, options: OPTIONS });
      assert.strictEqual(
        applied(MESSY, edits),
        'entries: [\n  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}\n  # kept\n  {description: "gsm:model=openai/gpt2"}\n]\n',
      );
      const range = { start: { line: 3, character: 0 }, end: { line: 3, character: 42 } };
      const some = await client.connection.sendRequest(DocumentRangeFormattingRequest.type, { textDocument: { uri: URI }, range, options: OPTIONS });
      // The entry on line 4 and its indent, both in the range; the comma after the first entry and the comment's indent, outside it, stay.
      assert.strictEqual(applied(MESSY, some), MESSY.replace('\n    {description: "gsm', '\n  {description: "gsm'));
    } finally {
      client.kill();
    }
  });

  it('reads helmConf.format.quoteKeys from the settings', async () => {
    const client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, settings: { format: { quoteKeys: 'quoted' } } });
    try {
      await client.open(URI, MESSY, 1);
      // Diagnostics come once the settings are read, as they would before a user saves.
      await client.waitForDiagnostics(URI, (d) => d.version === 1);
      const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: URI }, options: OPTIONS });
      assert.match(applied(MESSY, edits), /^"entries": \[\n {2}\{"description": "mmlu:subject=anatomy,model=openai\/gpt2", "priority": 1\}\n/);
    } finally {
      client.kill();
    }
  });

  it('waits for the first settings: a format request sent right after opening, before a slow client answers workspace/configuration, uses them', async () => {
    const client = TestClient.spawn({ initializationOptions: { diagnosticsDelay: 0 }, settings: { format: { quoteKeys: 'quoted' } } });
    // The client answers the server's first workspace/configuration only once the format request is on its way.
    let asked!: () => void;
    const configurationAsked = new Promise<void>((resolve) => (asked = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    client.connection.onRequest('workspace/configuration', async (p: { items: Array<{ section?: string }> }) => {
      asked();
      await released;
      return p.items.map((i) => (i.section === 'helmConf' ? { format: { quoteKeys: 'quoted' } } : null));
    });
    try {
      await client.initialize();
      await client.open(URI, MESSY, 1);
      const formatting = client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: URI }, options: OPTIONS });
      await configurationAsked;
      release();
      assert.match(applied(MESSY, await formatting), /^"entries": \[\n {2}\{"description": "mmlu:subject=anatomy,model=openai\/gpt2", "priority": 1\}\n/);
    } finally {
      client.kill();
    }
  });

  it('gives no edit for a file with a syntax error', async () => {
    const client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
    try {
      await client.open(URI, 'entries: [\n    {description: "a:k=1"\n]\n', 1);
      const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: URI }, options: OPTIONS });
      assert.deepStrictEqual(edits, []);
    } finally {
      client.kill();
    }
  });
});
