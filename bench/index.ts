// `npm run bench`: runs every benchmark module in this folder (each exports `run()`), one after another,
// each in a fresh process so that one benchmark's heap and JIT state never weigh on the next one's timings.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

async function runOne(file: string): Promise<void> {
  const mod = (await import(path.join(__dirname, file))) as { run?: () => Promise<void> };
  if (typeof mod.run === 'function') await mod.run();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--one') return runOne(args[1]);
  const modules = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.js') && f !== 'index.js' && !f.startsWith('_'))
    .filter((f) => args.length === 0 || args.some((o) => f.startsWith(o)))
    .sort();
  let failed = false;
  for (const file of modules) {
    console.log(`\n## ${file.replace(/\.js$/, '')}`);
    const r = spawnSync(process.execPath, [__filename, '--one', file], { stdio: 'inherit' });
    if (r.status !== 0) failed = true;
  }
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
