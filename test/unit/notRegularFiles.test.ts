// Files that are not regular files (a symlink to /dev/zero, a FIFO, a directory) or are too large: refused, never read, and reported.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readRunSpecResults } from '../../client/src/runSuite/runStats';
import { QUEUED_RUNS_FILE, readHelmSlurmRunFiles, SLURM_RUNNER_SPEC_FILE, WORKER_SLURM_JOBS_FILE } from '../../client/src/slurm/helmSlurmFiles';
import { readUserFile, readUserFileAsync, type UserFile } from '../../server/src/common/userFiles';
import { scanConfValues } from '../../server/src/registry/scanConfValues';
import { projectRoot } from '../helpers/corpus';
import { watchdog } from '../helpers/process';
import { linkToDevZero, makeFifo, specialFilesSupported } from '../helpers/specialFiles';

const CLI = path.join(projectRoot, 'dist', 'cli.js');
/** Far above what the command line needs for a small file (about 60 MB), far below a runaway read. */
const MAX_RSS = 400 * 2 ** 20;
const CONF = 'entries: [\n  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}\n]\n';

/** helm-conf in a child process, killed if it hangs or its memory runs away. */
function helmConf(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string; killed?: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const guard = watchdog(child.pid!, MAX_RSS, 15000);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      guard.stop();
      resolve({ code, stdout, stderr, killed: guard.verdict() });
    });
  });
}

const describeSpecial = specialFilesSupported ? describe : describe.skip;

describeSpecial('readUserFile: regular files only, up to a size limit', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-userfiles-'));
    fs.writeFileSync(path.join(dir, 'regular.conf'), CONF);
    fs.symlinkSync(path.join(dir, 'regular.conf'), path.join(dir, 'link.conf'));
    linkToDevZero(path.join(dir, 'zero.conf'));
    assert.ok(makeFifo(path.join(dir, 'fifo.conf')), 'mkfifo');
    fs.mkdirSync(path.join(dir, 'folder.conf'));
    fs.writeFileSync(path.join(dir, 'sixteen.conf'), 'x'.repeat(16));
    fs.writeFileSync(path.join(dir, 'seventeen.conf'), 'x'.repeat(17));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  // The last two rows read with a limit of 16 bytes, the others with the default.
  const rows: Array<[name: string, file: string, expected: Partial<UserFile>, limit?: number]> = [
    ['a regular file', 'regular.conf', { ok: true, text: CONF }],
    ['a symlink to a regular file', 'link.conf', { ok: true, text: CONF }],
    ['a symlink to /dev/zero', 'zero.conf', { ok: false, missing: false, problem: 'not a regular file (a character device)' }],
    ['a FIFO without a writer', 'fifo.conf', { ok: false, missing: false, problem: 'not a regular file (a FIFO)' }],
    ['a directory', 'folder.conf', { ok: false, missing: false, problem: 'not a regular file (a directory)' }],
    ['no file', 'absent.conf', { ok: false, missing: true, problem: 'ENOENT' }],
    ['a file of the size limit', 'sixteen.conf', { ok: true, text: 'x'.repeat(16) }, 16],
    ['a file one byte over it', 'seventeen.conf', { ok: false, missing: false, problem: 'larger than 16 bytes' }, 16],
  ];
  for (const [name, file, expected, limit] of rows) {
    it(`${name}: ${'problem' in expected ? expected.problem : 'read'}`, async () => {
      const pick = (r: UserFile): Partial<UserFile> => (r.ok ? { ok: true, text: r.text } : r);
      assert.deepStrictEqual(pick(readUserFile(path.join(dir, file), limit)), expected);
      assert.deepStrictEqual(pick(await readUserFileAsync(path.join(dir, file), limit)), expected);
    });
  }
});

