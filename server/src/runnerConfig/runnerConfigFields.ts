// What runner_config.yaml may hold: HELM's RunnerConfigSpec fields, and the sbatch options simple_slurm takes under slurm_args.

/** The Python type dacite checks a field against. */
export type RunnerConfigFieldType = 'int' | 'Optional[Dict[str, Any]]';

export interface RunnerConfigField {
  name: string;
  type: RunnerConfigFieldType;
  /** The default, as Python writes it. */
  default: string;
  /** Markdown: what HELM does with it. */
  description: string;
}

/** HELM's `RunnerConfigSpec` (benchmark/runner_config_registry.py), read with dacite from `<local-path>/runner_config.yaml`. */
export const RUNNER_CONFIG_FIELDS: readonly RunnerConfigField[] = [
  {
    name: 'helm_max_concurrent_workers',
    type: 'int',
    default: '-1',
    description:
      'How many RunSpecs run at once. SlurmRunner: worker Slurm jobs in flight (0 or less: 4); the variable ' +
      '`HELM_MAX_CONCURRENT_WORKER_SLURM_JOBS` wins over it. MultiGPURunner: worker processes, one GPU each ' +
      '(0 or less: every visible GPU); the variable `HELM_MAX_CONCURRENT_WORKERS` wins over it.',
  },
  {
    name: 'slurm_monitor_interval',
    type: 'int',
    default: '60',
    description:
      'Seconds SlurmRunner waits between two looks at its worker jobs (`scontrol show job` for each). ' +
      'It also sets how soon a freed place in `helm_max_concurrent_workers` gets the next job.',
  },
  {
    name: 'slurm_args',
    type: 'Optional[Dict[str, Any]]',
    default: 'None',
    description:
      'sbatch options for every worker job, by simple_slurm\'s names (`cpus_per_task`, `partition`, `time`, …), ' +
      'each a string. HELM sets `job_name`, `output` (the worker log) and `chdir` itself. Without `slurm_args`, ' +
      'HELM submits with its own built-in options, made for Stanford\'s cluster (account `nlp`, partition `john`, ' +
      '`--gres=gpu:0`, `--mem=32G`, `--time=14-0`).',
  },
];

export { RUNNER_CONFIG_FILE_NAME } from './runnerConfigPath';

/** slurm_args keys HELM overwrites for each RunSpec. */
export const HELM_SET_SLURM_ARGS: Readonly<Record<string, string>> = {
  job_name: 'the RunSpec name',
  output: 'the worker log, `slurm/<timestamp>/logs/<run>.log`',
  chdir: 'the folder helm-run runs in',
};

export interface SbatchOption {
  /** simple_slurm's name: sbatch's long option with `_` for `-` (`cpus_per_task` is `--cpus-per-task`). */
  name: string;
  /** sbatch's one-letter option, which simple_slurm takes too. */
  short?: string;
  /** Markdown. */
  description?: string;
  /** Values sbatch knows, for completion. */
  values?: readonly string[];
}

