// Checks of `model=` and `model_deployment=`: wildcards, models, deployments, HELM's generated deployments.
import { didYouMean, NameList } from '../../common/didYouMean';
import type { DescriptionArg } from '../../parser/types';
import type { Registry } from '../../registry/types';
import { code, didYouMeanHint, hasOuterSpace, type EntryContext } from './context';
import { deploymentsForModel, entryModel } from '../argumentValues';
import { chooseValueFix, removeArgumentFix, replaceFixes } from './fixes';

type Resolution =
  | { kind: 'wildcard'; members: readonly string[] }
  | { kind: 'model'; deprecated: boolean; unsupported: boolean }
  /** A deployment name whose deployment serves another model than the one HELM reads from the name. */
  | { kind: 'foreign-deployment'; servedModel: string; readModel: string }
  | { kind: 'deployment' }
  | { kind: 'generated'; prefix: string }
  | { kind: 'unknown' };

function generatorPrefix(registry: Registry, name: string): string | undefined {
  return registry.deploymentGeneratorPrefixes.find((p) => name.startsWith(p));
}

/** How HELM's ModelRunExpander and alter_run_spec read a `model=` value. */
function resolveModel(registry: Registry, value: string): Resolution {
  if (registry.wildcards.has(value)) return { kind: 'wildcard', members: registry.wildcardMembers(value) };
  const deployment = registry.deployments.get(value);
  const firstSlash = value.indexOf('/');
  if (firstSlash < 0 || value.indexOf('/', firstSlash + 1) < 0) {
    const model = registry.models.get(value);
    if (model) return { kind: 'model', deprecated: model.deprecated, unsupported: model.unsupported };
  }
  if (deployment) {
    // `a/b/c`: HELM takes the last two parts as the model and the whole value as its deployment.
    const readModel = value.split('/').slice(-2).join('/');
    if (deployment.modelName !== readModel) return { kind: 'foreign-deployment', servedModel: deployment.modelName, readModel };
    const model = registry.models.get(readModel);
    return model ? { kind: 'model', deprecated: model.deprecated, unsupported: model.unsupported } : { kind: 'deployment' };
  }
  const prefix = generatorPrefix(registry, value);
  if (prefix) return { kind: 'generated', prefix };
  return { kind: 'unknown' };
}

/** What model and deployment suggestions are chosen from: wildcards, then live models; live models by the name after their creator; deployments. */
interface SuggestionSources {
  names: NameList;
  byBase: Map<string, string[]>;
  bases: NameList;
  deployments: NameList;
}
/** Per registry (each is built once and never changes): a file can name thousands of unknown models. */
const suggestionSources = new WeakMap<Registry, SuggestionSources>();

function sourcesOf(registry: Registry): SuggestionSources {
  let sources = suggestionSources.get(registry);
  if (sources) return sources;
  const live: string[] = [];
  for (const m of registry.models.values()) if (!m.deprecated && !m.unsupported) live.push(m.name);
  const byBase = new Map<string, string[]>();
  for (const name of live) {
    const b = name.slice(name.lastIndexOf('/') + 1);
    const list = byBase.get(b);
    if (list) list.push(name);
    else byBase.set(b, [name]);
  }
  sources = {
    names: new NameList([...registry.wildcards.keys(), ...live]),
    byBase,
    bases: new NameList([...byBase.keys()]),
    deployments: new NameList([...registry.deployments.keys()]),
  };
  suggestionSources.set(registry, sources);
  return sources;
}

/** Close wildcards and live models; else models whose name after the creator is close (`foo/gpt2` → `openai/gpt2`). */
function modelSuggestions(registry: Registry, value: string): string[] {
  const { names, byBase, bases: allBases } = sourcesOf(registry);
  const close = didYouMean(value, names);
  if (close.length || !value.includes('/')) return close;
  const base = value.slice(value.lastIndexOf('/') + 1);
  const bases = base === '' ? [] : [base, ...didYouMean(base, allBases)];
  return [...new Set(bases.flatMap((b) => byBase.get(b) ?? []))].slice(0, 3);
}

const NO_MODEL_ERROR = '`ValueError: At least one of model_deployment and model must be specified`';

