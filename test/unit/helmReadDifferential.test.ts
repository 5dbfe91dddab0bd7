// The parser against HELM's own reader (read_run_entries: pyhocon, then dacite) on run entry files made at random: the same verdict (helm-run reads the file or stops), and the same entries where it reads them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { HelmBridge } from '../../server/src/expansion/helmBridge';
import { parseConf } from '../../server/src/parser/index';
import type { ConfFile } from '../../server/src/parser/types';
import { FILE_REFUSED, SHAPE_REFUSED } from '../../server/src/services/rules';
import { REAL_HELM_UNSET, realHelm, realHelmBridge } from '../helpers/bridge';
import { randomRunEntryFile } from '../helpers/randomConf';
import { seededRandom } from '../helpers/random';

/**
 * What the parser says helm-run's reader makes of the file: the first problem that stops it, or the
 * entries. A `description:` without a value is read (as an empty string, which HELM refuses later).
 */
function ourReading(conf: ConfFile): string | Array<[string | null, unknown, unknown]> {
  const stop = conf.problems.find(
    (p) => p.severity === 'error' && (FILE_REFUSED.has(p.code) || SHAPE_REFUSED.has(p.code) || (p.code === 'missing-value' && !p.message.includes('Unknown run spec name'))),
  );
  if (stop) return `stops: ${stop.code}`;
  return conf.entries.map((e): [string | null, unknown, unknown] => [e.description?.parsed?.text ?? (e.describedOtherwise === 'empty' ? '' : null), e.priority?.value ?? null, e.groups?.value ?? null]);
}

/**
 * A field joining `null` or a boolean with text (`description: true groups: null`, a comma left out):
 * pyhocon makes a string of it holding the Python object's repr, which the model does not write out.
 */
function joinsKeyword(conf: ConfFile): boolean {
  return conf.entries.some((e) =>
    [e.description?.node, e.priority?.node, e.groups?.node].some((n) => n?.kind === 'concatenation' && n.parts.some((p) => p.kind === 'null' || p.kind === 'boolean')),
  );
}

/**
 * Objects merged on one line (`{description: "a"} {description.x: 1}`) where a later one has a dotted
 * key: pyhocon's merge puts the object in place of the earlier value, which the model does not follow.
 */
function mergesDottedKey(conf: ConfFile): boolean {
  return conf.entries.some((e) => e.node.kind === 'concatenation' && e.node.parts.some((p) => p.kind === 'object' && p.fields.some((f) => f.key.path.length > 1)));
}

const FILES = 400;

(realHelm ? describe : describe.skip)(`the parser against HELM's read_run_entries on random files${realHelm ? '' : ` (skipped: ${REAL_HELM_UNSET})`}`, function () {
  this.timeout(300_000);
  let bridge: HelmBridge;
  let dir: string;
  before(() => {
    bridge = realHelmBridge(120_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-read-'));
  });
  after(async () => {
    await bridge.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`${FILES} run entry files: the same verdict, and where HELM reads a file the same entries`, async () => {
    const rnd = seededRandom(20261205);
    const differences: string[] = [];
    let read = 0;
    for (let i = 0; i < FILES; i++) {
      const text = randomRunEntryFile(rnd);
      const file = path.join(dir, `run_entries_${i}.conf`);
      fs.writeFileSync(file, text);
      const helm = await bridge.readRunEntries([file]);
      if (!helm.ok && helm.kind !== 'helm-error') assert.fail(`the bridge failed: ${helm.kind}: ${helm.error}`);
      const theirs = helm.ok ? helm.entries.map((e) => [e.description, typeof e.priority === 'boolean' ? Number(e.priority) : e.priority, e.groups]) : `stops: ${helm.error}`;
      const conf = parseConf(text);
      if (joinsKeyword(conf) || mergesDottedKey(conf)) continue;
      const ours = ourReading(conf);
      const bools = Array.isArray(ours) ? ours.map(([d, p, g]) => [d, typeof p === 'boolean' ? Number(p) : p, g]) : ours;
      if (helm.ok) read++;
      const same = typeof theirs === 'string' ? typeof bools === 'string' : JSON.stringify(theirs) === JSON.stringify(bools);
      if (!same) differences.push(`${JSON.stringify(text)}: HELM ${typeof theirs === 'string' ? theirs : `reads ${JSON.stringify(theirs)}`}; the parser ${typeof bools === 'string' ? bools : `reads ${JSON.stringify(bools)}`}`);
    }
    assert.deepStrictEqual(differences.slice(0, 10), [], `${differences.length} of ${FILES} files read differently`);
    assert.ok(read >= 40, `HELM read only ${read} of the files`);
  });
});
