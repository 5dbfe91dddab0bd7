// The helper's answers read field by field: RunSpecs and run entries as the bridge's callers get them (a malformed item is skipped, never trusted).
import type { ExactRunSpec, JsonValue, ObjectSpecJson, RunEntryJson } from './helmBridgeTypes';

function isObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readObjectSpec(value: unknown): ObjectSpecJson | null {
  if (!isObject(value)) return null;
  return { className: String(value.className ?? ''), args: isObject(value.args) ? value.args : {} };
}

export function readRunEntryList(value: JsonValue | undefined): RunEntryJson[] {
  if (!Array.isArray(value)) return [];
  const entries: RunEntryJson[] = [];
  for (const item of value) {
    if (!isObject(item) || typeof item.description !== 'string') continue;
    entries.push({
      description: item.description,
      // dacite takes a bool for the int (True is 1 to HELM's --priority filter).
      priority: typeof item.priority === 'number' ? item.priority : typeof item.priority === 'boolean' ? Number(item.priority) : null,
      groups: Array.isArray(item.groups) ? item.groups.map(String) : null,
    });
  }
  return entries;
}

export function readRunSpecs(value: JsonValue | undefined): ExactRunSpec[] {
  if (!Array.isArray(value)) return [];
  const runSpecs: ExactRunSpec[] = [];
  for (const item of value) {
    if (!isObject(item) || typeof item.name !== 'string') continue;
    runSpecs.push({
      name: item.name,
      scenarioSpec: readObjectSpec(item.scenarioSpec),
      adapterSpec: isObject(item.adapterSpec) ? item.adapterSpec : {},
      metricSpecs: Array.isArray(item.metricSpecs)
        ? item.metricSpecs.map(readObjectSpec).filter((m): m is ObjectSpecJson => m !== null)
        : [],
      groups: Array.isArray(item.groups) ? item.groups.map(String) : [],
      annotators: Array.isArray(item.annotators)
        ? item.annotators.map(readObjectSpec).filter((a): a is ObjectSpecJson => a !== null)
        : null,
      dataAugmenterSpec: item.dataAugmenterSpec ?? null,
    });
  }
  return runSpecs;
}
