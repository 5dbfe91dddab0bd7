// The GPUs MultiGPURunner would use: `nvidia-smi -L` (argv), narrowed by CUDA_VISIBLE_DEVICES as torch narrows them; no VS Code.
import { runProgram } from '../execProgram';

export interface Gpu {
  index: number;
  name: string;
  uuid?: string;
}

export interface GpuInventory {
  gpus: Gpu[];
  /** How many of them HELM's workers see (torch.cuda.device_count() under CUDA_VISIBLE_DEVICES). */
  visible: number;
  /** Why no GPU was found, when nvidia-smi could not tell. */
  problem?: string;
}

const GPU_LINE = /^GPU (\d+): (.+?)(?: \(UUID: ([^)]+)\))?\s*$/;

/** The GPUs of `nvidia-smi -L` output (`GPU 0: NVIDIA A100-SXM4-80GB (UUID: GPU-…)`); other lines (MIG devices) are skipped. */
export function parseNvidiaSmiList(text: string): Gpu[] {
  const gpus: Gpu[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = GPU_LINE.exec(line.trim());
    if (m) gpus.push({ index: Number(m[1]), name: m[2], ...(m[3] ? { uuid: m[3] } : {}) });
  }
  return gpus;
}

/**
 * How many of `gpus` CUDA exposes under CUDA_VISIBLE_DEVICES: unset, all of them; else the listed
 * indices or UUID prefixes up to the first one that names no GPU (CUDA ignores the rest).
 */
export function visibleGpuCount(gpus: readonly Gpu[], cudaVisibleDevices: string | undefined): number {
  if (cudaVisibleDevices === undefined) return gpus.length;
  let count = 0;
  const seen = new Set<number>();
  for (const raw of cudaVisibleDevices.split(',')) {
    const item = raw.trim();
    const gpu = /^\d+$/.test(item)
      ? gpus.find((g) => g.index === Number(item))
      : item.length > 0
        ? gpus.find((g) => g.uuid !== undefined && g.uuid.startsWith(item.startsWith('GPU-') ? item : `GPU-${item}`))
        : undefined;
    if (!gpu || seen.has(gpu.index)) break;
    seen.add(gpu.index);
    count++;
  }
  return count;
}

/** Asks `nvidia-smi -L`; no NVIDIA driver means no GPU, with the reason. */
export async function listGpus(env: NodeJS.ProcessEnv = process.env): Promise<GpuInventory> {
  const result = await runProgram('nvidia-smi', ['-L'], { env, timeoutMs: 10000 });
  if (result.code !== 0) {
    const reason = result.code === 127 ? 'nvidia-smi is not installed' : (result.stderr || result.stdout).trim().split('\n')[0] || `nvidia-smi exited with code ${result.code}`;
    return { gpus: [], visible: 0, problem: reason };
  }
  const gpus = parseNvidiaSmiList(result.stdout);
  return { gpus, visible: visibleGpuCount(gpus, env.CUDA_VISIBLE_DEVICES) };
}
