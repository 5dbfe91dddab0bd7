// `--exact` on the command line: HELM itself, through the bridge, judges and expands every entry (`--python`, `--helm-source`).
import * as path from 'path';
import type { ExpansionFilters } from '../common/protocol';
import { HelmBridge, type BridgeResult, type HelperInfo } from '../expansion/helmBridge';
import type { ConfFile } from '../parser/types';
import { exactQuestion, type ExactVerdict } from '../services/exactChecks';

/** The options `--exact` brings to `check` and `expand`. */
export const EXACT_SWITCHES: ReadonlySet<string> = new Set(['exact']);
export const EXACT_SINGLE = ['python', 'helm-source'] as const;

export interface ExactCliOptions {
  /** `--python`: the interpreter with HELM (default `python3`). */
  python?: string;
  /** `--helm-source`: a HELM checkout put first on the interpreter's path. */
  helmSource?: string;
  cwd: string;
  localPath?: string;
  plugins: string[];
}

export type ExactSession = { ok: true; bridge: HelmBridge; helm: HelperInfo } | { ok: false; message: string };

/** Starts HELM's helper and waits until HELM is loaded; says what it looked for when no HELM is found. */
export async function startExactSession(options: ExactCliOptions): Promise<ExactSession> {
  const python = options.python || 'python3';
  const helmSource = options.helmSource ? path.resolve(options.cwd, options.helmSource) : undefined;
  const bridge = new HelmBridge({
    pythonPath: python,
    cwd: options.cwd,
    localPath: options.localPath ?? 'prod_env',
    plugins: options.plugins,
    helmSourcePath: helmSource,
    // One try: the command line does not wait for an interpreter to change.
    retryUnavailableMs: 0,
  });
  const ping = await bridge.ping();
  if (ping.ok) return { ok: true, bridge, helm: ping.value };
  await bridge.dispose();
  const where = helmSource ? `${helmSource} (--helm-source), then the \`helm\` package of ${python}` : `the \`helm\` package of ${python}`;
  return { ok: false, message: `no HELM found: looked for ${where}${options.python ? '' : ' (choose the interpreter with --python)'}: ${ping.error.replace(/; set helmConf\.pythonPath$/, '')}` };
}

/** HELM's answer for every entry of the file (in file order); entries without a readable description are left out. */
export async function exactVerdicts(bridge: HelmBridge, conf: ConfFile, filters: ExpansionFilters): Promise<ExactVerdict[]> {
  const asked: Array<Promise<ExactVerdict | undefined>> = conf.entries.map(async (entry) => {
    const q = exactQuestion(entry);
    if (!q) return undefined;
    const result: BridgeResult = await bridge.expand(q.description, filters, q.fields, { lane: 'background' });
    return { entry, result };
  });
  return (await Promise.all(asked)).filter((v): v is ExactVerdict => v !== undefined);
}

/** `HELM 0.5.6`, or where it is when its version is unknown (a source checkout without metadata). */
export function helmLabel(helm: HelperInfo): string {
  return helm.helmVersion && helm.helmVersion !== 'unknown' ? `HELM ${helm.helmVersion}` : `HELM at ${helm.helmPath}`;
}