describeSpecial('helm-conf on files that are not regular files', function () {
  this.timeout(30000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-cli-special-'));
    fs.writeFileSync(path.join(dir, 'run_entries.conf'), CONF);
    fs.mkdirSync(path.join(dir, 'prod_env'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('check: a model_metadata.yaml linked to /dev/zero and a FIFO model_deployments.yaml are problems of those files; the check ends', async () => {
    linkToDevZero(path.join(dir, 'prod_env', 'model_metadata.yaml'));
    assert.ok(makeFifo(path.join(dir, 'prod_env', 'model_deployments.yaml')));
    const r = await helmConf(['check', 'run_entries.conf'], dir);
    assert.strictEqual(r.killed, undefined, r.killed);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual(r.stderr.trimEnd().split('\n'), [
      `helm-conf: ${path.join(dir, 'prod_env', 'model_metadata.yaml')}:1:1: Cannot read: not a regular file (a character device)`,
      `helm-conf: ${path.join(dir, 'prod_env', 'model_deployments.yaml')}:1:1: Cannot read: not a regular file (a FIFO)`,
      '1 file checked: 0 errors, 0 warnings, 0 others',
    ]);
  });

  it('check --plugins: a plugin .py that is a FIFO is a problem of that file', async () => {
    assert.ok(makeFifo(path.join(dir, 'my_plugin.py')));
    const r = await helmConf(['check', 'run_entries.conf', '--plugins', 'my_plugin.py'], dir);
    assert.strictEqual(r.killed, undefined, r.killed);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`^helm-conf: ${path.join(dir, 'my_plugin.py').replace(/[.]/g, '\\.')}:1:1: Cannot read: not a regular file \\(a FIFO\\)$`, 'm'));
  });

  for (const command of ['check', 'expand']) {
    it(`${command}: a FILE that is a FIFO or a link to /dev/zero cannot be read (exit 2), and the other files are still read`, async () => {
      assert.ok(makeFifo(path.join(dir, 'run_entries_fifo.conf')));
      linkToDevZero(path.join(dir, 'run_entries_zero.conf'));
      const r = await helmConf([command, 'run_entries_fifo.conf', 'run_entries_zero.conf', 'run_entries.conf'], dir);
      assert.strictEqual(r.killed, undefined, r.killed);
      assert.strictEqual(r.code, 2, r.stderr);
      const cannot = r.stderr.split('\n').filter((l) => l.includes('cannot read'));
      assert.deepStrictEqual(cannot, [
        `helm-conf ${command}: cannot read run_entries_fifo.conf: not a regular file (a FIFO)`,
        `helm-conf ${command}: cannot read run_entries_zero.conf: not a regular file (a character device)`,
      ]);
      if (command === 'expand') assert.match(r.stdout, /^run_entries\.conf:2: mmlu:subject=anatomy,model=openai\/gpt2 {2}\(1 RunSpec\)$/m);
    });
  }

  it('check FOLDER: the conf files in it that are a FIFO or a link to /dev/zero cannot be read (exit 2)', async () => {
    assert.ok(makeFifo(path.join(dir, 'run_entries_fifo.conf')));
    linkToDevZero(path.join(dir, 'run_entries_zero.conf'));
    const r = await helmConf(['check', '.'], dir);
    assert.strictEqual(r.killed, undefined, r.killed);
    assert.strictEqual(r.code, 2, r.stderr);
    assert.deepStrictEqual(r.stderr.split('\n').filter((l) => l.includes('cannot read')), [
      'helm-conf check: cannot read run_entries_fifo.conf: not a regular file (a FIFO)',
      'helm-conf check: cannot read run_entries_zero.conf: not a regular file (a character device)',
    ]);
  });
});

describeSpecial('Run suite results: a stats.json that is not a regular file', () => {
  it('is a problem of that RunSpec, not a hang', async () => {
    const suite = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-results-special-'));
    try {
      for (const name of ['a:model=m', 'b:model=m']) fs.mkdirSync(path.join(suite, name));
      assert.ok(makeFifo(path.join(suite, 'a:model=m', 'stats.json')));
      // (No /dev/zero here: without the fix it would fill this process's memory before failing.)
      fs.mkdirSync(path.join(suite, 'b:model=m', 'stats.json'));
      assert.deepStrictEqual(await readRunSpecResults(suite, ['a:model=m', 'b:model=m']), [
        { runSpec: 'a:model=m', means: {}, problem: 'stats.json: not a regular file (a FIFO)', folder: true, files: ['stats.json'] },
        { runSpec: 'b:model=m', means: {}, problem: 'stats.json: not a regular file (a directory)', folder: true, files: ['stats.json'] },
      ]);
    } finally {
      fs.rmSync(suite, { recursive: true, force: true });
    }
  });
});

describeSpecial('A SlurmRunner run folder whose files are not regular files', () => {
  it('each such file reads as missing, not a hang; the regular ones are read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-slurm-special-'));
    try {
      fs.writeFileSync(path.join(dir, SLURM_RUNNER_SPEC_FILE), JSON.stringify({ suite: 'v1' }));
      assert.ok(makeFifo(path.join(dir, WORKER_SLURM_JOBS_FILE)));
      fs.mkdirSync(path.join(dir, QUEUED_RUNS_FILE));
      assert.deepStrictEqual(await readHelmSlurmRunFiles(dir), { dir, suite: 'v1', jobs: undefined, queued: undefined, skipped: undefined });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeSpecial("An installed HELM's presentation folder with a conf file that is not a regular file", () => {
  it('the value counts are read from the regular ones; the others are passed over, not a hang', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-presentation-special-'));
    try {
      fs.writeFileSync(path.join(dir, 'run_entries_a.conf'), CONF);
      assert.ok(makeFifo(path.join(dir, 'run_entries_fifo.conf')));
      linkToDevZero(path.join(dir, 'run_entries_zero.conf'));
      assert.deepStrictEqual(scanConfValues(dir, new Set()), { arguments: { mmlu: { subject: { anatomy: 1 } } }, expanders: {} });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