export function checkModelArgument(ctx: EntryContext, arg: DescriptionArg, index: number): void {
  const { registry, options, parsed } = ctx;
  const value = arg.value as NonNullable<DescriptionArg['value']>;
  const v = value.text;
  if (arg.valueType !== 'str') {
    ctx.report({
      code: 'model-not-string',
      severity: 'error',
      message: `HELM reads \`model=${v}\` as the ${arg.valueType === 'int' ? 'int' : 'float'} ${String(arg.typedValue)}, not a name: helm-run fails (\`AttributeError: '${arg.valueType}' object has no attribute 'split'\`; with \`--models-to-run\`, \`TypeError: argument of type '${arg.valueType}' is not iterable\`).`,
      span: value.span,
      fixes: [chooseValueFix(value.span, 'a model')],
    });
    return;
  }
  const modelsToRun = options.modelsToRun;
  if (v === '') {
    ctx.report({
      code: 'empty-model',
      severity: modelsToRun.length ? 'info' : 'warning',
      message: modelsToRun.length
        ? `An empty \`model=\`: helm-run replaces it with each model of \`--models-to-run\` (${modelsToRun.map(code).join(', ')}).`
        : `An empty \`model=\`: helm-run replaces it with each model of \`--models-to-run\`; without that flag HELM stops with ${NO_MODEL_ERROR}.`,
      span: arg.piece.span,
      fixes: [removeArgumentFix(parsed, index, 'Remove `model=`'), chooseValueFix(value.span, 'a model')],
    });
    return;
  }
  // helm-run rewrites a model without `/` (a wildcard) to each model of --models-to-run.
  if (modelsToRun.length && !v.includes('/')) return;

  const r = resolveModel(registry, v);
  if (r.kind === 'unknown' && hasOuterSpace(v) && resolveModel(registry, v.trim()).kind !== 'unknown') {
    ctx.report({
      code: 'untrimmed-space',
      severity: 'error',
      message: `The model ${code(v)} has spaces around it: HELM does not trim them and finds no model of that name (\`ValueError: Unknown model or no default model deployment found for model ${v}\`).`,
      span: value.span,
      fixes: replaceFixes(value.span, [v.trim()], ' (remove the spaces)'),
    });
    return;
  }
  switch (r.kind) {
    case 'wildcard':
      if (r.members.length === 0) {
        ctx.report({
          code: 'model-expands-to-nothing',
          severity: 'warning',
          message: `\`model=${v}\` stands for no model HELM would run (its models are all deprecated or unsupported, or it has none): this entry makes no RunSpec and HELM says nothing; if no entry makes one, helm-run ends with "There were no RunSpecs or they got filtered out."`,
          span: value.span,
          fixes: [chooseValueFix(value.span, 'another model or wildcard')],
        });
      }
      return;
    case 'model':
      if (r.deprecated || r.unsupported) {
        const tag = r.deprecated ? 'deprecated' : 'unsupported';
        ctx.report({
          code: 'deprecated-model',
          severity: 'warning',
          message: `\`${v}\` is tagged ${tag} in HELM's model metadata: named directly it still runs (only wildcards such as \`model=text\` leave ${tag} models out), but its provider may no longer serve it.`,
          span: value.span,
          tags: ['deprecated'],
          fixes: [chooseValueFix(value.span, 'another model')],
        });
      }
      return;
    case 'foreign-deployment':
      ctx.report({
        code: 'deployment-as-model',
        severity: 'error',
        message: `\`${v}\` is a model deployment serving \`${r.servedModel}\`, not a model: HELM reads the model \`${r.readModel}\` from it and stops with \`ValueError: Invalid RunSpec: selected model deployment '${v}'for model '${r.readModel}' but the model deployment is for a different model '${r.servedModel}'\`. Write \`model=${r.servedModel}\` (and \`model_deployment=${v}\` to choose this deployment).`,
        span: value.span,
        fixes: replaceFixes(value.span, [r.servedModel]),
      });
      return;
    case 'deployment':
      return;
    case 'generated': {
      const candidates = modelSuggestions(registry, v);
      ctx.report({
        code: 'unlisted-generated-model',
        severity: 'warning',
        message: `HELM does not list \`${v}\`, but it makes a model deployment for any name under \`${r.prefix}\`: the entry constructs, and fails only when the model is called if the provider does not know it.${didYouMeanHint(candidates)}`,
        span: value.span,
        fixes: replaceFixes(value.span, candidates),
      });
      return;
    }
    case 'unknown': {
      const candidates = modelSuggestions(registry, v);
      ctx.report({
        code: 'unknown-model',
        severity: 'error',
        message: `${code(v)} is neither a model wildcard, a model nor a model deployment HELM knows: HELM stops with \`ValueError: Unknown model or no default model deployment found for model ${v}\`.${didYouMeanHint(candidates)}`,
        span: value.span,
        fixes: [...replaceFixes(value.span, candidates), chooseValueFix(value.span, 'a model')],
      });
      return;
    }
  }
}

