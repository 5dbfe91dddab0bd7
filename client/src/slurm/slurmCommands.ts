// Slurm's own commands as the editor uses them: squeue, scontrol, sacct and scancel argument lists, their output read; no VS Code.
import { runProgram, type ProgramResult } from '../execProgram';

/** One job as Slurm reports it. */
export interface SlurmJobReport {
  id: number;
  state: string;
  /** Seconds the job has run (squeue `%M`, scontrol `RunTime`, sacct `ElapsedRaw`). */
  elapsedSeconds?: number;
  /** Why a job waits (`Resources`, `Priority`, …), or `None`. */
  reason?: string;
  /** The job's output file (scontrol `StdOut`). */
  stdout?: string;
  source: 'squeue' | 'scontrol' | 'sacct';
}

const SQUEUE_SEPARATOR = '|';
/** What squeue and scontrol say of a job slurmctld no longer holds. */
const FORGOTTEN = /Invalid job id/i;

/** `squeue` for these jobs, finished ones included while slurmctld still holds them (MinJobAge). */
export function squeueArgs(ids: readonly number[]): string[] {
  return ['--noheader', '--states=all', `--jobs=${ids.join(',')}`, `--format=%i${SQUEUE_SEPARATOR}%T${SQUEUE_SEPARATOR}%M${SQUEUE_SEPARATOR}%r`];
}

/** `scontrol show job ID`: what HELM's SlurmRunner itself asks. */
export function scontrolShowJobArgs(id: number): string[] {
  return ['show', 'job', String(id)];
}

/** `sacct` for jobs slurmctld has forgotten; useful only where the cluster has accounting storage. */
export function sacctArgs(ids: readonly number[]): string[] {
  return ['--noheader', '--parsable2', '--allocations', `--jobs=${ids.join(',')}`, '--format=JobIDRaw,State,ElapsedRaw'];
}

export function scontrolShowConfigArgs(): string[] {
  return ['show', 'config'];
}

export function scancelArgs(id: number): string[] {
  return [String(id)];
}

/** Seconds of a Slurm duration: `M:SS`, `H:MM:SS`, `D-HH:MM:SS` (squeue, scontrol); undefined for `INVALID`, `UNLIMITED`, … */
export function parseSlurmDuration(text: string): number | undefined {
  const m = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const days = Number(m[1] ?? 0);
  const parts = [m[2], m[3], m[4]].filter((p): p is string => p !== undefined).map(Number);
  // With days and one or two fields Slurm writes `D-HH` / `D-HH:MM`; without days, `MM:SS` / `H:MM:SS`.
  let seconds: number;
  if (m[1] !== undefined) seconds = (parts[0] ?? 0) * 3600 + (parts[1] ?? 0) * 60 + (parts[2] ?? 0);
  else if (parts.length === 3) seconds = parts[0] * 3600 + parts[1] * 60 + parts[2];
  else if (parts.length === 2) seconds = parts[0] * 60 + parts[1];
  else seconds = parts[0] * 60; // a bare number is minutes, as in --time
  return days * 86400 + seconds;
}

/** `65` → `1:05`; `3723` → `1:02:03`; `93784` → `1-02:03:04` (squeue's own form). */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const pad = (n: number): string => String(n).padStart(2, '0');
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = s % 60;
  if (days > 0) return `${days}-${pad(hours)}:${pad(minutes)}:${pad(secs)}`;
  if (hours > 0) return `${hours}:${pad(minutes)}:${pad(secs)}`;
  return `${minutes}:${pad(secs)}`;
}

/** squeue's lines in the format of squeueArgs; array job steps (`12_3`) and malformed lines are skipped. */
export function parseSqueue(text: string): SlurmJobReport[] {
  const reports: SlurmJobReport[] = [];
  for (const line of text.split(/\r?\n/)) {
    const fields = line.trim().split(SQUEUE_SEPARATOR);
    if (fields.length < 4 || !/^\d+$/.test(fields[0])) continue;
    const elapsedSeconds = parseSlurmDuration(fields[2]);
    reports.push({ id: Number(fields[0]), state: fields[1], ...(elapsedSeconds === undefined ? {} : { elapsedSeconds }), reason: fields[3], source: 'squeue' });
  }
  return reports;
}

