// The suites run by the driver extension (test/e2e/driver-extension) instead of as extension tests, so that
// modal dialogs show: its folder, its output followed as it grows, and its exit code.
import { existsSync, mkdirSync, openSync, readSync, closeSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { installTestExtension, ROOT } from './codeServer';

const DRIVER_EXTENSION = path.join(ROOT, 'test', 'e2e', 'driver-extension');
/** The variables that tell the driver extension what to run and where to write (code-server's extension host inherits them). */
const DRIVER_DIR_VARIABLE = 'HELM_E2E_DRIVER_DIR';
const TESTS_INDEX_VARIABLE = 'HELM_E2E_TESTS_INDEX';

export interface DriverRun {
  /** The exit code of the suites' run(), once written. */
  exit: Promise<number>;
  stop(): void;
}

/**
 * Installs the driver extension into the extensions folder (code-server loads one extension under
 * development only: the project) and sets, in this process's environment, the variables code-server's
 * extension host will inherit. Returns the driver's folder, or an error.
 */
export function prepareDriver(stateDir: string, extensionsDir: string, testsIndex: string): { dir: string } | { error: string } {
  const dir = path.join(stateDir, 'driver');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const error = installTestExtension(DRIVER_EXTENSION, stateDir, extensionsDir);
  if (error) return { error };
  process.env[DRIVER_DIR_VARIABLE] = dir;
  process.env[TESTS_INDEX_VARIABLE] = testsIndex;
  return { dir };
}

/** Leaves the driver's variables out of the environment of the next code-server. */
export function clearDriverEnvironment(): void {
  delete process.env[DRIVER_DIR_VARIABLE];
  delete process.env[TESTS_INDEX_VARIABLE];
}

/** Follows output.log (each new complete line to `onLine`) until exit.json appears. */
export function followDriver(dir: string, onLine: (line: string) => void): DriverRun {
  const output = path.join(dir, 'output.log');
  const exitFile = path.join(dir, 'exit.json');
  let offset = 0;
  let pending = '';
  let resolveExit: (code: number) => void = () => undefined;
  const exit = new Promise<number>((resolve) => (resolveExit = resolve));
  const readNew = (): void => {
    if (!existsSync(output)) return;
    const size = statSync(output).size;
    if (size <= offset) return;
    const buffer = Buffer.alloc(size - offset);
    const fd = openSync(output, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, offset);
    } finally {
      closeSync(fd);
    }
    offset = size;
    const lines = (pending + buffer.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  };
  const timer = setInterval(() => {
    readNew();
    if (existsSync(exitFile)) {
      try {
        const { code, error } = JSON.parse(readFileSync(exitFile, 'utf8')) as { code: number; error?: string };
        readNew();
        if (error) onLine(error);
        clearInterval(timer);
        resolveExit(code);
      } catch {
        // written in part: read it again next time
      }
    }
  }, 100);
  return { exit, stop: () => clearInterval(timer) };
}
