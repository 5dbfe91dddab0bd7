// Diagnostics of runner_config.yaml: what PyYAML, dacite (RunnerConfigSpec), HELM's SlurmRunner and simple_slurm would refuse or change.
import type { HelmDiagnostic, QuickFix } from '../common/diagnostic';
import { didYouMean } from '../common/didYouMean';
import type { RuleSeverity } from '../common/protocol';
import { effectiveSeverity } from '../services/rules';
import { pythonRepr, type PyScalar } from './pyyamlScalars';
import type { RunnerConfigDocument, YamlEntry, YamlValue } from './runnerConfigDocument';
import { HELM_SET_SLURM_ARGS, RUNNER_CONFIG_FIELDS, runnerConfigField, sbatchFlag, sbatchOptionOf, SBATCH_OPTIONS } from './runnerConfigFields';

type Report = (d: HelmDiagnostic) => void;

/** Every diagnostic of the file, in document order, with the severities of `rules` (`off` drops a code). */
export function validateRunnerConfig(doc: RunnerConfigDocument, rules: Readonly<Record<string, RuleSeverity>> = {}): HelmDiagnostic[] {
  const found: HelmDiagnostic[] = [];
  const report: Report = (d) => found.push(d);
  for (const problem of doc.syntax) {
    report({ code: 'runner-config-syntax', severity: 'error', message: `PyYAML cannot read the file: ${problem.message} helm-run stops before any run.`, span: problem.span });
  }
  if (doc.syntax.length === 0) checkRoot(doc, report);
  const shown: HelmDiagnostic[] = [];
  for (const d of found) {
    const severity = effectiveSeverity(d, rules);
    if (severity) shown.push({ ...d, severity });
  }
  return shown.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

function checkRoot(doc: RunnerConfigDocument, report: Report): void {
  const root = doc.root;
  if (!root || (root.kind === 'scalar' && root.py.type === 'NoneType')) {
    report({
      code: 'runner-config-empty',
      severity: 'error',
      message: 'An empty runner_config.yaml: safe_load gives None and dacite fails (`TypeError: argument of type \'NoneType\' is not iterable`); helm-run stops. Delete the file or give it a field.',
      span: { start: 0, end: Math.min(doc.text.length, firstLineEnd(doc.text)) },
    });
    return;
  }
  if (checkUnconstructible(root, report)) return;
  if (root.kind !== 'mapping') {
    // dacite asks `name in data` for each field, then `data[name]`: a list or str that holds a field's name fails.
    const names = RUNNER_CONFIG_FIELDS.map((f) => f.name);
    const holdsName =
      (root.kind === 'sequence' && root.items.some((i) => i.kind === 'scalar' && i.py.type === 'str' && names.includes(i.py.value))) ||
      (root.kind === 'scalar' && root.py.type === 'str' && names.some((n) => (root.py.value as string).includes(n)));
    report(
      holdsName
        ? { code: 'runner-config-not-mapping', severity: 'error', message: `The file holds ${describe(root)}, not a mapping: dacite finds a field name in it, indexes it by that name and fails (TypeError); helm-run stops.`, span: root.span }
        : { code: 'runner-config-not-mapping', severity: 'warning', message: `The file holds ${describe(root)}, not a mapping of RunnerConfigSpec fields: HELM reads no setting from it and keeps the defaults.`, span: root.span },
    );
    return;
  }
  const last = lastEntries(root.entries, report, 'RunnerConfigSpec field', 'dacite reads the last one');
  for (const entry of root.entries) {
    if (entry.key.kind !== 'scalar') continue;
    const name = entry.key.py.type === 'str' ? entry.key.py.value : undefined;
    const field = name === undefined ? undefined : runnerConfigField(name);
    if (!field) {
      reportUnknownField(entry, name, report);
      continue;
    }
    // An earlier duplicate is what dacite never sees.
    if (last.get(field.name) !== entry) continue;
    if (field.type === 'int') checkIntField(field.name, entry, report);
    else checkSlurmArgs(entry, report);
  }
  if (!root.entries.some((e) => e.key.kind === 'scalar' && e.key.py.type === 'str' && e.key.py.value === 'slurm_args')) {
    report({
      code: 'slurm-args-missing',
      severity: 'info',
      message:
        'No `slurm_args`: SlurmRunner submits each worker job with HELM\'s built-in sbatch options, made for Stanford\'s cluster ' +
        '(account `nlp`, partition `john`, `--gres=gpu:0`, `--mem=32G`, `--time=14-0`). Give your cluster\'s options under `slurm_args`.',
      span: root.entries[0]?.key.span ?? root.span,
      fixes: [{ title: 'Add `slurm_args`', edits: [{ span: { start: doc.text.length, end: doc.text.length }, newText: `${/[\r\n]$/.test(doc.text) ? '' : '\n'}slurm_args:\n  partition: \${1:partition}\n  time: "\${2:4:00:00}"\n` }], snippet: true }],
    });
  }
}

function reportUnknownField(entry: YamlEntry, name: string | undefined, report: Report): void {
  const suggestions = name === undefined ? [] : didYouMean(name, RUNNER_CONFIG_FIELDS.map((f) => f.name));
  const hint = suggestions.length ? ` Did you mean \`${suggestions[0]}\`?` : '';
  const shown = name === undefined ? `\`${entry.key.kind === 'scalar' ? entry.key.source : '?'}\`` : `\`${name}\``;
  report({
    code: 'runner-config-unknown-key',
    severity: 'warning',
    message: `${shown} is not a RunnerConfigSpec field (${RUNNER_CONFIG_FIELDS.map((f) => `\`${f.name}\``).join(', ')}): dacite ignores it silently.${hint}`,
    span: entry.key.span,
    fixes: suggestions.map((s, i): QuickFix => ({ title: `Change to \`${s}\``, edits: [{ span: entry.key.span, newText: s }], isPreferred: i === 0 })),
  });
}