/** The options simple_slurm's argument parser accepts (its `arguments.txt`: sbatch's options); the common ones described. */
export const SBATCH_OPTIONS: readonly SbatchOption[] = [
  { name: 'account', short: 'A', description: 'Charge the job to this account.' },
  { name: 'acctg_freq' },
  { name: 'array', short: 'a', description: 'A job array (HELM submits one job per RunSpec; not meant for HELM).' },
  { name: 'batch' },
  { name: 'bb' },
  { name: 'bbf' },
  { name: 'begin', short: 'b', description: 'Start the job no earlier than this time (`now+1hour`, `2026-01-31T08:00`).' },
  { name: 'chdir', short: 'D', description: 'The job\'s working folder.' },
  { name: 'cluster_constraint' },
  { name: 'clusters', short: 'M', description: 'Submit to one of these clusters.' },
  { name: 'comment', description: 'A comment shown by squeue and sacct.' },
  { name: 'constraint', short: 'C', description: 'Node features the job needs (`a100`, `gpu80g&ib`).' },
  { name: 'container' },
  { name: 'container_id' },
  { name: 'contiguous' },
  { name: 'core_spec', short: 'S' },
  { name: 'cores_per_socket' },
  { name: 'cpu_freq' },
  { name: 'cpus_per_gpu', description: 'CPUs per allocated GPU.' },
  { name: 'cpus_per_task', short: 'c', description: 'CPUs for the worker (HELM\'s built-in default: 4).' },
  { name: 'deadline', description: 'Remove the job if it cannot end before this time.' },
  { name: 'delay_boot' },
  { name: 'dependency', short: 'd', description: 'Start after other jobs (`afterok:1234`).' },
  { name: 'distribution', short: 'm' },
  { name: 'error', short: 'e', description: 'Where stderr goes (HELM sends both streams to the worker log through `output`).' },
  { name: 'exclude', short: 'x', description: 'Nodes not to use (`node[01-04]`).' },
  { name: 'exclusive', description: 'Do not share the nodes with other jobs.' },
  { name: 'export', description: 'Which environment variables the job gets (`ALL` by default: helm-run\'s environment, API keys included).' },
  { name: 'export_file' },
  { name: 'extra' },
  { name: 'extra_node_info', short: 'B' },
  { name: 'get_user_env' },
  { name: 'gid' },
  { name: 'gpu_bind' },
  { name: 'gpu_freq' },
  { name: 'gpus_per_node' },
  { name: 'gpus_per_socket' },
  { name: 'gpus_per_task' },
  { name: 'gpus', short: 'G', description: 'GPUs for the job (`1`, `a100:1`).' },
  { name: 'gres', description: 'Generic resources per node (`gpu:1`, `gpu:a100:2`; HELM\'s built-in default: `gpu:0`).' },
  { name: 'gres_flags' },
  { name: 'hint' },
  { name: 'hold', short: 'H', description: 'Submit held: the job waits until released (`scontrol release`).' },
  { name: 'ignore_pbs' },
  { name: 'input', short: 'i' },
  { name: 'job_name', short: 'J', description: 'The job\'s name.' },
  { name: 'kill_on_invalid_dep' },
  { name: 'licenses', short: 'L' },
  { name: 'mail_type', description: 'When Slurm mails you (HELM\'s built-in default: `FAIL`).', values: ['NONE', 'BEGIN', 'END', 'FAIL', 'REQUEUE', 'ALL', 'TIME_LIMIT', 'TIME_LIMIT_90', 'ARRAY_TASKS'] },
  { name: 'mail_user', description: 'Who gets Slurm\'s mails.' },
  { name: 'mcs_label' },
  { name: 'mem', description: 'Memory per node (`32G`, HELM\'s built-in default).' },
  { name: 'mem_bind' },
  { name: 'mem_per_cpu', description: 'Memory per CPU (`4G`).' },
  { name: 'mem_per_gpu', description: 'Memory per GPU.' },
  { name: 'mincpus' },
  { name: 'network' },
  { name: 'nice', description: 'Lower the job\'s priority by this much.' },
  { name: 'no_kill', short: 'k' },
  { name: 'no_requeue', description: 'Never requeue the job.' },
  { name: 'nodefile', short: 'F' },
  { name: 'nodelist', short: 'w', description: 'Run on these nodes (HELM\'s built-in default takes `HELM_SLURM_NODE_NAMES`).' },
  { name: 'nodes', short: 'N', description: 'Nodes for the job (one worker needs one).' },
  { name: 'ntasks_per_core' },
  { name: 'ntasks_per_gpu' },
  { name: 'ntasks_per_node' },
  { name: 'ntasks_per_socket' },
  { name: 'ntasks', short: 'n' },
  { name: 'open_mode', description: 'Append to the worker log or start it afresh (HELM\'s built-in default: `append`).', values: ['append', 'truncate'] },
  { name: 'output', short: 'o', description: 'Where the job\'s output goes.' },
  { name: 'overcommit', short: 'O' },
  { name: 'oversubscribe', short: 's' },
  { name: 'parsable' },
  { name: 'partition', short: 'p', description: 'The partition (queue) to submit to (HELM\'s built-in default: `john`).' },
  { name: 'power' },
  { name: 'prefer', description: 'Node features to prefer, not require.' },
  { name: 'priority' },
  { name: 'profile' },
  { name: 'propagate' },
  { name: 'qos', short: 'q', description: 'Quality of service.' },
  { name: 'quiet', short: 'Q' },
  { name: 'reboot' },
  { name: 'requeue', description: 'Let Slurm requeue the job (after a node failure or preemption).' },
  { name: 'reservation', description: 'Run in this reservation.' },
  { name: 'signal', description: 'Signal the job before its time limit (`B:USR1@120`).' },
  { name: 'sockets_per_node' },
  { name: 'spread_job' },
  { name: 'switches' },
  { name: 'test_only' },
  { name: 'thread_spec' },
  { name: 'threads_per_core' },
  { name: 'time_min' },
  { name: 'time', short: 't', description: 'Time limit (`30`, `4:00:00`, `14-0`; HELM\'s built-in default: `14-0`). Quote it: PyYAML reads `4:00:00` as a number (base 60).' },
  { name: 'tmp', description: 'Temporary disk space per node.' },
  { name: 'tres_per_task' },
  { name: 'uid' },
  { name: 'use_min_nodes' },
  { name: 'verbose', short: 'v' },
  { name: 'wait_all_nodes' },
  { name: 'wait', short: 'W' },
  { name: 'wckey' },
  { name: 'wrap' },
];

const BY_NAME = new Map(SBATCH_OPTIONS.map((o) => [o.name, o]));
const BY_SHORT = new Map(SBATCH_OPTIONS.filter((o) => o.short).map((o) => [o.short as string, o]));

/** sbatch's long option for a simple_slurm name: `cpus_per_task` → `--cpus-per-task`. */
export function sbatchFlag(option: SbatchOption): string {
  return `--${option.name.replace(/_/g, '-')}`;
}

/**
 * The option a slurm_args key stands for, as simple_slurm's argparse reads it: a long name, a one-letter
 * option, or an unambiguous prefix of long names (argparse allows abbreviations). A key with a `-`
 * is passed as written and never matches.
 */
export function sbatchOptionOf(key: string): { option?: SbatchOption; abbreviation?: boolean; ambiguous?: SbatchOption[] } {
  const k = key.trim();
  if (k.includes('-') || k.length === 0) return {};
  if (k.length === 1) return BY_SHORT.has(k) ? { option: BY_SHORT.get(k) } : {};
  const exact = BY_NAME.get(k);
  if (exact) return { option: exact };
  const prefixed = SBATCH_OPTIONS.filter((o) => o.name.startsWith(k));
  if (prefixed.length === 1) return { option: prefixed[0], abbreviation: true };
  return prefixed.length > 1 ? { ambiguous: prefixed } : {};
}

export function runnerConfigField(name: string): RunnerConfigField | undefined {
  return RUNNER_CONFIG_FIELDS.find((f) => f.name === name);
}
