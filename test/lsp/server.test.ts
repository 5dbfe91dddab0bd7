// The real language server (dist/server.js) over stdio: lifecycle, diagnostics per version, features, robustness.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  CodeActionRequest,
  CompletionItemKind,
  CompletionRequest,
  CompletionResolveRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  ReferencesRequest,
  RenameRequest,
  SemanticTokensDeltaRequest,
  SemanticTokensRequest,
  WorkspaceSymbolRequest,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type MarkupContent,
} from 'vscode-languageserver-protocol';
import { corpusConfFiles, describeWithCorpus, fixturePath } from '../helpers/corpus';
import { TestClient, fileUri } from './lspClient';

const FIXTURE = fixturePath('lsp', 'run_entries_editor.conf');
const FIXTURE_TEXT = fs.readFileSync(FIXTURE, 'utf8');
const FIXTURE_URI = fileUri(FIXTURE);

const labels = (r: CompletionItem[] | CompletionList | null): string[] => (Array.isArray(r) ? r : r?.items ?? []).map((i) => i.label);
const hoverText = (h: { contents: unknown } | null): string => ((h?.contents as MarkupContent | undefined)?.value ?? '');

describe('language server over stdio', function () {
  this.timeout(30000);
  let client: TestClient;

  before(async () => {
    client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, rootPath: path.dirname(FIXTURE) });
    await client.open(FIXTURE_URI, FIXTURE_TEXT, 1);
  });
  after(() => client?.kill());

  it('declares the features it serves', () => {
    const caps = client.initializeResult?.capabilities;
    assert.deepStrictEqual(caps?.completionProvider?.triggerCharacters, [':', ',', '=', '"']);
    assert.ok(caps?.hoverProvider && caps.definitionProvider && caps.referencesProvider && caps.documentSymbolProvider);
    assert.ok(caps?.semanticTokensProvider?.legend.tokenTypes.length, 'a semantic tokens legend');
    assert.deepStrictEqual(caps?.renameProvider, { prepareProvider: true });
  });

  it('publishes diagnostics for the opened version: the unknown run spec function, on its name', async () => {
    const p = await client.waitForDiagnostics(FIXTURE_URI, (d) => d.version === 1);
    const line4 = p.diagnostics.filter((d) => d.range.start.line === 4);
    assert.strictEqual(line4.length, 1, JSON.stringify(p.diagnostics));
    assert.deepStrictEqual(line4[0].range, { start: { line: 4, character: 17 }, end: { line: 4, character: 22 } });
    assert.strictEqual(line4[0].severity, 1);
    assert.match(line4[0].message, /mmluu/);
    assert.strictEqual(p.diagnostics.filter((d) => d.range.start.line !== 4).length, 0, JSON.stringify(p.diagnostics));
  });

  it('after an edit, publishes diagnostics for the new version only', async () => {
    const fixed = FIXTURE_TEXT.replace('"mmluu:subject=anatomy', '"mmlu:subject=astronomy');
    await client.replace(FIXTURE_URI, fixed, 2);
    const p = await client.waitForDiagnostics(FIXTURE_URI, (d) => d.version === 2);
    assert.deepStrictEqual(p.diagnostics, []);
    await client.replace(FIXTURE_URI, FIXTURE_TEXT, 3);
    const back = await client.waitForDiagnostics(FIXTURE_URI, (d) => d.version === 3);
    assert.strictEqual(back.diagnostics.length, 1);
    assert.ok(client.published(FIXTURE_URI).every((d) => d.version !== undefined && d.version >= 1 && d.version <= 3));
  });

  it('completes run spec function names at the start of a description', async () => {
    const r = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: FIXTURE_URI }, position: { line: 3, character: 17 } });
    const names = labels(r);
    assert.ok(names.includes('mmlu') && names.includes('boolq'), names.slice(0, 20).join(', '));
  });

  it('gives a completion item its documentation on completionItem/resolve', async () => {
    const r = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: FIXTURE_URI }, position: { line: 3, character: 17 } });
    const mmlu = (Array.isArray(r) ? r : r?.items ?? []).find((i) => i.label === 'mmlu');
    assert.ok(mmlu && mmlu.documentation === undefined, JSON.stringify(mmlu));
    const resolved = await client.connection.sendRequest(CompletionResolveRequest.type, mmlu);
    assert.match((resolved.documentation as MarkupContent).value, /mmlu/);
  });

  it('hovers a description with the function and what it expands to', async () => {
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: FIXTURE_URI }, position: { line: 3, character: 19 } });
    const text = hoverText(h);
    assert.match(text, /mmlu/);
    assert.match(text, /mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2/);
  });

  it('outlines the entries under their heading', async () => {
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: FIXTURE_URI } })) as DocumentSymbol[];
    assert.deepStrictEqual(
      symbols.map((s) => [s.name, (s.children ?? []).map((c) => `${c.name} (${c.detail})`)]),
      [['Knowledge', ['mmlu:subject=anatomy,model=openai/gpt2 (priority 1)', 'mmluu:subject=anatomy,model=openai/gpt2 (priority 2)', 'boolq:model=openai/gpt2 (priority 1)']]],
    );
  });

  it('folds the entries list', async () => {
    const ranges = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: FIXTURE_URI } });
    assert.ok(ranges?.some((r) => r.startLine === 1 && r.endLine === 5), JSON.stringify(ranges));
  });

  it('finds the references of a model across the open document', async () => {
    const refs = await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: FIXTURE_URI },
      position: { line: 5, character: 30 },
      context: { includeDeclaration: true },
    });
    assert.deepStrictEqual(refs?.filter((r) => r.uri === FIXTURE_URI).map((r) => r.range.start.line), [3, 4, 5]);
  });

  it('renames a run spec function: edits only its name', async () => {
    const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: FIXTURE_URI }, position: { line: 5, character: 19 }, newName: 'boolq_x' });
    assert.deepStrictEqual(edit?.changes?.[FIXTURE_URI], [{ range: { start: { line: 5, character: 17 }, end: { line: 5, character: 22 } }, newText: 'boolq_x' }]);
  });

  it('colours each part of a description: function, parameter, value, model', async () => {
    const tokens = await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: FIXTURE_URI } });
    const legend = client.initializeResult!.capabilities.semanticTokensProvider!.legend;
    const lines = FIXTURE_TEXT.split('\n');
    // LSP's relative encoding, decoded to what the editor colours.
    const coloured: string[] = [];
    let line = 0;
    let character = 0;
    const data = tokens?.data ?? [];
    for (let i = 0; i + 4 < data.length; i += 5) {
      line += data[i];
      character = data[i] ? data[i + 1] : character + data[i + 1];
      coloured.push(`${line}:${character} ${lines[line].slice(character, character + data[i + 2])} ${legend.tokenTypes[data[i + 3]]}`);
    }
    assert.deepStrictEqual(coloured, [
      '3:17 mmlu function', '3:22 subject parameter', '3:29 = operator', '3:30 anatomy string', '3:38 model macro', '3:43 = operator', '3:44 openai/gpt2 enumMember',
      '4:17 mmluu function', '4:23 subject parameter', '4:30 = operator', '4:31 anatomy string', '4:39 model macro', '4:44 = operator', '4:45 openai/gpt2 enumMember',
      '5:17 boolq function', '5:23 model macro', '5:28 = operator', '5:29 openai/gpt2 enumMember',
    ]);
  });

  it('offers the quick fixes of a diagnostic, with the diagnostic attached', async () => {
    const p = await client.waitForDiagnostics(FIXTURE_URI, (d) => d.version === 3);
    const diagnostic = p.diagnostics[0];
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: FIXTURE_URI },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const fixes = (actions ?? []).filter((a): a is Exclude<typeof a, { command: string; title: string; arguments?: unknown[] }> & { kind?: string } => 'kind' in a);
    const toMmlu = fixes.find((a) => a.edit?.changes?.[FIXTURE_URI]?.some((e) => e.newText === 'mmlu'));
    assert.ok(toMmlu, JSON.stringify(actions));
    assert.strictEqual(toMmlu.kind, 'quickfix');
    assert.deepStrictEqual(toMmlu.diagnostics, [diagnostic]);
  });

  it('definition on an unknown function is null, not an error', async () => {
    const d = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: FIXTURE_URI }, position: { line: 4, character: 19 } });
    assert.strictEqual(d, null);
  });

  it('a request that makes a handler throw gets the empty answer and the server lives on', async () => {
    // A position of null makes the offset computation throw inside the handler.
    const h = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: FIXTURE_URI }, position: null });
    assert.strictEqual(h, null);
    const s = await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///not/open.conf' } });
    assert.deepStrictEqual(s, []);
    assert.ok(client.logs.some((l) => /^hover failed: /.test(l)), client.logs.join('\n'));
    const again = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: FIXTURE_URI }, position: { line: 3, character: 19 } });
    assert.match(hoverText(again), /mmlu/);
  });

  it('finds entries of the workspace by workspace symbol search', async () => {
    const found = await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'boolq' });
    assert.ok(Array.isArray(found) && found.some((s) => s.name === 'boolq:model=openai/gpt2'), JSON.stringify(found));
  });
});

