// No diagnostic's related information points to a file that does not exist: a local file that does, or HELM's source on GitHub.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toLspDiagnostic } from '../../server/src/lsp/convert';
import { parseConf } from '../../server/src/parser/index';
import { loadSnapshot } from '../../server/src/registry/index';
import { sourceLink, type SourceLinkContext } from '../../server/src/services/sourceLinks';
import { validate } from '../../server/src/services/validation';
import { corpusConfFiles, describeWithCorpus, fixturePath } from '../helpers/corpus';
import { snapshotRegistry } from '../helpers/registry';

const snapshot = loadSnapshot();
const COMMIT = snapshot.helmCommit;
/** The files the snapshot read, relative to HELM's src/: a GitHub link must name one of them. */
const SNAPSHOT_FILES = new Set([...snapshot.functions, ...snapshot.expanders, ...snapshot.models, ...snapshot.deployments].map((x) => `src/${x.origin.file}`));

function assertOpens(uri: string, docUri: string, where: string): void {
  if (uri === docUri) return;
  if (uri.startsWith('file:')) {
    assert.ok(fs.existsSync(fileURLToPath(uri)), `${where}: ${uri} does not exist`);
    return;
  }
  const m = /^https:\/\/github\.com\/stanford-crfm\/helm\/blob\/([0-9a-f]{40})\/([^#]+)#L\d+$/.exec(uri);
  assert.ok(m, `${where}: ${uri} is neither a file nor HELM on GitHub`);
  assert.strictEqual(m[1], COMMIT);
  assert.ok(SNAPSHOT_FILES.has(m[2]), `${where}: ${m[2]} is not a file the snapshot read`);
}

describe('source links', () => {
  const ctx = (helmSrcRoot?: string): SourceLinkContext => ({ helmSrcRoot, helmCommit: COMMIT });
  const rows: Array<{ title: string; file: string; ctx: SourceLinkContext; expected: string | undefined }> = [
    { title: 'a snapshot path, no HELM: GitHub at the commit, 1-based anchor', file: 'helm/benchmark/run_expander.py', ctx: ctx(), expected: `https://github.com/stanford-crfm/helm/blob/${COMMIT}/src/helm/benchmark/run_expander.py#L11` },
    { title: 'a snapshot path, a HELM checkout that has it: the local file', file: 'helm/benchmark/run_expander.py', ctx: ctx(fixturePath('helm-checkout', 'src')), expected: pathToFileURL(fixturePath('helm-checkout', 'src', 'helm', 'benchmark', 'run_expander.py')).href },
    { title: 'a snapshot path the checkout lacks: GitHub', file: 'helm/config/tokenizer_configs.yaml', ctx: ctx(fixturePath('helm-checkout', 'src')), expected: `https://github.com/stanford-crfm/helm/blob/${COMMIT}/src/helm/config/tokenizer_configs.yaml#L11` },
    { title: 'an absolute path that exists', file: fixturePath('helm-checkout', 'README.md'), ctx: ctx(), expected: pathToFileURL(fixturePath('helm-checkout', 'README.md')).href },
    { title: 'an absolute path that does not: no link', file: path.join(fixturePath('helm-checkout'), 'gone.py'), ctx: ctx(), expected: undefined },
    { title: 'no commit known: no link', file: 'helm/benchmark/run_expander.py', ctx: {}, expected: undefined },
  ];
  for (const row of rows) it(row.title, () => assert.strictEqual(sourceLink(row.file, 10, row.ctx)?.uri, row.expected));
});

describeWithCorpus('no related information points to a missing file (corpus, HELM absent and present)', () => {
  const registry = snapshotRegistry()!;
  // Entries whose diagnostics point into HELM: an expander shadowing a parameter, duplicates.
  const extra = 'entries: [\n  {description: "summarization_xsum:temperature=0.5,model=openai/gpt2"}\n  {description: "opinions_qa:survey_type=x,num_logprobs=1,num_train_trials=2"}\n  {description: "mmlu:subject=a,subject=b"}\n]\n';
  const texts = [...corpusConfFiles().map((f) => ({ name: path.basename(f), text: fs.readFileSync(f, 'utf8') })), { name: 'shadowing.conf', text: extra }];
  for (const state of [{ name: 'absent', links: { helmCommit: COMMIT } }, { name: 'a checkout without those files', links: { helmCommit: COMMIT, helmSrcRoot: fixturePath('helm-checkout', 'src') } }]) {
    it(`HELM ${state.name}`, () => {
      let related = 0;
      for (const { name, text } of texts) {
        const docUri = `file:///ws/${name}`;
        const doc = TextDocument.create(docUri, 'helm-conf', 1, text);
        for (const d of validate(parseConf(text), registry, {})) {
          for (const r of toLspDiagnostic(d, doc, docUri, state.links).relatedInformation ?? []) {
            assertOpens(r.location.uri, docUri, `${name} ${d.code}`);
            related++;
          }
        }
      }
      assert.ok(related > 0, 'some related information was checked');
    });
  }
});
