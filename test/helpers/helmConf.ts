// Runs the bundled command line (dist/cli.js) or language server (dist/server.js) in a child process, as a user or CI would.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { projectRoot } from './corpus';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(bundle: string, args: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [path.join(projectRoot, 'dist', bundle), ...args], { cwd, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function helmConf(args: string[], cwd = projectRoot): Run {
  return run('cli.js', args, cwd);
}

export function languageServer(args: string[], cwd = projectRoot): Run {
  return run('server.js', args, cwd);
}
