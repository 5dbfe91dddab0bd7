// A real one-node Slurm on localhost for the tests: its own munged, slurmctld and slurmd in a scratch folder, on free ports.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface LocalSlurm {
  dir: string;
  /** The environment for Slurm's commands: SLURM_CONF points at this cluster. */
  env: NodeJS.ProcessEnv;
  partition: string;
  /** CPUs of the one node: a job asking for all of them keeps the next one PENDING. */
  cpus: number;
  /** Cancels every job, stops the three daemons (by their pids) and removes the folder. */
  stop(): Promise<void>;
}

const PROGRAMS = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scontrol', 'scancel', 'sinfo'];
const PARTITION = 'debug';
const CPUS = 2;

/** Why no local Slurm can be started here (undefined: it can). */
export function localSlurmMissing(): string | undefined {
  const missing = PROGRAMS.filter((program) => !onPath(program));
  if (missing.length) return `Slurm is not installed (${missing.join(', ')} not found; scripts/setup.sh installs slurm-wlm and munge)`;
  return undefined;
}

function onPath(program: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin'];
  return dirs.some((dir) => dir && fs.existsSync(path.join(dir, program)));
}

/** Finds a program also in the sbin folders a non-root PATH may lack. */
function programPath(program: string): string {
  for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin']) {
    const candidate = path.join(dir, program);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return program;
}

/** Free TCP ports on 127.0.0.1, as the kernel hands them out. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

async function waitUntil(what: string, probe: () => boolean, timeoutMs: number, logs: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`local Slurm: timed out waiting for ${what}\n${logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function slurmConf(dir: string, host: string, user: string, ports: number[]): string {
  return [
    'ClusterName=helmtest',
    `SlurmctldHost=${host}(127.0.0.1)`,
    'AuthType=auth/munge',
    'CredType=cred/munge',
    `AuthInfo=socket=${path.join(dir, 'munge', 'munge.socket')}`,
    // No cgroups, no accounting database: what a container or a CI machine allows.
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'JobAcctGatherType=jobacct_gather/none',
    'SelectType=select/cons_tres',
    // Schedule at once after each submission and each job end (the default waits for the next pass).
    'SchedulerParameters=sched_interval=1,sched_min_interval=0',
    'MinJobAge=600',
    `SlurmUser=${user}`,
    `SlurmdUser=${user}`,
    `StateSaveLocation=${path.join(dir, 'state')}`,
    `SlurmdSpoolDir=${path.join(dir, 'spool')}`,
    `SlurmctldPidFile=${path.join(dir, 'slurmctld.pid')}`,
    `SlurmdPidFile=${path.join(dir, 'slurmd.pid')}`,
    `SlurmctldLogFile=${path.join(dir, 'slurmctld.log')}`,
    `SlurmdLogFile=${path.join(dir, 'slurmd.log')}`,
    `SlurmctldPort=${ports[0]}`,
    `SlurmdPort=${ports[1]}`,
    'ReturnToService=2',
    'MpiDefault=none',
    `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${CPUS} RealMemory=1000 State=UNKNOWN`,
    `PartitionName=${PARTITION} Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
    '',
  ].join('\n');
}

/** Starts munged, slurmctld and slurmd (in the foreground, as children of this process) and waits for an idle node. */
export async function startLocalSlurm(): Promise<LocalSlurm> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-slurm-'));
  fs.chmodSync(dir, 0o711);
  for (const sub of ['munge', 'state', 'spool']) fs.mkdirSync(path.join(dir, sub), { mode: 0o700 });
  const key = path.join(dir, 'munge', 'munge.key');
  fs.writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  const host = os.hostname();
  const user = os.userInfo().username;
  const conf = path.join(dir, 'slurm.conf');
  fs.writeFileSync(conf, slurmConf(dir, host, user, await freePorts(2)));
  const env: NodeJS.ProcessEnv = { ...process.env, SLURM_CONF: conf };
  const children: ChildProcess[] = [];
  const daemon = (program: string, args: string[], log: string): void => {
    const out = fs.openSync(path.join(dir, log), 'a');
    children.push(spawn(programPath(program), args, { env, stdio: ['ignore', out, out] }));
    fs.closeSync(out);
  };
  const logs = (): string =>
    ['munged.out', 'slurmctld.log', 'slurmd.log', 'slurmctld.out', 'slurmd.out']
      .map((name) => path.join(dir, name))
      .filter((file) => fs.existsSync(file))
      .map((file) => `--- ${path.basename(file)}\n${fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n')}`)
      .join('\n');

  let stopped = false;
  const killAll = (signal: NodeJS.Signals): void => {
    for (const child of [...children].reverse()) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  // Even when the test process ends abruptly, no daemon is left behind.
  const onExit = (): void => killAll('SIGKILL');
  process.once('exit', onExit);

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      const ids = spawnSync(programPath('squeue'), ['--noheader', '--format=%i'], { env, encoding: 'utf8', timeout: 10000 }).stdout?.split(/\s+/).filter((id) => /^\d+$/.test(id)) ?? [];
      if (ids.length) spawnSync(programPath('scancel'), ids, { env, timeout: 10000 });
      const deadline = Date.now() + 10000;
      while (ids.length && Date.now() < deadline) {
        const left = spawnSync(programPath('squeue'), ['--noheader', '--format=%i'], { env, encoding: 'utf8', timeout: 10000 }).stdout?.trim();
        if (!left) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      killAll('SIGTERM');
      const exited = Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((resolve) => c.once('exit', resolve)))));
      const timer = new Promise((resolve) => setTimeout(resolve, 5000));
      await Promise.race([exited, timer]);
      killAll('SIGKILL');
      process.removeListener('exit', onExit);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  try {
    const socket = path.join(dir, 'munge', 'munge.socket');
    daemon('munged', ['--foreground', '--force', `--socket=${socket}`, `--key-file=${key}`, `--log-file=${path.join(dir, 'munge', 'munged.log')}`,
      `--pid-file=${path.join(dir, 'munge', 'munged.pid')}`, `--seed-file=${path.join(dir, 'munge', 'munged.seed')}`], 'munged.out');
    await waitUntil('munged', () => fs.existsSync(socket), 10000, logs);
    daemon('slurmctld', ['-D', '-f', conf], 'slurmctld.out');
    daemon('slurmd', ['-D', '-f', conf, '-N', host], 'slurmd.out');
    await waitUntil('an idle node', () => {
      if (children.some((c) => c.exitCode !== null)) throw new Error(`local Slurm: a daemon exited\n${logs()}`);
      const sinfo = spawnSync(programPath('sinfo'), ['--noheader', '--format=%t'], { env, encoding: 'utf8', timeout: 5000 });
      return sinfo.stdout?.trim() === 'idle';
    }, 30000, logs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { dir, env, partition: PARTITION, cpus: CPUS, stop };
}
