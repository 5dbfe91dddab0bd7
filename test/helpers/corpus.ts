// Finds HELM's real conf and config files (../shared/helm-corpus beside the project); tests skip when absent.
import * as fs from 'fs';
import * as path from 'path';

export const projectRoot = path.resolve(__dirname, '..', '..', '..');

const candidates = [
  process.env.HELM_CORPUS,
  path.resolve(projectRoot, '..', 'shared', 'helm-corpus'),
].filter((p): p is string => !!p);

/** The corpus folder, or undefined when this clone has none beside it. */
export const corpusDir: string | undefined = candidates.find((p) => fs.existsSync(path.join(p, 'conf')));

export function corpusConfFiles(): string[] {
  if (!corpusDir) return [];
  const dir = path.join(corpusDir, 'conf');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.conf')).sort().map((f) => path.join(dir, f));
}

/** Use as `describeWithCorpus('…', () => { … })`: skipped, with the reason in its title, when the corpus is absent. */
export function describeWithCorpus(title: string, body: () => void): void {
  if (corpusDir) describe(title, body);
  else describe.skip(`${title} (skipped: ../shared/helm-corpus is not beside this clone)`, body);
}

export function fixturePath(...parts: string[]): string {
  return path.join(projectRoot, 'test', 'fixtures', ...parts);
}
