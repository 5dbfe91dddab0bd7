// Exact diagnostics over the protocol: HELM's verdict on every entry (the stand-in HELM), the status, edits, and a hanging interpreter.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HoverRequest, type Diagnostic, type MarkupContent, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { EXACT_STATUS_REQUEST, EXPAND_FILE_REQUEST, type ExactCheckStatus, type ExpandFileResult } from '../../server/src/common/protocol';
import { RULES } from '../../server/src/services/rules';
import { fixturePath } from '../helpers/corpus';
import { isAlive } from '../helpers/process';
import { TestClient, fileUri } from './lspClient';

const standin = fixturePath('standin-helm');
const confPath = fixturePath('exact', 'run_entries_construct_errors.conf');
const confText = fs.readFileSync(confPath, 'utf8');
const uri = fileUri(confPath);
const hasPython = spawnSync('python3', ['-c', 'import sys'], { stdio: 'ignore' }).status === 0;
const settings = { pythonPath: 'python3', helmSourcePath: standin, exactExpansion: true, localPath: 'prod_env', plugins: [] };

const lineCodes = (ds: Diagnostic[]): string[] => ds.map((d) => `${d.range.start.line} ${d.code}`).sort();
const hasDownloadInfo = (p: PublishDiagnosticsParams): boolean => p.diagnostics.some((d) => d.code === 'helm-needs-download');

