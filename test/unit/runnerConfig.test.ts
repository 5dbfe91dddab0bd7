// runner_config.yaml: diagnostics (checked against HELM's RunnerConfigSpec with dacite and PyYAML where they run), completion, hover.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RuleSeverity } from '../../server/src/common/protocol';
import { resolvePlainScalar } from '../../server/src/runnerConfig/pyyamlScalars';
import { getRunnerConfigService, isRunnerConfigPath } from '../../server/src/runnerConfig/index';
import { RUNNER_CONFIG_FIELDS } from '../../server/src/runnerConfig/runnerConfigFields';
import { realHelm } from '../helpers/bridge';
import { parseMarkers } from '../helpers/markers';

const service = getRunnerConfigService();
const check = (text: string, rules: Record<string, RuleSeverity> = { 'slurm-args-missing': 'off' }) => service.validate(service.parse(text), rules);

interface Row {
  name: string;
  /** The file, with `<|…|>` around each diagnostic's range, in order. */
  text: string;
  expected: Array<[code: string, severity: string]>;
  message?: RegExp;
}

const SLURM = 'slurm_args:\n  partition: debug\n';

const rows: Row[] = [
  { name: 'a complete file HELM accepts', text: `helm_max_concurrent_workers: 8\nslurm_monitor_interval: 30\n${SLURM}  cpus_per_task: "4"\n  time: '4:00:00'\n  mail_type: FAIL\n`, expected: [] },
  { name: 'only a comment (safe_load: None)', text: '<|# nothing yet|>\n', expected: [['runner-config-empty', 'error']], message: /dacite fails .*NoneType/ },
  { name: 'a list', text: '<|- partition: debug\n|>', expected: [['runner-config-not-mapping', 'warning']], message: /HELM reads no setting from it/ },
  { name: 'a list holding a field name (dacite indexes it)', text: '<|- slurm_args\n- partition: debug\n|>', expected: [['runner-config-not-mapping', 'error']], message: /fails \(TypeError\)/ },
  { name: 'a quoted int', text: 'helm_max_concurrent_workers: <|"4"|>\n', expected: [['runner-config-wrong-type', 'error']], message: /`helm_max_concurrent_workers` is the str "4", not an int: dacite fails/ },
  { name: 'a float', text: 'slurm_monitor_interval: <|5.0|>\n', expected: [['runner-config-wrong-type', 'error']], message: /the float 5\.0/ },
  { name: '1e3 (a str to PyYAML)', text: 'slurm_monitor_interval: <|1e3|>\n', expected: [['runner-config-wrong-type', 'error']], message: /the str "1e3"/ },
  { name: 'null', text: 'helm_max_concurrent_workers: <|null|>\n', expected: [['runner-config-wrong-type', 'error']], message: /is None, not an int/ },
  { name: 'nothing after the colon', text: '<|helm_max_concurrent_workers|>:\n', expected: [['runner-config-wrong-type', 'error']] },
  { name: 'yes (a bool dacite takes as an int)', text: 'helm_max_concurrent_workers: <|yes|>\n', expected: [['runner-config-wrong-type', 'warning']], message: /bool True: dacite lets it through as the int 1/ },
  { name: 'a base-60 int', text: 'slurm_monitor_interval: <|1:30|>\n', expected: [['runner-config-wrong-type', 'info']], message: /the int 90/ },
  { name: 'octal and hex ints pass', text: 'slurm_monitor_interval: 010\nhelm_max_concurrent_workers: 0x10\n', expected: [] },
  { name: 'an unknown field', text: '<|helm_max_concurrent_worker|>: 4\n', expected: [['runner-config-unknown-key', 'warning']], message: /dacite ignores it silently\. Did you mean `helm_max_concurrent_workers`\?/ },
  { name: 'a field twice', text: '<|slurm_monitor_interval|>: 1\nslurm_monitor_interval: 2\n', expected: [['runner-config-duplicate-key', 'warning']] },
  { name: 'a negative interval', text: 'slurm_monitor_interval: <|-5|>\n', expected: [['slurm-monitor-interval-range', 'error']], message: /time\.sleep\(-5\) raises ValueError/ },
  { name: 'no interval', text: 'slurm_monitor_interval: <|0|>\n', expected: [['slurm-monitor-interval-range', 'warning']] },
  { name: 'slurm_args as a list', text: 'slurm_args: <|[partition]|>\n', expected: [['runner-config-wrong-type', 'error']] },
  { name: 'slurm_args: null (HELM\'s built-in options)', text: 'slurm_args: null\n', expected: [] },
  { name: 'a flow mapping', text: '{"slurm_monitor_interval": 1, "slurm_args": {"partition": "debug", "cpus_per_task": "2"}}\n', expected: [] },
  { name: 'an sbatch option written with dashes', text: `${SLURM}  <|cpus-per-task|>: "4"\n`, expected: [['unknown-slurm-arg', 'error']], message: /takes sbatch options with `_`.*Did you mean `cpus_per_task`\?/ },
  { name: 'a misspelt sbatch option', text: `slurm_args:\n  <|partion|>: debug\n`, expected: [['unknown-slurm-arg', 'error']], message: /helm-run exits \(argparse error\) when it submits the first job\. Did you mean `partition`\?/ },
  { name: 'an abbreviation argparse accepts', text: `slurm_args:\n  <|part|>: debug\n`, expected: [['unknown-slurm-arg', 'info']], message: /abbreviation .* for `partition`/ },
  { name: 'an ambiguous abbreviation', text: `${SLURM}  <|mem_per|>: 4G\n`, expected: [['unknown-slurm-arg', 'error']], message: /ambiguous .*`mem_per_cpu`, `mem_per_gpu`/ },
  { name: 'one-letter options', text: 'slurm_args:\n  p: debug\n  c: "2"\n', expected: [] },
  { name: 'the same option twice by two names', text: `slurm_args:\n  p: debug\n  <|partition|>: other\n`, expected: [['runner-config-duplicate-key', 'warning']] },
  { name: 'an int value', text: `${SLURM}  cpus_per_task: <|4|>\n`, expected: [['slurm-arg-not-string', 'error']], message: /shlex\.quote, which needs a str, so helm-run fails with TypeError/ },
  { name: 'a time PyYAML reads in base 60', text: `${SLURM}  time: <|4:00:00|>\n`, expected: [['slurm-arg-not-string', 'error']], message: /the int 14400 \(PyYAML reads `4:00:00` in base 60\)/ },
  { name: 'a date', text: `${SLURM}  begin: <|2026-01-31|>\n`, expected: [['slurm-arg-not-string', 'error']], message: /a date to PyYAML/ },
  { name: 'an empty value', text: `${SLURM}  <|qos|>:\n`, expected: [['slurm-arg-not-string', 'warning']], message: /sbatch gets an empty `qos`/ },
  { name: 'a key that is not a str', text: `${SLURM}  <|1|>: x\n`, expected: [['runner-config-wrong-type', 'error']], message: /not a str: dacite wants `Dict\[str, Any\]`/ },
  { name: 'options HELM sets itself', text: `${SLURM}  <|job_name|>: mine\n  <|output|>: log.txt\n`, expected: [['slurm-arg-overwritten', 'warning'], ['slurm-arg-overwritten', 'warning']] },
  { name: 'a tab as indentation', text: 'slurm_args:\n<|\t|>partition: x\n', expected: [['runner-config-syntax', 'error']] },
  { name: 'two documents', text: 'slurm_monitor_interval: 1\n<|---|>\nslurm_monitor_interval: 2\n', expected: [['runner-config-syntax', 'error']], message: /single document/ },
  { name: 'an undefined alias', text: 'slurm_monitor_interval: <|*every_minute|>\n', expected: [['runner-config-syntax', 'error']], message: /undefined alias/ },
  { name: 'an alias reads as its anchor', text: 'slurm_monitor_interval: &m <|1:30|>\nhelm_max_concurrent_workers: <|*m|>\nslurm_args:\n  time: <|*m|>\n', expected: [['runner-config-wrong-type', 'info'], ['runner-config-wrong-type', 'info'], ['slurm-arg-not-string', 'error']] },
  { name: 'a plain =', text: 'slurm_monitor_interval: <|=|>\n', expected: [['runner-config-syntax', 'error']] },
];