function checkIntField(name: string, entry: YamlEntry, report: Report): void {
  const value = entry.value;
  const span = value && value.span.end > value.span.start ? value.span : entry.key.span;
  if (!value || value.kind !== 'scalar') {
    const what = value ? describe(value) : 'None (nothing after the colon)';
    report({ code: 'runner-config-wrong-type', severity: 'error', message: `\`${name}\` is ${what}, not an int: dacite fails (WrongTypeError) and helm-run stops.`, span });
    return;
  }
  const py = value.py;
  if (py.type === 'int') {
    if (name === 'slurm_monitor_interval') checkMonitorInterval(py.value, span, report);
    if (/:/.test(value.source) && !value.quoted) {
      report({ code: 'runner-config-wrong-type', severity: 'info', message: `PyYAML reads \`${value.source}\` as the int ${py.value} (YAML 1.1 base 60).`, span });
    }
    return;
  }
  if (py.type === 'bool') {
    report({
      code: 'runner-config-wrong-type',
      severity: 'warning',
      message: `\`${value.source}\` is the bool ${pythonRepr(py)}: dacite lets it through as the int ${py.value ? 1 : 0} (a bool is an int to Python). Write a number.`,
      span,
    });
    return;
  }
  const fix = py.type === 'str' && /^[-+]?\d+$/.test(py.value.trim()) ? [{ title: `Write the int ${py.value.trim()}`, edits: [{ span, newText: py.value.trim() }], isPreferred: true }] : undefined;
  report({
    code: 'runner-config-wrong-type',
    severity: 'error',
    message: `\`${name}\` is ${describeScalar(py, value.source)}, not an int: dacite fails (WrongTypeError) and helm-run stops.`,
    span,
    ...(fix ? { fixes: fix } : {}),
  });
}

function checkMonitorInterval(seconds: number, span: { start: number; end: number }, report: Report): void {
  if (seconds < 0) {
    report({ code: 'slurm-monitor-interval-range', severity: 'error', message: `A negative interval: SlurmRunner's time.sleep(${seconds}) raises ValueError after its first look, and HELM cancels every job it submitted.`, span });
  } else if (seconds === 0) {
    report({ code: 'slurm-monitor-interval-range', severity: 'warning', message: 'An interval of 0: SlurmRunner asks `scontrol show job` for every job without a pause, loading the Slurm controller.', span });
  }
}

