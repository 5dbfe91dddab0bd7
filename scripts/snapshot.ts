// Writes server/data/registry-snapshot.json from a HELM source tree: `npm run snapshot -- PATH [--commit SHA]`.
import * as fs from 'fs';
import * as path from 'path';
import { findHelmSrcRoot, scanHelmSource, type ScannedSource } from '../server/src/registry/scanHelm';
import { SNAPSHOT_FILE, snapshotFileText } from '../server/src/registry/snapshot';

/** The commit of the git checkout at or above `dir`, read from .git without running git. */
function gitCommit(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const gitDir = path.join(d, '.git');
    if (fs.existsSync(gitDir)) {
      try {
        const head = fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
        if (!head.startsWith('ref: ')) return head;
        const ref = head.slice(5);
        const loose = path.join(gitDir, ref);
        if (fs.existsSync(loose)) return fs.readFileSync(loose, 'utf8').trim();
        const packed = fs.readFileSync(path.join(gitDir, 'packed-refs'), 'utf8');
        return packed.split('\n').find((l) => l.endsWith(` ${ref}`))?.split(' ')[0];
      } catch {
        return undefined;
      }
    }
    if (path.dirname(d) === d) return undefined;
  }
}

function confValueKeys(c: ScannedSource['confValues']): number {
  if (!c) return 0;
  return Object.values(c.arguments).reduce((n, keys) => n + Object.keys(keys).length, 0) + Object.keys(c.expanders).length;
}

function main(argv: string[]): number {
  const args = [...argv];
  let commit: string | undefined;
  const ci = args.indexOf('--commit');
  if (ci >= 0) {
    commit = args[ci + 1];
    args.splice(ci, 2);
  }
  const dir = args[0];
  if (!dir) {
    process.stderr.write('usage: npm run snapshot -- HELM_SOURCE_DIR [--commit SHA]\n');
    return 2;
  }
  const root = findHelmSrcRoot(dir);
  if (!root) {
    process.stderr.write(`No HELM source at ${dir}\n`);
    return 1;
  }
  // The full commit: links to HELM's source on its public repository name it.
  commit = commit ?? gitCommit(root) ?? '';
  if (commit && !/^[0-9a-f]{40}$/.test(commit)) {
    process.stderr.write(`--commit wants the full 40-digit commit, not ${commit}\n`);
    return 2;
  }
  const scanned = scanHelmSource(root, { source: 'snapshot' });
  const { problems, ...data } = scanned;
  const out = path.resolve(__dirname, '..', '..', 'server', 'data', SNAPSHOT_FILE);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, snapshotFileText({ helmCommit: commit, ...data }));
  for (const p of problems) process.stderr.write(`${p.file}:${p.line + 1}: ${p.message}\n`);
  process.stdout.write(
    `${path.relative(process.cwd(), out)}: HELM ${commit || '(commit unknown)'}: ${data.functions.length} run spec functions, ` +
      `${data.expanders.length} run expanders, ${data.wildcards.length} model wildcards, ${data.models.length} model entries, ` +
      `${data.deployments.length} model deployment entries, ${data.deploymentGeneratorPrefixes.length} deployment generator prefixes, ` +
      `values of ${confValueKeys(data.confValues)} argument keys from HELM's conf files\n`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
