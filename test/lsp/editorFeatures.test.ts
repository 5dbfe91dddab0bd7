// Over the protocol: section code lenses resolved lazily (and in slices), quick fixes with snippets, fix-all, quieter diagnostics.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CodeActionRequest,
  CodeLensRequest,
  CodeLensResolveRequest,
  CompletionRequest,
  type CodeAction,
  type CodeLens,
  type Diagnostic,
} from 'vscode-languageserver-protocol';
import { TestClient, fileUri } from './lspClient';

const TEXT = `entries: [
  {description: "boolq:model=openai/gpt2", priority: 1}

  ##### Knowledge #####
  {description: "mmlu:subject=anatomy,subject=philosophy,model=openai/gpt2", priority: 1},,
  {description: "mmlu:model=openai/gpt2,model_deployment=", priority: 1}
  {description: "imdb:model=openai/davinci", priority: 1}
  {description: "narrative_qa:model=openai/davinci", priority: 1}
]
`;

describe('editor features over the protocol', function () {
  this.timeout(30000);
  const clients: TestClient[] = [];
  after(() => clients.forEach((c) => c.kill()));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-editor-'));
  const uri = fileUri(path.join(dir, 'run_entries_editor.conf'));

  async function start(settings: Record<string, unknown> = {}, init: Record<string, unknown> = {}): Promise<TestClient> {
    const client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0, ...init }, settings: { workspaceDiagnostics: false, ...settings }, rootPath: dir });
    clients.push(client);
    await client.open(uri, TEXT, 1);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    return client;
  }

  const resolveAll = (client: TestClient, lenses: CodeLens[]): Promise<string[]> =>
    Promise.all(lenses.map(async (l) => (l.command ? l : await client.connection.sendRequest(CodeLensResolveRequest.type, l)))).then((all) =>
      all.map((l) => `${l.range.start.line}: ${l.command?.title} → ${l.command?.command} ${JSON.stringify(l.command?.arguments)}`),
    );

  it('code lenses: one pair per section, the counts left to codeLens/resolve', async () => {
    const client = await start();
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.ok(lenses);
    assert.deepStrictEqual(lenses.map((l) => [l.range.start.line, l.command?.title ?? '(resolved later)']), [
      [0, '(resolved later)'],
      [0, '▶ Run section'],
      [3, '(resolved later)'],
      [3, '▶ Run section'],
    ]);
    assert.deepStrictEqual(await resolveAll(client, lenses), [
      '0: 1 entry · 1 RunSpec → helmConf.showExpandedRunSpecs []',
      '0: ▶ Run section → helmConf.runSection [1,1]',
      // `mmlu` without its `subject`: HELM stops with a TypeError.
      '3: 4 entries · 3 RunSpecs · 1 HELM would refuse → helmConf.showExpandedRunSpecs []',
      '3: ▶ Run section → helmConf.runSection [4,7]',
    ]);
  });

  it('code lenses: per entry behind helmConf.codeLens, none when off', async () => {
    const entries = await start({ codeLens: 'entries' });
    const lenses = (await entries.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
    assert.strictEqual(lenses.length, 10);
    assert.deepStrictEqual((await resolveAll(entries, lenses)).slice(0, 2), ['1: 1 RunSpec → helmConf.showExpandedRunSpecs [1]', '1: Run this entry → helmConf.runEntry [1]']);
    const off = await start({ codeLens: 'off' });
    assert.deepStrictEqual(await off.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }), []);
  });

  it('counting a huge section does not hold up other requests', async () => {
    const client = await start();
    const big = `entries: [\n  ##### All #####\n${Array.from({ length: 40000 }, (_, i) => `  {description: "mmlu:subject=s${i},model=openai/gpt2", priority: 1}`).join('\n')}\n]\n`;
    const bigUri = fileUri(path.join(dir, 'run_entries_big.conf'));
    await client.open(bigUri, big, 1);
    const [count] = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: bigUri } })) ?? [];
    const order: string[] = [];
    const resolved = client.connection.sendRequest(CodeLensResolveRequest.type, count).then((l) => {
      order.push('resolve');
      return l;
    });
    await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 18 } });
    order.push('completion');
    assert.strictEqual((await resolved).command?.title, '40000 entries · 40000 RunSpecs');
    assert.deepStrictEqual(order, ['completion', 'resolve'], 'the completion was answered while the section was counted');
  });

  it('diagnostics repeated word for word: the first in full, the others "Same as line N", each on its own value', async () => {
    const client = await start();
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1);
    const deprecated = p.diagnostics.filter((d) => d.code === 'deprecated-model');
    assert.deepStrictEqual(deprecated.map((d) => [d.range.start.line, d.range.start.character, d.message.includes('same as line') ? d.message : 'full']), [
      [6, 28, 'full'],
      [7, 36, '`openai/davinci`: same as line 7.'],
    ]);
    assert.deepStrictEqual(deprecated[1].relatedInformation?.[0].location, { uri, range: deprecated[0].range });
  });

  it('hints join the Problems panel as information with helmConf.hintsInProblems', async () => {
    const text = 'entries: [\n  {description: "boolq:model=text"}\n]\n';
    for (const [on, severity] of [[false, 4], [true, 3]] as const) {
      const client = await start({ hintsInProblems: on });
      const hintUri = fileUri(path.join(dir, `run_entries_hint_${on}.conf`));
      await client.open(hintUri, text, 1);
      const p = await client.waitForDiagnostics(hintUri, (d) => d.version === 1);
      assert.deepStrictEqual(p.diagnostics.filter((d) => d.code === 'wildcard-needs-models-to-run').map((d) => d.severity), [severity]);
    }
  });

  const actions = async (client: TestClient, only: string[] | undefined, line: number, diagnostics: Diagnostic[]): Promise<CodeAction[]> =>
    ((await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line, character: 0 }, end: { line, character: 200 } },
      context: { diagnostics, only },
    })) ?? []) as CodeAction[];

  it('quick fixes: a snippet through the client’s command where it has one, plain text elsewhere', async () => {
    const withCommand = await start({}, { insertSnippetCommand: true });
    const p = await withCommand.waitForDiagnostics(uri, (d) => d.version === 1);
    const empty = p.diagnostics.filter((d) => d.code === 'empty-value' && d.range.start.line === 5);
    const fixes = await actions(withCommand, ['quickfix'], 5, empty);
    assert.deepStrictEqual(
      fixes.map((a) => [a.title, a.command ? `${a.command.command} ${JSON.stringify(a.command.arguments?.[2])}` : 'edit']),
      [
        ['Set `model_deployment=huggingface/gpt2`', 'edit'],
        ['Choose a model deployment…', 'helmConf.insertSnippet "${1}"'],
        ['Remove `model_deployment=`', 'edit'],
        ['Disable empty-value for this line', 'edit'],
      ],
    );
    const plain = await start();
    const plainFixes = await actions(plain, ['quickfix'], 5, empty);
    assert.deepStrictEqual(plainFixes.map((a) => a.title), ['Set `model_deployment=huggingface/gpt2`', 'Remove `model_deployment=`', 'Disable empty-value for this line']);
  });

  it('fix-all (source.fixAll.helm-conf): only what cannot change what HELM runs, asked for by kind', async () => {
    const client = await start();
    assert.deepStrictEqual((await actions(client, undefined, 4, [])).filter((a) => a.kind === 'source.fixAll.helm-conf'), [], 'not on every cursor move');
    for (const only of [['source.fixAll'], ['source'], ['source.fixAll.helm-conf']]) {
      const [fixAll] = await actions(client, only, 0, []);
      assert.strictEqual(fixAll?.kind, 'source.fixAll.helm-conf', JSON.stringify(only));
      assert.strictEqual(fixAll.title, 'Fix 2 problems that cannot change what HELM runs');
      const edits = fixAll.edit?.changes?.[uri] ?? [];
      assert.strictEqual(edits.length, 1);
      const [edit] = edits;
      const line = TEXT.split('\n')[4];
      assert.deepStrictEqual([edit.range.start.line, edit.range.end.line], [4, 4]);
      const fixed = line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character);
      assert.strictEqual(fixed, '  {description: "mmlu:subject=philosophy,model=openai/gpt2", priority: 1},');
    }
    assert.ok(client.initializeResult?.capabilities.codeActionProvider);
  });
});