/** `scontrol show job` output: the job's id, JobState (as HELM reads it), RunTime, Reason, StdOut. */
export function parseScontrolJob(text: string): SlurmJobReport | undefined {
  const field = (name: string, pattern = '(\\S+)'): string | undefined => new RegExp(`(?:^|\\s)${name}=${pattern}`, 'm').exec(text)?.[1];
  const id = field('JobId', '(\\d+)');
  const state = field('JobState', '(\\w+)');
  if (id === undefined || state === undefined) return undefined;
  const runTime = field('RunTime');
  const elapsedSeconds = runTime === undefined ? undefined : parseSlurmDuration(runTime);
  const stdout = field('StdOut', '(.*)$')?.trim();
  const reason = field('Reason');
  return {
    id: Number(id),
    state,
    ...(elapsedSeconds === undefined ? {} : { elapsedSeconds }),
    ...(reason ? { reason } : {}),
    ...(stdout ? { stdout } : {}),
    source: 'scontrol',
  };
}

/** sacct lines in the format of sacctArgs (`12|CANCELLED by 0|37`). */
export function parseSacct(text: string): SlurmJobReport[] {
  const reports: SlurmJobReport[] = [];
  for (const line of text.split(/\r?\n/)) {
    const [id, state, elapsed] = line.trim().split('|');
    if (!id || !/^\d+$/.test(id) || !state) continue;
    const seconds = /^\d+$/.test(elapsed ?? '') ? Number(elapsed) : undefined;
    reports.push({ id: Number(id), state: state.split(/\s+/)[0], ...(seconds === undefined ? {} : { elapsedSeconds: seconds }), source: 'sacct' });
  }
  return reports;
}

/** Whether `scontrol show config` names an accounting storage (without one, sacct knows nothing). */
export function accountingStorageEnabled(configText: string): boolean {
  const m = /^\s*AccountingStorageType\s*=\s*(\S+)/m.exec(configText);
  return !!m && m[1] !== 'accounting_storage/none' && m[1] !== '(null)';
}

/** Runs Slurm's commands with one environment (PATH, SLURM_CONF) and a time limit each. */
export class SlurmCommands {
  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly timeoutMs = 20000,
  ) {}

  run(program: 'squeue' | 'scontrol' | 'sacct' | 'scancel' | 'sinfo', args: readonly string[]): Promise<ProgramResult> {
    return runProgram(program, args, { env: this.env, timeoutMs: this.timeoutMs });
  }

  /** The jobs squeue knows among `ids`, then scontrol for the others; `problem` when Slurm could not be asked. */
  async jobReports(ids: readonly number[], accounting: boolean): Promise<{ reports: Map<number, SlurmJobReport>; problem?: string }> {
    const reports = new Map<number, SlurmJobReport>();
    if (ids.length === 0) return { reports };
    const squeue = await this.run('squeue', squeueArgs(ids));
    for (const report of parseSqueue(squeue.stdout)) reports.set(report.id, report);
    // squeue refuses a list of jobs it has all forgotten (past MinJobAge): that is no failure to reach Slurm.
    let problem = squeue.code === 0 || reports.size > 0 || FORGOTTEN.test(squeue.stderr) ? undefined : firstLine(squeue);
    for (const id of ids.filter((i) => !reports.has(i))) {
      const scontrol = await this.run('scontrol', scontrolShowJobArgs(id));
      const report = scontrol.code === 0 ? parseScontrolJob(scontrol.stdout) : undefined;
      if (report) reports.set(id, report);
      else if (problem === undefined && !FORGOTTEN.test(scontrol.stderr)) problem = firstLine(scontrol);
    }
    const forgotten = ids.filter((i) => !reports.has(i));
    if (accounting && forgotten.length > 0) {
      const sacct = await this.run('sacct', sacctArgs(forgotten));
      for (const report of parseSacct(sacct.stdout)) if (!reports.has(report.id)) reports.set(report.id, report);
    }
    return problem === undefined ? { reports } : { reports, problem };
  }

  async accountingEnabled(): Promise<boolean> {
    const config = await this.run('scontrol', scontrolShowConfigArgs());
    return config.code === 0 && accountingStorageEnabled(config.stdout);
  }

  /** `scancel ID`; the error text when it fails. */
  async cancel(id: number): Promise<string | undefined> {
    const result = await this.run('scancel', scancelArgs(id));
    return result.code === 0 ? undefined : firstLine(result);
  }
}

function firstLine(result: ProgramResult): string {
  return (result.stderr || result.stdout).trim().split('\n')[0] || `exit code ${result.code}`;
}