function checkSlurmArgs(entry: YamlEntry, report: Report): void {
  const value = entry.value;
  if (!value || (value.kind === 'scalar' && value.py.type === 'NoneType')) return; // None: HELM's built-in options
  if (value.kind !== 'mapping') {
    report({ code: 'runner-config-wrong-type', severity: 'error', message: `\`slurm_args\` is ${describe(value)}, not a mapping of sbatch options: dacite fails (WrongTypeError) and helm-run stops.`, span: value.span });
    return;
  }
  const last = lastEntries(value.entries, report, 'sbatch option', 'HELM passes the last one');
  const seenOptions = new Map<string, YamlEntry>();
  for (const arg of value.entries) {
    if (arg.key.kind !== 'scalar' || arg.key.py.type !== 'str') {
      const shown = arg.key.kind === 'scalar' ? `\`${arg.key.source}\` (${describeScalar(arg.key.py, arg.key.source)})` : describe(arg.key);
      report({ code: 'runner-config-wrong-type', severity: 'error', message: `The key ${shown} is not a str: dacite wants \`Dict[str, Any]\` and fails (WrongTypeError).`, span: arg.key.span });
      continue;
    }
    const key = arg.key.py.value;
    if (last.get(key) !== arg) continue;
    const { option, abbreviation, ambiguous } = sbatchOptionOf(key);
    if (!option) {
      reportUnknownSlurmArg(key, arg, ambiguous, report);
      continue;
    }
    if (abbreviation) {
      report({ code: 'unknown-slurm-arg', severity: 'info', message: `\`${key}\` is an abbreviation simple_slurm's argument parser takes for \`${option.name}\` (\`${sbatchFlag(option)}\`).`, span: arg.key.span, fixes: [{ title: `Write \`${option.name}\``, edits: [{ span: arg.key.span, newText: option.name }], isPreferred: true }] });
    }
    const twice = seenOptions.get(option.name);
    if (twice && twice.key.kind === 'scalar') {
      report({ code: 'runner-config-duplicate-key', severity: 'warning', message: `\`${key}\` and \`${twice.key.source}\` are both \`${sbatchFlag(option)}\`: simple_slurm keeps the later one.`, span: arg.key.span });
    }
    seenOptions.set(option.name, arg);
    if (option.name in HELM_SET_SLURM_ARGS) {
      report({ code: 'slurm-arg-overwritten', severity: 'warning', message: `HELM sets \`${option.name}\` for each worker job (${HELM_SET_SLURM_ARGS[option.name]}) and overwrites this one.`, span: arg.key.span });
      continue;
    }
    checkSlurmArgValue(key, arg, report);
  }
}

function reportUnknownSlurmArg(key: string, arg: YamlEntry, ambiguous: readonly { name: string }[] | undefined, report: Report): void {
  const underscored = key.replace(/-/g, '_');
  const exact = key.includes('-') ? sbatchOptionOf(underscored).option : undefined;
  const suggestions = exact ? [exact.name] : didYouMean(key, SBATCH_OPTIONS.map((o) => o.name));
  const why = ambiguous?.length
    ? `is ambiguous to simple_slurm's argument parser (${ambiguous.slice(0, 4).map((o) => `\`${o.name}\``).join(', ')}${ambiguous.length > 4 ? ', …' : ''})`
    : key.includes('-')
      ? 'has a `-`: simple_slurm takes sbatch options with `_` (`cpus_per_task` for `--cpus-per-task`) and refuses it'
      : 'is not an sbatch option simple_slurm knows';
  const hint = suggestions.length && !ambiguous?.length ? ` Did you mean \`${suggestions[0]}\`?` : '';
  report({
    code: 'unknown-slurm-arg',
    severity: 'error',
    message: `\`${key}\` ${why}: helm-run exits (argparse error) when it submits the first job.${hint}`,
    span: arg.key.span,
    fixes: suggestions.map((s, i): QuickFix => ({ title: `Change to \`${s}\``, edits: [{ span: arg.key.span, newText: s }], isPreferred: i === 0 })),
  });
}

