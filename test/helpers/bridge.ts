// The HELM bridge in tests: python3 with the stand-in `helm` package, and what the tests ask of a bridge.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as os from 'os';
import { BridgeResult, HelmBridge, HelmBridgeOptions } from '../../server/src/expansion/helmBridge';
import { fixturePath } from './corpus';
import { isAlive } from './process';

export const PYTHON = 'python3';
export const standin = fixturePath('standin-helm');
export const hasPython = spawnSync(PYTHON, ['-c', 'import sys'], { stdio: 'ignore' }).status === 0;
/** Whether python3 finds a `helm` package of its own (then "not installed" cannot be shown). */
export const pythonHasHelm = hasPython && spawnSync(PYTHON, ['-c', 'import helm'], { stdio: 'ignore', cwd: os.tmpdir(), env: { ...process.env, PYTHONPATH: '' } }).status === 0;

/**
 * For one test file: `makeBridge` makes a bridge to the stand-in HELM (its folder as the working folder,
 * its plugin loaded, short timeouts, no retry delay), `disposeAll` stops the ones it made.
 */
export function bridgeFactory(): { makeBridge: (overrides?: Partial<HelmBridgeOptions>) => HelmBridge; disposeAll: () => Promise<void> } {
  const bridges: HelmBridge[] = [];
  return {
    makeBridge: (overrides = {}) => {
      const bridge = standinBridge(overrides);
      bridges.push(bridge);
      return bridge;
    },
    disposeAll: async () => {
      await Promise.all(bridges.map((b) => b.dispose()));
    },
  };
}

function standinBridge(overrides: Partial<HelmBridgeOptions>): HelmBridge {
  return new HelmBridge({
    pythonPath: PYTHON,
    cwd: standin,
    localPath: 'prod_env',
    plugins: ['plugins/extra_run_specs.py'],
    timeoutMs: 10_000,
    startTimeoutMs: 15_000,
    retryUnavailableMs: 0,
    ...overrides,
    env: { PYTHONPATH: standin, PYTHONDONTWRITEBYTECODE: '1', ...(overrides.env ?? {}) },
  });
}

/**
 * The real HELM, when the machine has one: HELM_BRIDGE_PYTHON names its interpreter, HELM_BRIDGE_HELM_SOURCE a
 * checkout and HELM_BRIDGE_PYTHONPATH extra folders for its dependencies. CI has none: the tests that need it skip
 * and say why (`REAL_HELM_UNSET`).
 */
export interface RealHelm {
  python: string;
  helmSource?: string;
  /** HELM_BRIDGE_PYTHONPATH as given ('' when unset). */
  pythonPath: string;
}

export const REAL_HELM_UNSET = 'HELM_BRIDGE_PYTHON is not set';

export const realHelm: RealHelm | undefined = process.env.HELM_BRIDGE_PYTHON
  ? { python: process.env.HELM_BRIDGE_PYTHON, helmSource: process.env.HELM_BRIDGE_HELM_SOURCE || undefined, pythonPath: process.env.HELM_BRIDGE_PYTHONPATH ?? '' }
  : undefined;

/** A bridge to the real HELM (working folder the temporary folder, no plugins); made, not started, when there is none. */
export function realHelmBridge(timeoutMs: number): HelmBridge {
  const helm = realHelm ?? { python: PYTHON, pythonPath: '' };
  return new HelmBridge({
    pythonPath: helm.python,
    cwd: os.tmpdir(),
    localPath: 'prod_env',
    plugins: [],
    helmSourcePath: helm.helmSource,
    timeoutMs,
    env: helm.pythonPath ? { PYTHONPATH: helm.pythonPath } : {},
  });
}

/** The RunSpec names, or `kind: error`. */
export function names(result: BridgeResult): string[] | string {
  return result.ok ? result.runSpecs.map((r) => r.name) : `${result.kind}: ${result.error}`;
}

export async function waitUntilGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !isAlive(pid);
}

/** The running helper's pid (starting it if needed). */
export async function helperPid(bridge: HelmBridge): Promise<number> {
  const ping = await bridge.ping();
  assert.ok(ping.ok, JSON.stringify(ping));
  const pid = bridge.status().pid;
  assert.ok(pid !== undefined);
  return pid;
}
