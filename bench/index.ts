// `npm run bench`: runs every benchmark module in this folder (each exports `run()`), one after another.
import * as fs from 'fs';
import * as path from 'path';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const modules = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.js') && f !== 'index.js' && !f.startsWith('_'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  for (const file of modules) {
    const mod = (await import(path.join(__dirname, file))) as { run?: () => Promise<void> };
    if (typeof mod.run !== 'function') continue;
    console.log(`\n## ${file.replace(/\.js$/, '')}`);
    await mod.run();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