(hasPython ? describe : describe.skip)('exact diagnostics (stand-in HELM)', function () {
  this.timeout(60_000);
  const clients: TestClient[] = [];
  after(() => clients.forEach((c) => c.kill()));

  async function start(trusted: boolean, extra: Record<string, unknown> = {}): Promise<TestClient> {
    const client = await TestClient.start({ initializationOptions: { trusted, diagnosticsDelay: 0 }, settings: { ...settings, ...extra }, rootPath: path.dirname(confPath) });
    clients.push(client);
    await client.open(uri, confText, 1);
    return client;
  }

  it('publishes the static diagnostics first, then HELM’s verdict on every entry; the status names HELM', async () => {
    const client = await start(true);
    const first = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.ok(!first.diagnostics.some((d) => String(d.code).startsWith('helm-')), 'the first publication is the static one');
    const exact = await client.waitForDiagnostics(uri, (p) => p.version === 1 && hasDownloadInfo(p));
    const found = lineCodes(exact.diagnostics);
    for (const line of [2, 3, 4, 5, 6, 7]) assert.ok(exact.diagnostics.some((d) => d.range.start.line === line && d.severity === 1), `an error on line ${line}: ${found.join('; ')}`);
    assert.ok(found.includes('2 helm-error') && found.includes('8 helm-needs-download'), found.join('; '));
    assert.ok(!found.some((f) => f.startsWith('9 ')), found.join('; '));
    const keyError = exact.diagnostics.find((d) => d.code === 'helm-error' && d.range.start.line === 2);
    assert.match(keyError?.message ?? '', /^HELM stops with `KeyError: ''` in `get_mmlu_clinical_afr_spec` \(helm\/benchmark\/construct_run_specs\.py:\d+\)\.$/);
    assert.deepStrictEqual(keyError?.range, { start: { line: 2, character: 60 }, end: { line: 2, character: 65 } }, 'on `lang=`');
    assert.strictEqual(keyError?.relatedInformation?.[0].location.uri, fileUri(path.join(standin, 'helm', 'benchmark', 'construct_run_specs.py')));
    const status = await client.connection.sendRequest<ExactCheckStatus>(EXACT_STATUS_REQUEST);
    assert.deepStrictEqual(status, { exact: true, helmVersion: '0.0.0+standin', helmPath: path.join(standin, 'helm') });
  });

  it("an edit is judged again: the fixed entry's error goes, the others stay from the cache, a new one comes", async () => {
    const client = await start(true);
    await client.waitForDiagnostics(uri, (p) => p.version === 1 && hasDownloadInfo(p));
    await client.replace(uri, confText.replace('lang=,', 'lang=af,'), 2);
    const v2first = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.ok(hasDownloadInfo(v2first), 'the answers HELM already gave are in the first publication of the new version');
    assert.ok(!v2first.diagnostics.some((d) => d.range.start.line === 2), JSON.stringify(v2first.diagnostics));
    await client.replace(uri, confText.replace('lang=,', 'lang=xx,'), 3);
    const v3 = await client.waitForDiagnostics(uri, (p) => p.version === 3 && p.diagnostics.some((d) => d.code === 'helm-error' && d.range.start.line === 2));
    assert.match(v3.diagnostics.find((d) => d.range.start.line === 2)?.message ?? '', /KeyError: 'xx'/);
  });

  it('a new text under the same version number (a client that repeats it) is judged by HELM too', async () => {
    const client = await start(true);
    await client.waitForDiagnostics(uri, (p) => p.version === 1 && hasDownloadInfo(p));
    await client.replace(uri, confText.replace('lang=,', 'lang=yy,'), 1);
    const judged = await client.waitForDiagnostics(uri, (p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'helm-error' && /KeyError: 'yy'/.test(d.message)));
    assert.strictEqual(judged.diagnostics.find((d) => /KeyError: 'yy'/.test(d.message))?.range.start.line, 2);
  });

  it("with every static rule off, HELM's own errors stand on each line", async () => {
    const rules = Object.fromEntries(RULES.filter((r) => !r.code.startsWith('helm-')).map((r) => [r.code, 'off']));
    const client = await start(true, { rules });
    const exact = await client.waitForDiagnostics(uri, (p) => p.version === 1 && hasDownloadInfo(p));
    assert.deepStrictEqual(lineCodes(exact.diagnostics), ['2 helm-error', '3 helm-error', '4 helm-error', '5 helm-error', '6 helm-error', '7 helm-error', '8 helm-needs-download']);
  });

  it('no HELM: the helper is started once, the log says so once, and the status says why', async () => {
    const client = await start(true, { helmSourcePath: fixturePath('standin-helm', 'not-helm') });
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    for (let i = 0; i < 100 && !client.logs.some((l) => l.includes('is not HELM')); i++) await new Promise((r) => setTimeout(r, 50));
    for (let v = 2; v <= 4; v++) {
      await client.replace(uri, confText.replace('lang=,', `lang=x${v},`), v);
      await client.waitForDiagnostics(uri, (p) => p.version === v);
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 9, character: 20 } });
      await client.connection.sendRequest(EXPAND_FILE_REQUEST, { uri });
    }
    assert.strictEqual(client.logs.filter((l) => l.startsWith('Starting the HELM helper')).length, 1, client.logs.join('\n'));
    const said = client.logs.filter((l) => l.includes('is not HELM'));
    assert.strictEqual(said.length, 1, said.join('\n'));
    assert.match(said[0], /Static checks only until a setting, the interpreter or the workspace's HELM files change\.$/);
    const status = await client.connection.sendRequest<ExactCheckStatus>(EXACT_STATUS_REQUEST);
    assert.strictEqual(status.exact, false);
    assert.match(status.reason ?? '', /^The `helm` package \S+ finds \(.*not-helm\/helm\/__init__\.py\) is not HELM \(crfm-helm\)$/);
  });

  it('a server killed outright leaves no folder of its helper behind', async () => {
    const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ls-temp-'));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tempRoot; // the server's os.tmpdir(), where each helper's folder is made
    let client: TestClient;
    try {
      client = await start(true);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
    await client.waitForDiagnostics(uri, (p) => p.version === 1 && hasDownloadInfo(p));
    assert.deepStrictEqual(fs.readdirSync(tempRoot).length, 1, 'the helper has its folder');
    client.kill();
    for (let i = 0; i < 100 && fs.readdirSync(tempRoot).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepStrictEqual(fs.readdirSync(tempRoot), []);
    fs.rmSync(tempRoot, { recursive: true, force: true });
  });

  it('untrusted: static checks only, and the status says why', async () => {
    const client = await start(false);
    const p = await client.waitForDiagnostics(uri, (x) => x.version === 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(client.published(uri).every((x) => !hasDownloadInfo(x)), JSON.stringify(p));
    const status = await client.connection.sendRequest<ExactCheckStatus>(EXACT_STATUS_REQUEST);
    assert.deepStrictEqual(status, { exact: false, reason: 'the workspace is not trusted, so no Python runs' });
  });
});

(hasPython ? describe : describe.skip)('an interpreter that never answers', function () {
  this.timeout(60_000);
  let dir = '';
  let python = '';
  let pidFile = '';
  let client: TestClient | undefined;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hang-'));
    python = path.join(dir, 'python3');
    fs.copyFileSync(fixturePath('standin-python', 'python-that-hangs'), python);
    fs.chmodSync(python, 0o755);
    pidFile = path.join(dir, 'pids');
  });
  after(() => {
    client?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives the static answer at once, and leaves no process behind after the server stops', async () => {
    // No helmSourcePath: the registry probes the interpreter too (python3 -c …find_spec('helm')…).
    client = await TestClient.start({
      initializationOptions: { trusted: true, diagnosticsDelay: 0 },
      settings: { pythonPath: python, exactExpansion: true, localPath: 'prod_env', plugins: [] },
      rootPath: path.dirname(confPath),
    });
    await client.open(uri, confText, 1);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const expanded = await client.connection.sendRequest<ExpandFileResult>(EXPAND_FILE_REQUEST, { uri });
    assert.strictEqual(expanded.entries.length, 8);
    assert.ok(expanded.entries.every((e) => !e.exact), 'static names, not waiting for HELM');
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 9, character: 20 } });
    assert.match((hover?.contents as MarkupContent).value, /boolq/);
    const status = await client.connection.sendRequest<ExactCheckStatus>(EXACT_STATUS_REQUEST);
    assert.deepStrictEqual(status, { exact: false, reason: `loading HELM with ${python}` });
    const readPids = (): number[] => (fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').trim().split('\n').map(Number) : []);
    for (let i = 0; i < 100 && readPids().length < 4; i++) await new Promise((r) => setTimeout(r, 50));
    const started = readPids();
    assert.ok(started.length >= 4, `the probe and the helper, each with a child: ${started.join(' ')}`);
    assert.strictEqual(await client.stop(), 0);
    for (let i = 0; i < 100 && started.some(isAlive); i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepStrictEqual(started.filter(isAlive), [], 'every process the interpreter started is gone');
  });
});
