// helm-conf expand writes entry by entry: the same text as before, and memory that does not grow with the number of RunSpecs.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runExpandCommand } from '../../server/src/cli/expand';
import { projectRoot } from '../helpers/corpus';
import { watchdog } from '../helpers/process';
import { snapshotRegistry } from '../helpers/registry';

const CLI = path.join(projectRoot, 'dist', 'cli.js');
const CONF = [
  'entries: [',
  '  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}',
  '  {description: "boolq:model=openai/gpt2,data_augmentation=canonical", priority: 2, groups: ["a"]}',
  '  {description: "nope:model=openai/gpt2", priority: 1}',
  ']',
  '',
].join('\n');

/** `n` entries, each naming the `text` wildcard: hundreds of RunSpecs each. */
function wildcardConf(n: number): string {
  const lines = ['entries: ['];
  for (let i = 0; i < n; i++) lines.push(`  {description: "mmlu:subject=s${i},model=text", priority: 1}`);
  return [...lines, ']', ''].join('\n');
}

const registry = snapshotRegistry();
(registry ? describe : describe.skip)('helm-conf expand: streamed output', function () {
  this.timeout(120000);

  async function run(args: string[], files: Record<string, string>): Promise<string[]> {
    const writes: string[] = [];
    const io = { stdout: (t: string) => writes.push(t), stderr: () => undefined, readFile: (p: string) => ({ text: files[p] }) };
    assert.strictEqual(await runExpandCommand(args, io, registry), 0);
    return writes;
  }

  it('--format json: one write per entry, and the whole is the JSON array with two-space indents', async () => {
    const writes = await run(['a.conf', 'b.conf', '--format', 'json'], { 'a.conf': CONF, 'b.conf': CONF });
    assert.strictEqual(writes.length, 7, '6 entries and the closing bracket');
    const text = writes.join('');
    const items = JSON.parse(text) as Array<{ file: string; line: number; runSpecs: string[]; error?: string }>;
    assert.deepStrictEqual(items.map((i) => `${i.file}:${i.line} ${i.runSpecs.length}${i.error ? ' error' : ''}`), [
      'a.conf:2 1', 'a.conf:3 1', 'a.conf:4 0 error', 'b.conf:2 1', 'b.conf:3 1', 'b.conf:4 0 error',
    ]);
    assert.strictEqual(text, `${JSON.stringify(items, null, 2)}\n`);
  });

  it('--format json with no entries: an empty array', async () => {
    assert.deepStrictEqual(await run(['e.conf', '--format', 'json'], { 'e.conf': 'entries: []\n' }), ['[]\n']);
  });

  it('text: one write per entry, then the total', async () => {
    const writes = await run(['a.conf'], { 'a.conf': CONF });
    assert.deepStrictEqual(writes, [
      'a.conf:2: mmlu:subject=anatomy,model=openai/gpt2  (1 RunSpec)\n  mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2\n',
      'a.conf:3: boolq:model=openai/gpt2,data_augmentation=canonical  (1 RunSpec)\n  boolq:model=openai_gpt2,data_augmentation=canonical,groups=a\n',
      'a.conf:4: nope:model=openai/gpt2  (error: ValueError: Unknown run spec name: nope)\n',
      '2 RunSpecs from 3 entries (static expansion)\n',
    ]);
  });

  for (const format of ['text', 'json']) {
    it(`--format ${format}: 1,500 entries naming a wildcard (721,500 RunSpecs) stay under 200 MiB of memory`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-expand-'));
      try {
        fs.writeFileSync(path.join(dir, 'run_entries_big.conf'), wildcardConf(1500));
        const r = await new Promise<{ code: number | null; tail: string; killed?: string }>((resolve) => {
          const child = spawn(process.execPath, [CLI, 'expand', 'run_entries_big.conf', '--format', format], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
          const guard = watchdog(child.pid!, 200 * 2 ** 20, 110000);
          let tail = '';
          child.stdout.on('data', (d: Buffer) => (tail = (tail + d.toString()).slice(-200)));
          child.on('close', (code) => {
            guard.stop();
            resolve({ code, tail, killed: guard.verdict() });
          });
        });
        assert.strictEqual(r.killed, undefined, r.killed);
        assert.strictEqual(r.code, 0);
        if (format === 'text') assert.match(r.tail, /\n721500 RunSpecs from 1500 entries \(static expansion\)\n$/);
        else assert.match(r.tail, /"approximate": false\n {2}\}\n\]\n$/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