/** `model_deployment=`: HELM looks the deployment up by name (or generates one under a known prefix). */
export function checkModelDeploymentArgument(ctx: EntryContext, arg: DescriptionArg, index: number): void {
  const { registry, parsed } = ctx;
  const value = arg.value as NonNullable<DescriptionArg['value']>;
  const v = value.text;
  if (v === '') {
    // The deployments of the entry's own model first, as values to set; then the whole list to choose from.
    const model = entryModel(ctx, registry);
    const own = model ? deploymentsForModel(model, registry).map((d) => d.name).slice(0, 3) : [];
    ctx.report({
      code: 'empty-value',
      severity: 'warning',
      message: '`model_deployment=` is empty: HELM sets an empty deployment and picks the default deployment of each model.',
      span: arg.piece.span,
      fixes: [
        ...own.map((d) => ({ title: `Set \`model_deployment=${d}\``, edits: [{ span: value.span, newText: d }] })),
        chooseValueFix(value.span, 'a model deployment'),
        removeArgumentFix(parsed, index, 'Remove `model_deployment=`', own.length === 0),
      ],
    });
    return;
  }
  const deployment = registry.deployments.get(v);
  if (deployment) {
    checkDeploymentModel(ctx, arg, deployment.modelName);
    if (deployment.deprecated) {
      ctx.report({
        code: 'deprecated-deployment',
        severity: 'warning',
        message: `The model deployment \`${v}\` is marked deprecated in HELM's model_deployments.yaml: HELM still builds the RunSpec, but its provider may no longer serve it.`,
        span: value.span,
        tags: ['deprecated'],
      });
    }
    return;
  }
  if (registry.deployments.size === 0 || generatorPrefix(registry, v)) return;
  const candidates = didYouMean(v, sourcesOf(registry).deployments);
  ctx.report({
    code: 'unknown-model',
    severity: 'error',
    message: `No model deployment is named ${code(v)}: HELM stops with \`ModelDeploymentNotFoundError: Model deployment ${v} not found\`.${didYouMeanHint(candidates)}`,
    span: value.span,
    fixes: [...replaceFixes(value.span, candidates), chooseValueFix(value.span, 'a model deployment')],
  });
}

/**
 * The models the entry runs with, as HELM pairs them with `model_deployment=`: the `model=` value when
 * it names one model (with a `/`); else each model of `--models-to-run` (helm-run rewrites the entry),
 * or the wildcard's models (`all` without `model=`). Undefined when not known statically.
 */
function entryModels(ctx: EntryContext): { models: readonly string[]; written?: DescriptionArg } | undefined {
  const { parsed, registry, options } = ctx;
  const written = [...parsed.args].reverse().find((a) => a.valueText !== undefined && a.keyText === 'model');
  const value = written ? written.valueText : 'all';
  if (value === undefined || (written && written.valueType !== 'str') || value === '') return undefined;
  if (value.includes('/')) {
    // One model by name (listed, or one HELM makes a deployment for); a deployment name or `a/b/c` is judged by the model checks.
    const known = registry.models.has(value) || (value.split('/').length === 2 && !registry.deployments.has(value) && generatorPrefix(registry, value));
    return known ? { models: [value], written } : undefined;
  }
  if (options.modelsToRun.length) return { models: options.modelsToRun, written };
  if (!registry.wildcards.has(value)) return undefined;
  return { models: registry.wildcardMembers(value), written };
}

/** `model_deployment=` must serve the entry's model: HELM's alter_run_spec stops on the first that it does not. */
function checkDeploymentModel(ctx: EntryContext, arg: DescriptionArg, served: string): void {
  const value = arg.value as NonNullable<DescriptionArg['value']>;
  const runs = entryModels(ctx);
  const other = runs?.models.find((m) => m !== served);
  if (!runs || other === undefined) return;
  const v = value.text;
  const written = runs.written?.value?.text;
  const which =
    runs.models.length === 1
      ? `the entry's model is \`${other}\``
      : `${written ? `\`model=${written}\`` : 'the entry'} runs ${runs.models.length} models, \`${other}\` first`;
  const fixes = runs.written?.value && runs.models.length === 1 && runs.written.value.text.includes('/') ? replaceFixes(runs.written.value.span, [served]) : [];
  ctx.report({
    code: 'deployment-for-other-model',
    severity: 'error',
    message: `The model deployment \`${v}\` serves \`${served}\`, but ${which}: HELM stops with \`ValueError: Invalid RunSpec: selected model deployment '${v}'for model '${other}' but the model deployment is for a different model '${served}'\`.`,
    span: value.span,
    fixes,
  });
}