describe('runner_config.yaml diagnostics', () => {
  for (const row of rows) {
    it(row.name, () => {
      const { text, ranges } = parseMarkers(row.text);
      const found = check(text);
      assert.deepEqual(found.map((d) => [d.code, d.severity]), row.expected, JSON.stringify(found.map((d) => d.message)));
      assert.deepEqual(found.map((d) => d.span), ranges);
      if (row.message) assert.match(found[0].message, row.message);
    });
  }

  it('an empty file', () => {
    assert.deepEqual(check('').map((d) => [d.code, d.span]), [['runner-config-empty', { start: 0, end: 0 }]]);
  });

  it('says when slurm_args is missing, and offers it', () => {
    const text = 'helm_max_concurrent_workers: 2\n';
    const [d] = check(text, {});
    assert.equal(d.code, 'slurm-args-missing');
    assert.match(d.message, /HELM's built-in sbatch options, made for Stanford's cluster \(account `nlp`, partition `john`/);
    assert.deepEqual(d.fixes?.[0].edits, [{ span: { start: text.length, end: text.length }, newText: 'slurm_args:\n  partition: ${1:partition}\n  time: "${2:4:00:00}"\n' }]);
  });

  it('offers fixes: the field meant, the int unquoted, the value quoted', () => {
    const fix = (text: string): string | undefined => check(text)[0]?.fixes?.[0]?.edits[0]?.newText;
    assert.equal(fix('slurm_monitr_interval: 5\n'), 'slurm_monitor_interval');
    assert.equal(fix('slurm_monitor_interval: "5"\n'), '5');
    assert.equal(fix(`${SLURM}  time: 4:00:00\n`), '"4:00:00"');
    assert.equal(fix(`${SLURM}  cpus-per-task: "4"\n`), 'cpus_per_task');
  });

  it('follows the rule settings', () => {
    assert.deepEqual(check('slurm_monitor_interval: "5"\n', { 'runner-config-wrong-type': 'off', 'slurm-args-missing': 'off' }), []);
    assert.deepEqual(check('slurm_monitor_interval: "5"\n', { 'runner-config-wrong-type': 'warning', 'slurm-args-missing': 'hint' }).map((d) => d.severity), ['hint', 'warning']);
  });

  it('is the service for files named runner_config.yaml', () => {
    assert.ok(isRunnerConfigPath('/w/prod_env/runner_config.yaml'));
    assert.ok(isRunnerConfigPath('file:///w/prod_env/runner_config.yaml'));
    assert.ok(!isRunnerConfigPath('/w/prod_env/model_deployments.yaml'));
  });
});

// ------------------------------------------------------------------ against HELM's own code

// HELM's runner config code, where the machine has the real HELM and its dependencies (test/helpers/bridge.ts).
const helmWithDeps = realHelm?.pythonPath ? realHelm : undefined;

/** Loads each text as HELM does (register_runner_config_from_path), then quotes slurm_args as SlurmRunner does. */
const HELM_PROBE = `
import json, shlex, sys, dataclasses
from helm.benchmark import runner_config_registry as r
out = []
for path in sys.argv[1:]:
    try:
        r.register_runner_config_from_path(path)
    except Exception as e:
        out.append({"load": type(e).__name__}); continue
    args = r.RUNNER_CONFIG.slurm_args or {}
    try:
        [shlex.quote(v) for v in args.values()]
        out.append({"load": "ok", "quote": "ok"})
    except TypeError:
        out.append({"load": "ok", "quote": "TypeError"})
fields = [[f.name, f.type.__name__ if isinstance(f.type, type) else str(f.type).replace("typing.", ""), repr(f.default)] for f in dataclasses.fields(r.RunnerConfigSpec)]
print(json.dumps({"rows": out, "fields": fields}))
`;

(helmWithDeps ? describe : describe.skip)(`runner_config.yaml against HELM${helmWithDeps ? '' : ' (skipped: HELM_BRIDGE_PYTHON and HELM_BRIDGE_PYTHONPATH are not set)'}`, () => {
  it('refuses to load exactly what dacite and PyYAML refuse, and flags exactly the values shlex.quote refuses', function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-runner-config-'));
    try {
      const texts = ['', ...rows.map((r) => parseMarkers(r.text).text)];
      const files = texts.map((text, i) => {
        const file = path.join(dir, `${i}.yaml`);
        fs.writeFileSync(file, text);
        return file;
      });
      const r = spawnSync(helmWithDeps?.python ?? 'python3', ['-c', HELM_PROBE, ...files], { env: { ...process.env, PYTHONPATH: helmWithDeps?.pythonPath }, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const helm = JSON.parse(r.stdout) as { rows: Array<{ load: string; quote?: string }>; fields: string[][] };
      const ours = texts.map((text) => {
        const found = check(text);
        const loadFails = found.some((d) => d.severity === 'error' && ['runner-config-syntax', 'runner-config-empty', 'runner-config-not-mapping', 'runner-config-wrong-type'].includes(d.code));
        const quoteFails = found.some((d) => d.severity === 'error' && d.code === 'slurm-arg-not-string');
        return { loadFails, quoteFails };
      });
      assert.deepEqual(
        helm.rows.map((h, i) => [texts[i], h.load !== 'ok', h.quote === 'TypeError']),
        ours.map((o, i) => [texts[i], o.loadFails, o.quoteFails]),
      );
      assert.deepEqual(helm.fields, RUNNER_CONFIG_FIELDS.map((f) => [f.name, f.type, f.default]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const pyyaml = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;

(pyyaml ? describe : describe.skip)(`plain scalars as PyYAML reads them${pyyaml ? '' : ' (skipped: python3 with PyYAML is not installed; apt-get install python3-yaml)'}`, () => {
  it('gives the type and value safe_load gives', () => {
    const scalars = ['4', '-4', '+4', '0', '010', '08', '0x1F', '0b101', '1_000', '1:30', '4:00:00', '1:30.5', '4.0', '1e3', '1.0e3', '1.0e+3', '.5', '.inf', '-.Inf', '.nan',
      'yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'TRUE', 'tRue', 'null', 'Null', '~', '2026-01-31', '2026-1-31 08:00:00', 'gpu:1', '14-0', 'debug', '32G'];
    const script = 'import json,sys,yaml,datetime\nout=[]\nfor s in sys.argv[1:]:\n    v=yaml.safe_load("k: "+s)["k"]\n    t=type(v).__name__\n    out.append([t, v if t in ("int","str","bool") or v is None else (str(v) if t in ("date","datetime") else repr(v))])\nprint(json.dumps(out))';
    const r = spawnSync('python3', ['-c', script, ...scalars], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const expected = JSON.parse(r.stdout) as Array<[string, unknown]>;
    const ours = scalars.map((s) => {
      const py = resolvePlainScalar(s);
      if (py.type === 'float') return [py.type, Number.isNaN(py.value) ? 'nan' : !Number.isFinite(py.value) ? (py.value > 0 ? 'inf' : '-inf') : Number.isInteger(py.value) ? `${py.value}.0` : String(py.value)];
      if (py.type === 'date' || py.type === 'datetime') return [py.type, undefined];
      return [py.type, py.value];
    });
    assert.deepEqual(
      ours.map(([t, v], i) => [scalars[i], t, t === 'date' || t === 'datetime' ? undefined : v]),
      expected.map(([t, v], i) => [scalars[i], t, t === 'date' || t === 'datetime' ? undefined : v]),
    );
  });
});

// ------------------------------------------------------------------ completion and hover

describe('runner_config.yaml completion', () => {
  const labels = (source: string): string[] => {
    const { text, cursors } = parseMarkers(source);
    return service.complete(service.parse(text), cursors[0]).items.map((i) => i.label);
  };

  it('offers the fields not written yet at the top', () => {
    assert.deepEqual(labels('slurm_monitor_interval: 5\n<|>'), ['helm_max_concurrent_workers', 'slurm_args']);
    assert.deepEqual(labels('slu<|>'), ['helm_max_concurrent_workers', 'slurm_monitor_interval', 'slurm_args']);
  });

  it('offers sbatch options under slurm_args, without those written and those HELM sets', () => {
    const items = labels('helm_max_concurrent_workers: 2\nslurm_args:\n  partition: debug\n  # a comment\n  <|>\n');
    assert.ok(items.includes('cpus_per_task') && items.includes('time') && items.includes('gres'));
    assert.ok(!items.includes('partition') && !items.includes('job_name') && !items.includes('output') && !items.includes('chdir'));
  });

  it('completes a key to `key: ` and slurm_args to a block', () => {
    const { text, cursors } = parseMarkers('slurm_args:\n  cpus<|>\n');
    const item = service.complete(service.parse(text), cursors[0]).items.find((i) => i.label === 'cpus_per_task');
    assert.deepEqual(item?.edit, { span: { start: 14, end: 18 }, newText: 'cpus_per_task: ' });
    const block = service.complete(service.parse('slu'), 3).items.find((i) => i.label === 'slurm_args');
    assert.equal(block?.edit.newText, 'slurm_args:\n  $0');
  });

  it('offers the values sbatch knows', () => {
    assert.deepEqual(labels('slurm_args:\n  open_mode: <|>\n'), ['append', 'truncate']);
    assert.deepEqual(labels('slurm_args:\n  mail_type: "F<|>"\n').slice(0, 3), ['NONE', 'BEGIN', 'END']);
    assert.deepEqual(labels('helm_max_concurrent_workers: <|>\n'), []);
  });
});

describe('runner_config.yaml hover', () => {
  const hover = (source: string): string | undefined => {
    const { text, cursors } = parseMarkers(source);
    return service.hover(service.parse(text), cursors[0])?.markdown;
  };

  it('explains each field with its type and default', () => {
    assert.match(hover('slurm_moni<|>tor_interval: 5\n') ?? '', /slurm_monitor_interval: int = 60[\s\S]*scontrol show job/);
    assert.match(hover('slurm_ar<|>gs:\n  partition: x\n') ?? '', /Stanford's cluster/);
  });

  it('explains an sbatch option and what PyYAML makes of a value', () => {
    assert.match(hover('slurm_args:\n  cpus_per<|>_task: "4"\n') ?? '', /sbatch `--cpus-per-task`, `-c`/);
    assert.match(hover('slurm_args:\n  job_na<|>me: x\n') ?? '', /HELM sets it for each worker job/);
    assert.equal(hover('slurm_args:\n  time: 4:0<|>0:00\n'), 'PyYAML reads `4:00:00` as the int `14400`.');
  });
});
