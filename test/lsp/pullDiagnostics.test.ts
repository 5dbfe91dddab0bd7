// Pull diagnostics (LSP 3.17 textDocument/diagnostic) for clients that have them, and requests served while a large file is checked.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DidChangeConfigurationNotification, DidChangeTextDocumentNotification, HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol';
import { fixturePath } from '../helpers/corpus';
import { TestClient, fileUri } from './lspClient';

const FIXTURE = fixturePath('lsp', 'run_entries_editor.conf');
const FIXTURE_TEXT = fs.readFileSync(FIXTURE, 'utf8');
const FIXTURE_URI = fileUri(FIXTURE);

const shown = (items: Array<{ range: { start: { line: number; character: number } }; code?: string | number }>): string[] =>
  items.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`);

/** `n` entries; every 50th names an unknown run spec function. */
function largeConf(n: number): string {
  const lines = ['entries: ['];
  for (let i = 0; i < n; i++) lines.push(`  {description: "${i % 50 === 0 ? 'mmluu' : 'mmlu'}:subject=s${i},model=openai/gpt2", priority: 1}`);
  return [...lines, ']', ''].join('\n');
}

describe('language server: pull diagnostics', function () {
  this.timeout(60000);
  let client: TestClient | undefined;
  afterEach(() => client?.kill());

  it('a client with pull diagnostics gets a full report with a result id, and nothing pushed for the document', async () => {
    client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, pullDiagnostics: true });
    assert.deepStrictEqual(client.initializeResult?.capabilities.diagnosticProvider, { interFileDependencies: false, workspaceDiagnostics: false });
    await client.open(FIXTURE_URI, FIXTURE_TEXT, 1);
    const report = await client.pull(FIXTURE_URI);
    assert.ok(report.kind === 'full' && report.resultId, JSON.stringify(report));
    assert.deepStrictEqual(shown(report.items), ['4:17 unknown-run-spec-function']);
    assert.match(report.items[0].message, /^No run spec function is named `mmluu`/);
    assert.deepStrictEqual(client.published(FIXTURE_URI), []);
  });

  it('the same result id after an edit that changes nothing shown is `unchanged`; an edit that does gets a new full report', async () => {
    client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, pullDiagnostics: true });
    await client.open(FIXTURE_URI, FIXTURE_TEXT, 1);
    const first = await client.pull(FIXTURE_URI);
    assert.strictEqual(first.kind, 'full');
    // A word typed into the comment on line 0: every diagnostic stays where it was.
    const inComment = { line: 0, character: 2 };
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: FIXTURE_URI, version: 2 },
      contentChanges: [{ range: { start: inComment, end: inComment }, text: 'Note: ' }],
    });
    assert.deepStrictEqual(await client.pull(FIXTURE_URI, first.resultId), { kind: 'unchanged', resultId: first.resultId });
    // mmluu corrected: the error goes.
    await client.replace(FIXTURE_URI, FIXTURE_TEXT.replace('mmluu:subject=anatomy', 'mmlu:subject=astronomy'), 3);
    const fixed = await client.pull(FIXTURE_URI, first.resultId);
    assert.ok(fixed.kind === 'full' && fixed.resultId !== first.resultId, JSON.stringify(fixed));
    assert.deepStrictEqual(fixed.items, []);
    // An unknown result id gets the full report.
    const again = await client.pull(FIXTURE_URI, 'unknown');
    assert.deepStrictEqual(again.kind === 'full' ? again.items : again, []);
  });

  it('a change of settings asks the client to pull again (workspace/diagnostic/refresh)', async () => {
    client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, pullDiagnostics: true, settings: {} });
    await client.open(FIXTURE_URI, FIXTURE_TEXT, 1);
    await client.pull(FIXTURE_URI);
    const before = client.requests.filter((r) => r.method === 'workspace/diagnostic/refresh').length;
    assert.ok(before >= 1, 'the settings read at start-up ask for a pull');
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const refreshes = (): number => client!.requests.filter((r) => r.method === 'workspace/diagnostic/refresh').length;
    for (let i = 0; i < 200 && refreshes() === before; i++) await new Promise((r) => setTimeout(r, 25));
    assert.ok(refreshes() > before, `${refreshes()} refresh requests, as many as before the change`);
  });

  for (const mode of ['push', 'pull'] as const) {
    it(`${mode}: a hover asked while a 10,000-entry file is being checked is answered first, not after the diagnostics`, async () => {
      client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, pullDiagnostics: mode === 'pull' });
      const uri = fileUri(path.join(path.dirname(FIXTURE), 'run_entries_large.conf'));
      const text = largeConf(10000);
      await client.open(uri, text, 1);
      if (mode === 'push') await client.waitForDiagnostics(uri, (d) => d.version === 1);
      else await client.pull(uri);
      // An edit in the last entry, then at once a hover on the first one.
      const last = { line: 10000, character: 22 };
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: last, end: last }, text: 'x' }],
      });
      const order: string[] = [];
      const checked = (mode === 'pull' ? client.pull(uri).then((r) => (r.kind === 'full' ? r.items : [])) : client.waitForDiagnostics(uri, (d) => d.version === 2).then((p) => p.diagnostics)).then((items) => {
        order.push('diagnostics');
        return items;
      });
      const hovered = client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 19 } }).then((h) => {
        order.push('hover');
        return h;
      });
      const [items, hover] = await Promise.all([checked, hovered]);
      assert.deepStrictEqual(order, ['hover', 'diagnostics']);
      assert.match((hover?.contents as MarkupContent).value, /mmlu:subject=s1,method=multiple_choice_joint,model=openai_gpt2/);
      assert.strictEqual(items.length, 201);
      assert.deepStrictEqual(shown([...items.slice(0, 2), ...items.slice(-1)]), ['1:17 unknown-run-spec-function', '51:17 unknown-run-spec-function', '10000:22 unknown-argument']);
    });
  }
});

(spawnSync('python3', ['-c', 'import sys'], { stdio: 'ignore' }).status === 0 ? describe : describe.skip)('language server: pull diagnostics with HELM\'s answers (stand-in HELM)', function () {
  this.timeout(60000);
  let client: TestClient | undefined;
  after(() => client?.kill());

  it("HELM's answers arriving after a report ask the client to pull again, and the next report has them", async () => {
    const confPath = fixturePath('exact', 'run_entries_construct_errors.conf');
    const uri = fileUri(confPath);
    const settings = { pythonPath: 'python3', helmSourcePath: fixturePath('standin-helm'), exactExpansion: true, localPath: 'prod_env', plugins: [] };
    client = await TestClient.start({ initializationOptions: { trusted: true, diagnosticsDelay: 0 }, settings, rootPath: path.dirname(confPath), pullDiagnostics: true });
    await client.open(uri, fs.readFileSync(confPath, 'utf8'), 1);
    const refreshes = (): number => client!.requests.filter((r) => r.method === 'workspace/diagnostic/refresh').length;
    let report = await client.pull(uri);
    // Pull again after each refresh until HELM's verdicts are in (the first report is the static one).
    const judgedAll = (r: typeof report): boolean => r.kind === 'full' && ['2 helm-error', '8 helm-needs-download'].every((c) => r.items.some((d) => `${d.range.start.line} ${d.code}` === c));
    for (let i = 0; i < 100 && !judgedAll(report); i++) {
      const before = refreshes();
      for (let j = 0; j < 100 && refreshes() === before; j++) await new Promise((r) => setTimeout(r, 50));
      report = await client.pull(uri, report.resultId);
    }
    assert.ok(report.kind === 'full', JSON.stringify(report).slice(0, 300));
    const codes = report.items.map((d) => `${d.range.start.line} ${d.code}`);
    assert.ok(codes.includes('2 helm-error') && codes.includes('8 helm-needs-download'), codes.join('; '));
    // An edit HELM has not judged yet: the report after it is without that verdict, HELM is asked, and its
    // answer brings a refresh request and the verdict in the next report.
    const before = refreshes();
    await client.replace(uri, fs.readFileSync(confPath, 'utf8').replace('lang=,', 'lang=xx,'), 2);
    const edited = await client.pull(uri, report.resultId);
    assert.ok(edited.kind === 'full' && !edited.items.some((d) => /KeyError: 'xx'/.test(d.message)), JSON.stringify(edited).slice(0, 300));
    for (let j = 0; j < 200 && refreshes() === before; j++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(refreshes() > before, 'HELM answered: the client is asked to pull again');
    const judged = await client.pull(uri, edited.resultId);
    assert.ok(judged.kind === 'full', JSON.stringify(judged));
    assert.match(judged.items.find((d) => d.code === 'helm-error' && d.range.start.line === 2)?.message ?? '', /KeyError: 'xx'/);
    assert.deepStrictEqual(client.published(uri), [], 'nothing pushed for the document');
  });
});
