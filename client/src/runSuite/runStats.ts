// Reads the main statistics of finished RunSpecs from HELM's `runs/<suite>/<name>/stats.json`. No VS Code.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readUserFileAsync } from '../../../server/src/common/userFiles';

/** The metrics shown in the results view, in this order, when a RunSpec has them. */
export const MAIN_METRICS: readonly string[] = [
  'num_instances',
  'exact_match',
  'quasi_exact_match',
  'prefix_exact_match',
  'quasi_prefix_exact_match',
  'f1_score',
  'rouge_l',
  'bleu_4',
  'math_equiv',
  'inference_runtime',
];

/** Splits tried in this order: the first one a RunSpec has statistics for is shown. */
const SPLIT_PREFERENCE = ['test', 'valid'];

export interface RunSpecResult {
  runSpec: string;
  /** The split the numbers are from, or undefined when none was found. */
  split?: string;
  /** Metric name → mean, for the metrics of MAIN_METRICS the RunSpec has. */
  means: Record<string, number>;
  /** Why there are no numbers (no stats.json, unreadable, …). */
  problem?: string;
  /** The RunSpec's output folder exists. */
  folder: boolean;
  /** Which of RUN_FILES it holds. */
  files: string[];
}

/** The files of a RunSpec's output folder the results view links to (runner.py writes them). */
export const RUN_FILES: readonly string[] = ['run_spec.json', 'scenario_state.json', 'per_instance_stats.json', 'stats.json'];

interface StatLike {
  name: { name: string; split?: string; sub_split?: string; perturbation?: unknown };
  mean?: number;
  sum?: number;
  count?: number;
}

function isStat(value: unknown): value is StatLike {
  if (typeof value !== 'object' || value === null) return false;
  const name = (value as { name?: unknown }).name;
  return typeof name === 'object' && name !== null && typeof (name as { name?: unknown }).name === 'string';
}

/** The main means of one stats.json's content (a list of HELM `Stat`s). */
export function mainStatistics(stats: unknown): { split?: string; means: Record<string, number> } {
  if (!Array.isArray(stats)) return { means: {} };
  // Only whole-split statistics: no sub-split, no perturbation.
  const plain = stats.filter(isStat).filter((s) => s.name.sub_split === undefined && s.name.perturbation === undefined);
  for (const split of SPLIT_PREFERENCE) {
    const means: Record<string, number> = {};
    for (const stat of plain) {
      if (stat.name.split !== split || !MAIN_METRICS.includes(stat.name.name)) continue;
      const mean = typeof stat.mean === 'number' ? stat.mean : meanOf(stat);
      if (mean !== undefined) means[stat.name.name] = mean;
    }
    if (Object.keys(means).length > 0) return { split, means };
  }
  return { means: {} };
}

function meanOf(stat: StatLike): number | undefined {
  return typeof stat.sum === 'number' && typeof stat.count === 'number' && stat.count > 0 ? stat.sum / stat.count : undefined;
}

/** The folder helm-run writes a suite's RunSpecs to. */
export function suiteOutputDir(workingDir: string, suite: string, outputPath = 'benchmark_output'): string {
  return path.resolve(workingDir, outputPath, 'runs', suite);
}

/** Reads each RunSpec's stats.json under `suiteDir`, and which of its files exist; never throws. */
export async function readRunSpecResults(suiteDir: string, runSpecs: readonly string[]): Promise<RunSpecResult[]> {
  return Promise.all(
    runSpecs.map(async (runSpec): Promise<RunSpecResult> => {
      const dir = path.join(suiteDir, runSpec);
      let listing: string[] | undefined;
      try {
        listing = await fs.readdir(dir);
      } catch {
        listing = undefined;
      }
      const place = { folder: listing !== undefined, files: RUN_FILES.filter((f) => listing?.includes(f)) };
      const read = await readUserFileAsync(path.join(dir, 'stats.json'));
      if (!read.ok) return { runSpec, means: {}, problem: read.missing ? 'no stats.json' : `stats.json: ${read.problem}`, ...place };
      try {
        return { runSpec, ...mainStatistics(JSON.parse(read.text)), ...place };
      } catch {
        return { runSpec, means: {}, problem: 'stats.json is not valid JSON', ...place };
      }
    }),
  );
}

/** The metric columns to show for these results: MAIN_METRICS that at least one has. */
export function resultColumns(results: readonly RunSpecResult[]): string[] {
  return MAIN_METRICS.filter((metric) => results.some((r) => metric in r.means));
}
