// Open → diagnostics (parse and checks) and outline on the inputs that once took minutes, each at two sizes: the time should double, no more.
import { getLanguageService } from '../server/src/languageService';
import { createRegistry } from '../server/src/registry/index';
import { snapshotRegistry } from '../test/helpers/registry';

const entry = (description: string): string => `entries: [\n  {description: "${description}", priority: 1}\n]\n`;

/** Each input at size n (the second run doubles n). */
const INPUTS: ReadonlyArray<[label: string, n: number, make: (n: number) => string]> = [
  ['duplicate keys', 16_000, (n) => entry(`mmlu:subject=anatomy${',model=openai/gpt2'.repeat(n)}`)],
  ['empty pieces: `,` after `,`', 100_000, (n) => entry(`mmlu:subject=anatomy${','.repeat(n)}`)],
  ['`key=value,` (10 bytes each)', 50_000, (n) => entry(`mmlu:${'key=value,'.repeat(n)}`)],
  ['tabs in a description', 50_000, (n) => entry(`mmlu:subject=${'\tx'.repeat(n)}`)],
  ['`## a` + spaces + `b`', 8_000, (n) => `## a${' '.repeat(n)}b\n${entry('mmlu:subject=anatomy')}`],
  ['`## a` + `#` + `b`', 40_000, (n) => `## a${'#'.repeat(n)}b\n${entry('mmlu:subject=anatomy')}`],
  ['`{` on one line', 100_000, (n) => `entries: [\n  ${'{'.repeat(n)}\n]\n`],
  ['backslashes after the list', 150_000, (n) => `${entry('mmlu:subject=anatomy')}${'\\'.repeat(n)}`],
  ['levels of `[` in an entry', 10_000, (n) => entry(`mmlu:subject=anatomy", x: ${'['.repeat(n)}${']'.repeat(n)}, y: "`)],
  ['`[` closed by as many `}`', 100_000, (n) => `a: ${'['.repeat(n)}${'}'.repeat(n)}\n`],
  ['`{a:` never closed', 100_000, (n) => entry(`mmlu:subject=anatomy", x: ${'{a:'.repeat(n)} "`)],
  ['lines of `:` in an entry', 10_000, (n) => `entries: [\n  {description: "a"\n${':\n'.repeat(n)}  }\n]\n`],
  ['a new function name each entry', 5_000, (n) => `entries: [\n${Array.from({ length: n }, (_, i) => `  {description: "mmlu_pro${i}:subject=anatomy", priority: 1}\n`).join('')}]\n`],
  ['entries without `entries: [`', 10_000, (n) => `${'  {description: "mmlu:subject=anatomy", priority: 1}\n'.repeat(n)}]\n`],
];

export async function run(): Promise<void> {
  const service = getLanguageService();
  const registry = snapshotRegistry() ?? createRegistry([]);
  const settings = { rules: {}, modelsToRun: [] };
  const now = (): number => Number(process.hrtime.bigint()) / 1e6;
  for (const [label, n, make] of INPUTS) {
    const cells: string[] = [];
    for (const size of [n, 2 * n]) {
      const text = make(size);
      service.validate(service.parse(text), registry, settings); // warm-up
      const t0 = now();
      const conf = service.parse(text);
      const diagnostics = service.validate(conf, registry, settings);
      const t1 = now();
      service.documentSymbols(conf);
      service.foldingRanges(conf);
      const t2 = now();
      cells.push(`${size}: ${(t1 - t0).toFixed(0)} ms (${diagnostics.length} diagnostics), outline ${(t2 - t1).toFixed(1)} ms`);
    }
    console.log(`${label.padEnd(30)} ${cells.join('   ')}`);
  }
}
