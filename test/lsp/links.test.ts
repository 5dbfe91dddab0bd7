// Every link the server gives (go to definition, a diagnostic's related information, the hover's) opens, with HELM absent (GitHub) and present (the local file).
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { DefinitionRequest, HoverRequest, type Location, type MarkupContent } from 'vscode-languageserver-protocol';
import { REGISTRY_STATUS_REQUEST, type RegistryStatus } from '../../server/src/common/protocol';
import { fixturePath } from '../helpers/corpus';
import { TestClient, fileUri } from './lspClient';

/** HELM's repository as git objects, when this machine has it: the GitHub links are then read at their line. */
const HELM_GIT = process.env.HELM_GIT_DIR ?? '/work/.mirror/stanford-crfm+helm/repo';
const hasHelmGit = fs.existsSync(HELM_GIT) && spawnSync('git', ['--git-dir', HELM_GIT, 'rev-parse', '--verify', '-q', 'HEAD'], { stdio: 'ignore' }).status === 0;

const TEXT = `entries: [
  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}
  {description: "summarization_xsum:temperature=0.5,model=openai/gpt2", priority: 1}
  {description: "mmlu:subject=a,subject=b,model=openai/gpt2", priority: 1}
]
`;
const GITHUB = /^https:\/\/github\.com\/stanford-crfm\/helm\/blob\/([0-9a-f]{40})\/(src\/helm\/[^#]+)#L(\d+)$/;

/** The text of the line a link opens at: a local file's, or (with HELM's git objects here) the GitHub file's at that commit. */
function targetLine(loc: Location): string | undefined {
  if (loc.uri.startsWith('file:')) {
    const file = fileURLToPath(loc.uri);
    assert.ok(fs.statSync(file).isFile(), `${loc.uri} is a file that exists`);
    return fs.readFileSync(file, 'utf8').split('\n')[loc.range.start.line];
  }
  const m = GITHUB.exec(loc.uri);
  assert.ok(m, `${loc.uri} is HELM's source on GitHub at a commit`);
  assert.strictEqual(Number(m[3]) - 1, loc.range.start.line, 'the #L anchor is the line of the range');
  if (!hasHelmGit) return undefined;
  const shown = spawnSync('git', ['--git-dir', HELM_GIT, 'show', `${m[1]}:${m[2]}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.strictEqual(shown.status, 0, `${m[2]} exists at ${m[1]}`);
  return shown.stdout.split('\n')[Number(m[3]) - 1];
}

describe('links into HELM’s source open, HELM absent and present', function () {
  this.timeout(30000);
  const clients: TestClient[] = [];
  after(() => clients.forEach((c) => c.kill()));

  const states: Array<{ name: string; settings: Record<string, unknown>; trusted: boolean; scheme: RegExp; registry: RegExp }> = [
    { name: 'absent: HELM’s source on GitHub at the snapshot’s commit', settings: {}, trusted: false, scheme: /^https:/, registry: /bundled snapshot/ },
    {
      name: 'present: the local HELM checkout (helmSourcePath)',
      settings: { helmSourcePath: fixturePath('helm-checkout'), exactExpansion: false },
      trusted: true,
      scheme: /^file:/,
      registry: /HELM source at/,
    },
  ];
  for (const state of states) {
    it(state.name, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-links-'));
      const file = path.join(dir, 'run_entries_links.conf');
      fs.writeFileSync(file, TEXT);
      const uri = fileUri(file);
      const client = await TestClient.start({ initializationOptions: { trusted: state.trusted, diagnosticsDelay: 0 }, settings: state.settings, rootPath: dir });
      clients.push(client);
      for (let i = 0; ; i++) {
        const status = await client.connection.sendRequest<RegistryStatus>(REGISTRY_STATUS_REQUEST);
        if (state.registry.test(status.describeSource)) break;
        assert.ok(i < 200, `the registry is ${status.describeSource}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await client.open(uri, TEXT, 1);
      const lines = TEXT.split('\n');
      const at = (line: number, word: string): { line: number; character: number } => ({ line, character: lines[line].indexOf(word) + 1 });
      const definition = async (line: number, word: string): Promise<Location> => {
        const r = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: at(line, word) })) as Location[] | null;
        assert.ok(r?.length === 1, `one definition of ${word}: ${JSON.stringify(r)}`);
        return r[0];
      };
      // The hover's link after `in ` or `Defined in `: a GitHub link names its line itself, a file's ends in `#L`.
      const hoverLink = async (line: number, word: string): Promise<Location[]> => {
        const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(line, word) });
        const markdown = (h?.contents as MarkupContent | undefined)?.value ?? '';
        return [...markdown.matchAll(/ in \[`[^`]+`\]\(([^)#]+)#L(\d+)\)/g)].map((m) => {
          const target = m[1].startsWith('file:') ? m[1] : `${m[1]}#L${m[2]}`;
          return { uri: target.replace(/%28/g, '(').replace(/%29/g, ')'), range: { start: { line: Number(m[2]) - 1, character: 0 }, end: { line: Number(m[2]) - 1, character: 0 } } };
        });
      };
      const published = await client.waitForDiagnostics(uri, (p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'expander-shadows-argument'));
      const related = (code: string): Location[] => published.diagnostics.filter((d) => d.code === code).flatMap((d) => (d.relatedInformation ?? []).map((r) => r.location));

      // Every kind of link, with what the line it opens at holds.
      const kinds: Array<{ kind: string; links: Location[]; line: RegExp }> = [
        { kind: 'definition of a run spec function', links: [await definition(1, 'mmlu')], line: /def get_mmlu_spec\(/ },
        { kind: 'definition of another one', links: [await definition(2, 'summarization_xsum')], line: /def get_xsum_summarization_spec\(/ },
        { kind: 'definition of a model', links: [await definition(1, 'openai/gpt2')], line: /name: openai\/gpt2/ },
        { kind: 'related: the run expander that shadows a parameter', links: related('expander-shadows-argument').slice(0, 1), line: /class TemperatureRunExpander\b/ },
        { kind: 'related: the function whose parameter it shadows', links: related('expander-shadows-argument').slice(1), line: /def get_xsum_summarization_spec\(/ },
        { kind: 'hover of a run spec function', links: await hoverLink(1, 'mmlu'), line: /def get_mmlu_spec\(/ },
        { kind: 'hover of a model', links: (await hoverLink(1, 'openai/gpt2')).slice(0, 1), line: /name: openai\/gpt2/ },
        { kind: 'hover of a run expander', links: (await hoverLink(2, 'temperature')).slice(0, 1), line: /class TemperatureRunExpander\b/ },
        { kind: 'related: the argument HELM keeps, in the same file', links: related('duplicate-key'), line: /subject=b/ },
      ];
      for (const k of kinds) {
        assert.strictEqual(k.links.length, 1, `${k.kind}: one link`);
        const link = k.links[0];
        if (k.kind.includes('same file')) assert.strictEqual(link.uri, uri);
        else assert.match(link.uri, state.scheme, k.kind);
        const text = targetLine(link);
        if (text !== undefined) assert.match(text, k.line, `${k.kind}: ${link.uri} line ${link.range.start.line + 1} is ${JSON.stringify(text)}`);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }
});
