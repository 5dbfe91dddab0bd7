// Hover in runner_config.yaml: what each RunnerConfigSpec field and sbatch option does, and what PyYAML makes of a value.
import type { HelmHover } from '../services/hover';
import { pythonRepr } from './pyyamlScalars';
import type { RunnerConfigDocument, YamlEntry, YamlValue } from './runnerConfigDocument';
import { HELM_SET_SLURM_ARGS, runnerConfigField, sbatchFlag, sbatchOptionOf, type RunnerConfigField, type SbatchOption } from './runnerConfigFields';

export function fieldMarkdown(field: RunnerConfigField): string {
  return [
    '```python',
    `${field.name}: ${field.type} = ${field.default}`,
    '```',
    `A field of HELM's \`RunnerConfigSpec\`, read with dacite from \`<local-path>/runner_config.yaml\` when helm-run starts.`,
    '',
    field.description,
  ].join('\n');
}

export function sbatchOptionMarkdown(option: SbatchOption): string {
  const flags = [`\`${sbatchFlag(option)}\``, ...(option.short ? [`\`-${option.short}\``] : [])].join(', ');
  const lines = [`sbatch ${flags}`, ''];
  if (option.description) lines.push(option.description, '');
  if (option.name in HELM_SET_SLURM_ARGS) lines.push(`HELM sets it for each worker job: ${HELM_SET_SLURM_ARGS[option.name]}.`, '');
  if (option.values) lines.push(`Values: ${option.values.map((v) => `\`${v}\``).join(', ')}.`, '');
  lines.push('Give the value as a string: HELM quotes each one with `shlex.quote`.');
  return lines.join('\n');
}

/** The hover at `offset`, or undefined. */
export function hoverRunnerConfig(doc: RunnerConfigDocument, offset: number): HelmHover | undefined {
  const root = doc.root;
  if (root?.kind !== 'mapping') return undefined;
  for (const entry of root.entries) {
    const name = keyName(entry);
    if (name !== undefined && contains(entry.key, offset)) {
      const field = runnerConfigField(name);
      return field ? { span: entry.key.span, markdown: fieldMarkdown(field) } : undefined;
    }
    if (name === 'slurm_args' && entry.value?.kind === 'mapping' && contains(entry.value, offset)) {
      for (const arg of entry.value.entries) {
        const key = keyName(arg);
        if (key !== undefined && contains(arg.key, offset)) {
          const option = sbatchOptionOf(key).option;
          return option ? { span: arg.key.span, markdown: sbatchOptionMarkdown(option) } : undefined;
        }
        if (arg.value && contains(arg.value, offset)) return valueHover(arg.value);
      }
    }
    if (entry.value && entry.value.kind === 'scalar' && contains(entry.value, offset)) return valueHover(entry.value);
  }
  return undefined;
}

function valueHover(value: YamlValue): HelmHover | undefined {
  if (value.kind !== 'scalar' || value.py.type === 'unconstructible') return undefined;
  return { span: value.span, markdown: `PyYAML reads \`${value.source}\` as the ${value.py.type} \`${pythonRepr(value.py)}\`.` };
}

function keyName(entry: YamlEntry): string | undefined {
  return entry.key.kind === 'scalar' && entry.key.py.type === 'str' ? entry.key.py.value : undefined;
}

function contains(value: YamlValue, offset: number): boolean {
  return offset >= value.span.start && offset <= value.span.end;
}
