// Reads the state SlurmRunner keeps under `slurm/<timestamp>/`: its spec, worker_slurm_jobs.json, queued and skipped runs; no VS Code.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readUserFileAsync } from '../../../server/src/common/userFiles';

/** One entry of worker_slurm_jobs.json: HELM's `_SlurmJobInfo`. */
export interface SlurmJobInfo {
  id: number;
  state: string;
}

/** What SlurmRunner has written so far for one run of helm-run. */
export interface HelmSlurmRunFiles {
  dir: string;
  suite?: string;
  /** RunSpec name → its worker job, as HELM last wrote it (undefined: not written yet, or caught mid-write). */
  jobs?: Map<string, SlurmJobInfo>;
  /** RunSpecs HELM has not submitted yet (queued_runs.json). */
  queued?: string[];
  /** RunSpecs skipped because --skip-completed-runs found them done (skipped_runs.json). */
  skipped?: string[];
}

/** SlurmRunner's files, relative to the folder helm-run runs in. */
export const SLURM_BASE_DIR = 'slurm';
export const WORKER_SLURM_JOBS_FILE = 'worker_slurm_jobs.json';
export const QUEUED_RUNS_FILE = 'queued_runs.json';
export const SKIPPED_RUNS_FILE = 'skipped_runs.json';
export const SLURM_RUNNER_SPEC_FILE = 'slurm_runner_spec.json';

/**
 * The content of worker_slurm_jobs.json (`{"<run>": {"id": 12, "state": "PENDING"}}`), or undefined
 * when it is not that shape: HELM rewrites the file in place, so a reader may catch it half written.
 */
export function parseWorkerSlurmJobs(text: string): Map<string, SlurmJobInfo> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const jobs = new Map<string, SlurmJobInfo>();
  for (const [run, info] of Object.entries(value as Record<string, unknown>)) {
    if (typeof info !== 'object' || info === null) return undefined;
    const { id, state } = info as { id?: unknown; state?: unknown };
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || typeof state !== 'string') return undefined;
    jobs.set(run, { id, state });
  }
  return jobs;
}

/** queued_runs.json or skipped_runs.json: a JSON list of RunSpec names; undefined when not that. */
export function parseRunNames(text: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The suite of slurm_runner_spec.json (HELM's SlurmRunnerSpec), or undefined. */
export function parseSlurmRunnerSpecSuite(text: string): string | undefined {
  try {
    const value = JSON.parse(text) as { suite?: unknown } | null;
    return typeof value?.suite === 'string' ? value.suite : undefined;
  } catch {
    return undefined;
  }
}

/** The text of one of HELM's files in the run folder; undefined when it is missing, unreadable or not a regular file. */
async function readText(file: string): Promise<string | undefined> {
  const read = await readUserFileAsync(file);
  return read.ok ? read.text : undefined;
}

/** Reads one `slurm/<timestamp>/` folder; what is missing or unreadable is left undefined. */
export async function readHelmSlurmRunFiles(dir: string): Promise<HelmSlurmRunFiles> {
  const [spec, jobs, queued, skipped] = await Promise.all(
    [SLURM_RUNNER_SPEC_FILE, WORKER_SLURM_JOBS_FILE, QUEUED_RUNS_FILE, SKIPPED_RUNS_FILE].map((name) => readText(path.join(dir, name))),
  );
  return {
    dir,
    suite: spec === undefined ? undefined : parseSlurmRunnerSpecSuite(spec),
    jobs: jobs === undefined ? undefined : parseWorkerSlurmJobs(jobs),
    queued: queued === undefined ? undefined : parseRunNames(queued),
    skipped: skipped === undefined ? undefined : parseRunNames(skipped),
  };
}

/** The worker log of a RunSpec: SlurmRunner passes `logs/<run>.log` as the job's `--output`. */
export function workerLogPath(dir: string, runSpec: string): string {
  return path.join(dir, 'logs', `${runSpec}.log`);
}

/**
 * The `slurm/<timestamp>/` folder SlurmRunner made for `suite` in `cwd` at or after `sinceMs`
 * (the newest, when several), or undefined while there is none yet.
 */
export async function findHelmSlurmRunDir(cwd: string, suite: string, sinceMs: number): Promise<string | undefined> {
  const base = path.join(cwd, SLURM_BASE_DIR);
  let names: string[];
  try {
    names = await fs.readdir(base);
  } catch {
    return undefined;
  }
  let best: { dir: string; mtimeMs: number } | undefined;
  for (const name of names) {
    const dir = path.join(base, name);
    const specFile = path.join(dir, SLURM_RUNNER_SPEC_FILE);
    try {
      const stat = await fs.stat(specFile);
      // HELM names the folder to the second: allow for that and for a coarse file clock.
      if (stat.mtimeMs < sinceMs - 2000) continue;
      const spec = await readText(specFile);
      if (spec === undefined || parseSlurmRunnerSpecSuite(spec) !== suite) continue;
      if (!best || stat.mtimeMs > best.mtimeMs) best = { dir, mtimeMs: stat.mtimeMs };
    } catch {
      // no spec (yet), or not a SlurmRunner folder
    }
  }
  return best?.dir;
}
