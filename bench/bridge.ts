// HELM bridge timings: helper start, one expand round trip, a cache hit; the stand-in, and a real HELM when given.
//
// A real HELM is measured when HELM_BRIDGE_PYTHON names its interpreter (HELM_BRIDGE_HELM_SOURCE: a checkout,
// HELM_BRIDGE_PYTHONPATH: extra folders for its dependencies).
import { spawnSync } from 'child_process';
import * as path from 'path';
import { HelmBridge, HelmBridgeOptions } from '../server/src/expansion/helmBridge';

const projectRoot = path.resolve(__dirname, '..', '..');
const standin = path.join(projectRoot, 'test', 'fixtures', 'standin-helm');

function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

async function measure(label: string, options: HelmBridgeOptions, descriptions: string[], modelsToRun: string[]): Promise<void> {
  const bridge = new HelmBridge(options);
  try {
    let t = process.hrtime.bigint();
    const ping = await bridge.ping();
    const startMs = ms(t);
    if (!ping.ok) {
      console.log(`${label}: unavailable (${ping.error})`);
      return;
    }
    const rounds: number[] = [];
    for (let i = 0; i < 3; i++) {
      for (const [n, description] of descriptions.entries()) {
        t = process.hrtime.bigint();
        // Other entry groups each time: a new question for HELM (no cache hit), same helper.
        await bridge.expand(description, { modelsToRun }, { groups: [`round${i}-${n}`] });
        rounds.push(ms(t));
      }
    }
    t = process.hrtime.bigint();
    const hits = 1000;
    for (let i = 0; i < hits; i++) await bridge.expand(descriptions[0], { modelsToRun }, { groups: ['round0-0'] });
    const hitUs = (ms(t) / hits) * 1000;
    rounds.sort((a, b) => a - b);
    const median = rounds[Math.floor(rounds.length / 2)];
    console.log(
      `${label}: start (import HELM, load configs) ${startMs.toFixed(0)} ms; expand round trip median ${median.toFixed(1)} ms ` +
        `(min ${rounds[0].toFixed(1)}, max ${rounds[rounds.length - 1].toFixed(1)}, n=${rounds.length}); cache hit ${hitUs.toFixed(1)} µs`,
    );
  } finally {
    await bridge.dispose();
  }
}

export async function run(): Promise<void> {
  if (spawnSync('python3', ['-c', 'import sys'], { stdio: 'ignore' }).status !== 0) {
    console.log('python3 not found: skipped');
    return;
  }
  await measure(
    'stand-in helm (python3)',
    {
      pythonPath: 'python3',
      cwd: standin,
      localPath: 'prod_env',
      plugins: ['plugins/extra_run_specs.py'],
      env: { PYTHONPATH: standin, PYTHONDONTWRITEBYTECODE: '1' },
    },
    ['mmlu:subject=anatomy', 'boolq:model=text', 'extra_task:model=text'],
    ['openai/gpt2'],
  );
  const python = process.env.HELM_BRIDGE_PYTHON;
  if (!python) {
    console.log('real HELM: skipped (set HELM_BRIDGE_PYTHON, and HELM_BRIDGE_HELM_SOURCE / HELM_BRIDGE_PYTHONPATH if needed)');
    return;
  }
  await measure(
    `real HELM (${python})`,
    {
      pythonPath: python,
      cwd: projectRoot,
      localPath: 'prod_env',
      plugins: [],
      helmSourcePath: process.env.HELM_BRIDGE_HELM_SOURCE,
      env: process.env.HELM_BRIDGE_PYTHONPATH ? { PYTHONPATH: process.env.HELM_BRIDGE_PYTHONPATH } : {},
    },
    ['mmlu:subject=anatomy,model=openai/gpt2', 'boolq:model=text,data_augmentation=canonical', 'narrative_qa:model=text'],
    ['openai/gpt2'],
  );
}
