// runner_config.yaml through the real language server (dist/server.js): diagnostics, completion, hover and quick fixes by file name.
import * as assert from 'assert';
import * as path from 'path';
import { CodeActionRequest, CompletionRequest, DocumentSymbolRequest, FoldingRangeRequest, HoverRequest, type CodeAction, type CompletionList, type MarkupContent } from 'vscode-languageserver-protocol';
import { projectRoot } from '../helpers/corpus';
import { TestClient, fileUri } from './lspClient';

const URI = fileUri(path.join(projectRoot, 'examples', 'prod_env', 'runner_config.yaml'));
const TEXT = ['helm_max_concurrent_worker: 4', 'slurm_args:', '  partition: debug', '  time: 4:00:00', '  ', ''].join('\n');

describe('language server on runner_config.yaml', function () {
  this.timeout(30000);
  let client: TestClient;

  before(async () => {
    client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
    await client.open(URI, TEXT, 1);
  });
  after(() => client?.kill());

  it('publishes the runner configuration diagnostics, and none of the run entries ones', async () => {
    const p = await client.waitForDiagnostics(URI, (d) => d.version === 1);
    assert.deepStrictEqual(
      p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
      [['runner-config-unknown-key', 0, 0, 26], ['slurm-arg-not-string', 3, 8, 15]],
    );
  });

  it('completes sbatch options under slurm_args', async () => {
    const r = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position: { line: 4, character: 2 } })) as CompletionList;
    const labels = r.items.map((i) => i.label);
    assert.ok(labels.includes('cpus_per_task') && !labels.includes('partition'), labels.join(' '));
  });

  it('explains a field on hover', async () => {
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 1, character: 3 } });
    assert.match((h?.contents as MarkupContent).value, /slurm_args: Optional\[Dict\[str, Any\]\] = None/);
  });

  it('offers the quick fixes: the field meant, the value quoted', async () => {
    const p = await client.waitForDiagnostics(URI, (d) => d.version === 1);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 3, character: 15 } },
      context: { diagnostics: p.diagnostics },
    })) as CodeAction[];
    assert.deepStrictEqual(actions.map((a) => [a.title, a.edit?.changes?.[URI]?.[0].newText]), [
      ['Change to `helm_max_concurrent_workers`', 'helm_max_concurrent_workers'],
      ['Quote it: "4:00:00"', '"4:00:00"'],
    ]);
  });

  it('gives no run entries outline for it, and leaves its folding to the editor (no answer, not an empty one)', async () => {
    assert.deepStrictEqual(await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: URI } }), []);
    assert.strictEqual(await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: URI } }), null);
  });
});
