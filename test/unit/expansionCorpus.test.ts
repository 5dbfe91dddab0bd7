// Every corpus entry HELM built (../shared/real-helm/corpus-runspec-names.json, --models-to-run openai/gpt2) against the static expansion, and against the exact one when the real HELM is here.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { expandEntry } from '../../server/src/expansion/staticExpansion';
import { parseConf } from '../../server/src/parser/index';
import type { RunEntry } from '../../server/src/parser/types';
import { exactQuestion } from '../../server/src/services/exactChecks';
import { REAL_HELM_UNSET, realHelm, realHelmBridge } from '../helpers/bridge';
import { corpusDir, projectRoot } from '../helpers/corpus';
import { snapshotRegistry } from '../helpers/registry';

/** HELM's own names for the corpus, recorded at the snapshot's commit (see ../shared/real-helm/README.md). */
interface HelmNames {
  helm_commit: string;
  files: Array<{ file: string; entries: Array<{ index: number; description: string; outcome: 'ok' | 'needs_network'; runSpecNames: string[] | null }> }>;
}

const NAMES_FILE = path.resolve(projectRoot, '..', 'shared', 'real-helm', 'corpus-runspec-names.json');
const FILTERS = { modelsToRun: ['openai/gpt2'] };
/**
 * Entries the static expansion names exactly as HELM does, today. The test fails when it drops below
 * (an approximate name counts as a miss): raise it when the static expansion gets better.
 */
const STATIC_EXACT_AT_LEAST = 3825;

interface CorpusEntry {
  file: string;
  entry: RunEntry;
  helm: HelmNames['files'][number]['entries'][number];
}

function readCorpus(): CorpusEntry[] | string {
  if (!fs.existsSync(NAMES_FILE)) return `${path.relative(projectRoot, NAMES_FILE)} is absent`;
  if (!corpusDir) return '../shared/helm-corpus is absent';
  const names = JSON.parse(fs.readFileSync(NAMES_FILE, 'utf8')) as HelmNames;
  const out: CorpusEntry[] = [];
  for (const f of names.files) {
    const conf = parseConf(fs.readFileSync(path.join(corpusDir, 'conf', f.file), 'utf8'));
    assert.strictEqual(conf.entries.length, f.entries.length, `${f.file}: the entries HELM read`);
    for (const helm of f.entries) out.push({ file: f.file, entry: conf.entries[helm.index], helm });
  }
  return out;
}

const corpus = readCorpus();
function describeIf(title: string, why: string | undefined, body: (this: Mocha.Suite) => void): void {
  if (why) describe.skip(`${title} (skipped: ${why})`, body);
  else describe(title, body);
}

describeIf('static expansion of every corpus entry against HELM’s names', typeof corpus === 'string' ? corpus : undefined, () => {
  const entries = typeof corpus === 'string' ? [] : corpus;

  it('reads the same descriptions HELM read', () => {
    for (const { file, entry, helm } of entries) assert.strictEqual(entry.description?.parsed?.text, helm.description, `${file} entry ${helm.index}`);
  });

  it(`names at least ${STATIC_EXACT_AT_LEAST} of the entries HELM built exactly as HELM does (an approximate name is a miss)`, function () {
    const registry = snapshotRegistry();
    if (!registry) return this.skip();
    const ok = entries.filter((e) => e.helm.outcome === 'ok');
    let same = 0;
    let approximate = 0;
    const wrong: string[] = [];
    for (const { file, entry, helm } of ok) {
      const s = expandEntry(entry, registry, FILTERS);
      const ours = s.runSpecs.map((r) => r.name);
      if (!s.approximate && JSON.stringify(ours) === JSON.stringify(helm.runSpecNames)) same++;
      else if (s.approximate) approximate++;
      else wrong.push(`${file}: ${helm.description}: HELM ${JSON.stringify(helm.runSpecNames)}, static ${JSON.stringify(ours)} ${s.error ?? ''}`);
    }
    const rate = ((100 * same) / ok.length).toFixed(2);
    this.test!.title += ` — ${same}/${ok.length} (${rate}%); ${approximate} approximate, ${wrong.length} different`;
    assert.ok(same >= STATIC_EXACT_AT_LEAST, `${same} of ${ok.length}; different:\n${wrong.slice(0, 20).join('\n')}`);
  });

  it('marks at most 10% of all entries approximate', function () {
    const registry = snapshotRegistry();
    if (!registry) return this.skip();
    const approximate = entries.filter((e) => expandEntry(e.entry, registry, FILTERS).approximate).length;
    assert.ok(entries.length > 4000, `${entries.length} entries`);
    assert.ok(approximate <= 0.1 * entries.length, `${approximate} of ${entries.length}`);
  });
});

// The exact expansion needs the real HELM (test/helpers/bridge.ts says how to name it).
const exactWhy = typeof corpus === 'string' ? corpus : realHelm ? undefined : REAL_HELM_UNSET;
describeIf('exact expansion of every corpus entry with the real HELM', exactWhy, function () {
  this.timeout(600_000);
  const entries = typeof corpus === 'string' ? [] : corpus;
  const bridge = realHelmBridge(120_000);
  after(() => bridge.dispose());

  it("gives HELM's exact names for every entry HELM built, and names the download of every other one", async function () {
    const answers = await Promise.all(
      entries.map(async (e) => {
        const q = exactQuestion(e.entry);
        assert.ok(q, `${e.file} entry ${e.helm.index}`);
        return { e, result: await bridge.expand(q.description, FILTERS, q.fields, { lane: 'background' }) };
      }),
    );
    const wrong: string[] = [];
    let downloads = 0;
    for (const { e, result } of answers) {
      if (e.helm.outcome === 'ok') {
        const names = result.ok ? result.runSpecs.map((r) => r.name) : `${result.kind}: ${result.error}`;
        if (JSON.stringify(names) !== JSON.stringify(e.helm.runSpecNames)) wrong.push(`${e.file}: ${e.helm.description}: HELM ${JSON.stringify(e.helm.runSpecNames)}, exact ${JSON.stringify(names)}`);
      } else if (!result.ok && result.kind === 'refused' && result.refused?.[0].kind === 'download') downloads++;
      else wrong.push(`${e.file}: ${e.helm.description}: needs a download, got ${JSON.stringify(result).slice(0, 300)}`);
    }
    const ok = entries.filter((e) => e.helm.outcome === 'ok').length;
    this.test!.title += ` — ${ok - wrong.length}/${ok} exact, ${downloads} downloads refused`;
    assert.deepStrictEqual(wrong.slice(0, 20), []);
  });
});