function checkSlurmArgValue(key: string, arg: YamlEntry, report: Report): void {
  const value = arg.value;
  if (value?.kind === 'scalar' && value.py.type === 'str') return;
  const span = value && value.span.end > value.span.start ? value.span : arg.key.span;
  const py = value?.kind === 'scalar' ? value.py : undefined;
  // shlex.quote returns '' for anything false; anything else that is not a str is a TypeError.
  const falsy = !value || (py !== undefined && (py.type === 'NoneType' || (py.type === 'bool' && !py.value) || ((py.type === 'int' || py.type === 'float') && py.value === 0)));
  const what = !value ? 'None (nothing after the colon)' : value.kind === 'scalar' && py ? `\`${value.source}\`, ${describeScalar(py, value.source)}` : describe(value);
  if (falsy) {
    report({ code: 'slurm-arg-not-string', severity: 'warning', message: `\`${key}\` is ${what}: HELM's shlex.quote turns it into \`''\`, so sbatch gets an empty \`${key}\`. Write a string, or leave the option out.`, span });
    return;
  }
  const text = value?.kind === 'scalar' ? value.source : undefined;
  const quoteFix: QuickFix[] = text !== undefined && !/["\\]/.test(text) ? [{ title: `Quote it: "${text}"`, edits: [{ span, newText: `"${text}"` }], isPreferred: true }] : [];
  const base60 = py?.type === 'int' && text !== undefined && text.includes(':') ? ` (PyYAML reads \`${text}\` in base 60)` : '';
  report({
    code: 'slurm-arg-not-string',
    severity: 'error',
    message: `\`${key}\` is ${what}${base60}: HELM quotes each slurm_args value with shlex.quote, which needs a str, so helm-run fails with TypeError when it submits the first job. Quote the value.`,
    span,
    fixes: quoteFix,
  });
}

/** For each key (by its str value), the entry safe_load keeps: the last; earlier ones get a warning. */
function lastEntries(entries: readonly YamlEntry[], report: Report, what: string, who: string): Map<string, YamlEntry> {
  const last = new Map<string, YamlEntry>();
  for (const entry of entries) {
    if (entry.key.kind !== 'scalar' || entry.key.py.type !== 'str') continue;
    const before = last.get(entry.key.py.value);
    if (before) {
      report({ code: 'runner-config-duplicate-key', severity: 'warning', message: `\`${entry.key.py.value}\` is given twice: PyYAML keeps this ${what} and drops the first silently (${who}).`, span: before.key.span, related: [{ message: 'the one kept', span: entry.key.span }] });
    }
    last.set(entry.key.py.value, entry);
  }
  return last;
}

/** Plain `=` and `<<` that safe_load cannot construct; true when there is one (nothing else is checked then). */
function checkUnconstructible(value: YamlValue, report: Report): boolean {
  if (value.kind === 'scalar' && value.py.type === 'unconstructible') {
    report({ code: 'runner-config-syntax', severity: 'error', message: `PyYAML's safe_load cannot construct a plain \`${value.source}\`: helm-run stops before any run. Quote it.`, span: value.span });
    return true;
  }
  const children = value.kind === 'mapping' ? value.entries.flatMap((e) => (e.value ? [e.key, e.value] : [e.key])) : value.kind === 'sequence' ? value.items : [];
  // Every one is reported, not just the first.
  return children.map((child) => checkUnconstructible(child, report)).some(Boolean);
}

function describe(value: YamlValue): string {
  switch (value.kind) {
    case 'mapping':
      return 'a mapping';
    case 'sequence':
      return 'a list';
    case 'scalar':
      return describeScalar(value.py, value.source);
    default:
      return `\`${value.source}\``;
  }
}

function describeScalar(py: PyScalar, source: string): string {
  switch (py.type) {
    case 'str':
      return `the str ${JSON.stringify(py.value)}`;
    case 'NoneType':
      return 'None';
    case 'date':
    case 'datetime':
      return `a ${py.type} to PyYAML (\`${source}\`)`;
    case 'unconstructible':
      return `\`${source}\``;
    default:
      return `the ${py.type} ${pythonRepr(py)}`;
  }
}

function firstLineEnd(text: string): number {
  const i = text.search(/\r|\n/);
  return i < 0 ? text.length : i;
}
