// What PyYAML's yaml.safe_load makes of a plain scalar (YAML 1.1 implicit types: `yes` is True, `1:30` is 90, `1e3` is a str).

/** A scalar as Python gets it. */
export type PyScalar =
  | { type: 'str'; value: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'NoneType'; value: null }
  | { type: 'date' | 'datetime'; value: string }
  /** `=` (PyYAML's "value" tag, which safe_load cannot construct) and `<<` (a merge key). */
  | { type: 'unconstructible'; value: string };

// PyYAML's implicit resolvers (yaml/resolver.py), in the order it tries them.
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const MERGE = /^<<$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const DATE = /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/;
const DATETIME = /^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?$/;
const VALUE = /^=$/;

/** A plain (unquoted) scalar as safe_load constructs it. */
export function resolvePlainScalar(text: string): PyScalar {
  if (BOOL.test(text)) return { type: 'bool', value: /^(?:yes|true|on)$/i.test(text) };
  if (FLOAT.test(text)) return { type: 'float', value: constructFloat(text) };
  if (INT.test(text)) return { type: 'int', value: constructInt(text) };
  if (MERGE.test(text)) return { type: 'unconstructible', value: text };
  if (NULL.test(text)) return { type: 'NoneType', value: null };
  if (DATE.test(text)) return { type: 'date', value: text };
  if (DATETIME.test(text)) return { type: 'datetime', value: text };
  if (VALUE.test(text)) return { type: 'unconstructible', value: text };
  return { type: 'str', value: text };
}

/** A scalar with an explicit standard tag (`!!str 4`, `!!int "4"`), or undefined for another tag. */
export function resolveTaggedScalar(tag: string, text: string): PyScalar | undefined {
  const name = tag.replace(/^tag:yaml\.org,2002:/, '').replace(/^!!/, '');
  switch (name) {
    case 'str':
      return { type: 'str', value: text };
    case 'int':
      return INT.test(text) ? { type: 'int', value: constructInt(text) } : undefined;
    case 'float':
      return FLOAT.test(text) || INT.test(text) ? { type: 'float', value: constructFloat(text) } : undefined;
    case 'bool':
      return BOOL.test(text) ? { type: 'bool', value: /^(?:yes|true|on)$/i.test(text) } : undefined;
    case 'null':
      return { type: 'NoneType', value: null };
    default:
      return undefined;
  }
}

/** PyYAML's construct_yaml_int: `_` dropped; `0b`, `0x`, a leading `0` (octal) and `a:b` (base 60). */
function constructInt(text: string): number {
  let value = text.replace(/_/g, '');
  const sign = value.startsWith('-') ? -1 : 1;
  if (value[0] === '-' || value[0] === '+') value = value.slice(1);
  if (value === '0') return 0;
  if (value.startsWith('0b')) return sign * parseInt(value.slice(2), 2);
  if (value.startsWith('0x')) return sign * parseInt(value.slice(2), 16);
  if (value.startsWith('0')) return sign * parseInt(value, 8);
  if (value.includes(':')) return sign * value.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  return sign * Number(value);
}

/** PyYAML's construct_yaml_float. */
function constructFloat(text: string): number {
  let value = text.replace(/_/g, '').toLowerCase();
  const sign = value.startsWith('-') ? -1 : 1;
  if (value[0] === '-' || value[0] === '+') value = value.slice(1);
  if (value === '.inf') return sign * Infinity;
  if (value === '.nan') return NaN;
  if (value.includes(':')) return sign * value.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  return sign * Number(value);
}

/** How Python's repr shows the value (`True`, `None`, `5400`, `'x'`), for messages. */
export function pythonRepr(scalar: PyScalar): string {
  switch (scalar.type) {
    case 'bool':
      return scalar.value ? 'True' : 'False';
    case 'NoneType':
      return 'None';
    case 'int':
      return String(scalar.value);
    case 'float':
      return Number.isNaN(scalar.value) ? 'nan' : !Number.isFinite(scalar.value) ? (scalar.value > 0 ? 'inf' : '-inf') : Number.isInteger(scalar.value) ? `${scalar.value}.0` : String(scalar.value);
    case 'str':
      return `'${scalar.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    default:
      return scalar.value;
  }
}