describe('language server: keystrokes and the completion list VS Code asks for', function () {
  this.timeout(30000);
  let client: TestClient;
  const uri = fileUri(path.join(path.dirname(FIXTURE), 'run_entries_typing.conf'));

  before(async () => {
    client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, vscodeCompletion: true });
    await client.open(uri, FIXTURE_TEXT, 1);
    await client.waitForDiagnostics(uri, (d) => d.version === 1);
  });
  after(() => client?.kill());

  it('typing in the first entry, key by key, moves the diagnostics of the entries below it', async () => {
    // Line 3 (0-based): `  {description: "mmlu:subject=anatomy,…`; type `xx,` after `mmlu:`, one key per version.
    const at = { line: 3, character: FIXTURE_TEXT.split('\n')[3].indexOf('mmlu:') + 5 };
    let version = 1;
    for (const key of ['x', 'x', ',']) {
      version++;
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: at, end: at }, text: key }],
      });
      at.character++;
    }
    const p = await client.waitForDiagnostics(uri, (d) => d.version === version);
    const byLine = p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${d.code}`).sort();
    // `xx` is not key=value on line 3; the unknown `mmluu` on line 4 keeps its place.
    assert.deepStrictEqual(byLine, ['3:22-24 description-syntax', '4:17-22 unknown-run-spec-function'], JSON.stringify(p.diagnostics));
  });

  it('model= values: the choices the typed word could match, one edit range for the list, detail and documentation on resolve', async () => {
    const line = FIXTURE_TEXT.split('\n')[5];
    const character = line.indexOf('model=') + 'model=o'.length;
    const r = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 5, character } })) as CompletionList;
    assert.deepStrictEqual(r.itemDefaults?.editRange, { start: { line: 5, character: character - 1 }, end: { line: 5, character: character + 'penai/gpt2'.length } });
    // Only the choices `o` could match, and the editor asks again as the word changes.
    assert.strictEqual(r.isIncomplete, true);
    assert.ok(r.items.every((i) => i.label.toLowerCase().includes('o')));
    const gpt2 = r.items.find((i) => i.label === 'openai/gpt2');
    assert.ok(gpt2, 'openai/gpt2 is offered');
    assert.strictEqual(gpt2.textEdit, undefined, 'the range comes from the list');
    assert.strictEqual(gpt2.detail, undefined, 'the detail waits for resolve');
    const resolved = await client.connection.sendRequest(CompletionResolveRequest.type, gpt2);
    assert.strictEqual(resolved.detail, 'GPT-2 (1.5B)');
    assert.match((resolved.documentation as MarkupContent).value, /openai\/gpt2/);
  });
  it('semantic tokens after a keystroke: only what changed (full/delta), and it adds up to the full list', async () => {
    const before = await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
    assert.ok(before?.resultId && before.data.length > 0, JSON.stringify(before)?.slice(0, 300));
    const line = FIXTURE_TEXT.split('\n')[4];
    const at = { line: 4, character: line.indexOf('"') + 2 };
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 50 },
      contentChanges: [{ range: { start: at, end: at }, text: 'q' }],
    });
    const delta = await client.connection.sendRequest(SemanticTokensDeltaRequest.type, { textDocument: { uri }, previousResultId: before.resultId });
    assert.ok(delta && 'edits' in delta, JSON.stringify(delta).slice(0, 200));
    const edits = delta.edits;
    assert.ok(edits.length === 1 && (edits[0].data?.length ?? 0) <= 30, JSON.stringify(edits));
    const applied = [...before.data];
    for (const e of edits) applied.splice(e.start, e.deleteCount, ...(e.data ?? []));
    const full = await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
    assert.deepStrictEqual(applied, full?.data);
    // An unknown previous result: the whole list.
    const again = await client.connection.sendRequest(SemanticTokensDeltaRequest.type, { textDocument: { uri }, previousResultId: 'gone' });
    assert.deepStrictEqual(again && 'data' in again ? again.data : undefined, full?.data);
  });
});

describe('language server: completion for a client without list-wide defaults (Neovim 0.7)', function () {
  this.timeout(30000);
  let client: TestClient;
  const uri = fileUri(path.join(path.dirname(FIXTURE), 'run_entries_plain_client.conf'));
  const text = 'entries: [\n  {description: "mmlu:subject=anatomy,model=", priority: 1}\n  {description: "boolq:model=op", priority: 1}\n]\n';
  const cursorAfter = (line: number, needle: string) => ({ line, character: text.split('\n')[line].indexOf(needle) + needle.length });
  /** The document once the client applied the item: its text edit, else its insertText (or label) at the cursor. */
  const accept = (item: CompletionItem, cursor: { line: number; character: number }): string => {
    const lines = text.split('\n');
    const edit = item.textEdit && 'range' in item.textEdit ? item.textEdit : undefined;
    const { start, end } = edit?.range ?? { start: cursor, end: cursor };
    const line = lines[start.line];
    lines[start.line] = line.slice(0, start.character) + (edit?.newText ?? item.insertText ?? item.label) + line.slice(end.character);
    return lines.join('\n');
  };

  before(async () => {
    client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
    await client.open(uri, text, 1);
    await client.waitForDiagnostics(uri, (d) => d.version === 1);
  });
  after(() => client?.kill());

  it('after `model=` with nothing typed: the first 200 choices in the editor\'s order, each going in at the cursor with no range of its own, the list to be asked again', async () => {
    const cursor = cursorAfter(1, 'model=');
    const r = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: cursor })) as CompletionList;
    assert.strictEqual(r.itemDefaults, undefined);
    assert.strictEqual(r.items.length, 200);
    assert.strictEqual(r.isIncomplete, true);
    const order = r.items.map((i) => i.sortText ?? i.label);
    assert.deepStrictEqual(order, [...order].sort());
    assert.deepStrictEqual(r.items.filter((i) => i.textEdit !== undefined).map((i) => i.label), []);
    const model = r.items.find((i) => i.kind === CompletionItemKind.Value);
    assert.ok(model, 'a model is offered');
    assert.strictEqual(accept(model, cursor).split('\n')[1], `  {description: "mmlu:subject=anatomy,model=${model.label}", priority: 1}`);
    assert.ok(!r.items.some((i) => i.label === 'openai/gpt2'), 'openai/gpt2 comes later in the order');
  });

  it('after `model=op`: each item has the range of the typed word, which it replaces', async () => {
    const cursor = cursorAfter(2, 'model=op');
    const r = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: cursor })) as CompletionList;
    const gpt2 = r.items.find((i) => i.label === 'openai/gpt2');
    assert.ok(gpt2?.textEdit, JSON.stringify(gpt2));
    assert.ok(r.items.every((i) => i.textEdit !== undefined));
    assert.strictEqual(accept(gpt2, cursor).split('\n')[2], '  {description: "boolq:model=openai/gpt2", priority: 1}');
  });
});

describe('language server lifecycle', function () {
  this.timeout(30000);
  it('shuts down cleanly: shutdown then exit, process exits 0', async () => {
    const client = await TestClient.start();
    assert.strictEqual(await client.stop(), 0);
  });

  it('reads settings through workspace/configuration: a rule set to off silences it', async () => {
    const client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 }, settings: { rules: { 'unknown-run-spec-function': 'off' } } });
    try {
      await client.open(FIXTURE_URI, FIXTURE_TEXT, 1);
      const p = await client.waitForDiagnostics(FIXTURE_URI, (d) => d.version === 1);
      assert.deepStrictEqual(p.diagnostics.filter((d) => d.code === 'unknown-run-spec-function'), []);
    } finally {
      client.kill();
    }
  });
});

describeWithCorpus('language server on the corpus', () => {
  it('opens the largest corpus file and answers diagnostics, completion and hover', async function () {
    this.timeout(60000);
    const file = corpusConfFiles().map((f) => ({ f, size: fs.statSync(f).size })).sort((a, b) => b.size - a.size)[0].f;
    const text = fs.readFileSync(file, 'utf8');
    const uri = fileUri(file);
    const client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
    try {
      await client.open(uri, text, 1);
      assert.strictEqual(path.basename(file), 'run_entries_medhelm_private_stanford.conf');
      const p = await client.waitForDiagnostics(uri, (d) => d.version === 1);
      // HELM accepts the file; two of the models it names are tagged deprecated (26 entries each).
      const byKind = new Map<string, number>();
      for (const d of p.diagnostics) {
        const key = `${d.severity} ${d.code} ${/`([^`]+)`/.exec(d.message)?.[1]}`;
        byKind.set(key, (byKind.get(key) ?? 0) + 1);
      }
      assert.deepStrictEqual(Object.fromEntries(byKind), { '2 deprecated-model deepseek-ai/deepseek-r1': 26, '2 deprecated-model google/gemini-2.5-pro-preview-05-06': 26 });
      assert.deepStrictEqual(p.diagnostics[0].range, { start: { line: 16, character: 104 }, end: { line: 16, character: 127 } });
      // Line 9: `  {description: "clear:condition=alcohol_dependence,…`; the cursor in `clear`.
      const position = { line: 9, character: 18 };
      const h = hoverText(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }));
      assert.ok(h.includes('clear(condition: str, data_path: str)'), h);
      assert.ok(h.includes('- `clear:condition=alcohol_dependence,max_eval_instances=100,model=google_gemini-1.5-pro-001,model_deployment=stanfordhealthcare_gemini-1.5-pro-001`'), h);
      const names = labels(await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }));
      // `c` typed: the functions it could match.
      assert.ok(names.includes('clear') && names.includes('casehold') && !names.includes('mmlu'), names.slice(0, 20).join(', '));
      assert.ok(names.every((n) => n.toLowerCase().includes('c')), names.join(', '));
      assert.strictEqual(await client.stop(), 0);
    } finally {
      client.kill();
    }
  });
});
