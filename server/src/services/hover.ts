// Hover: what a run spec function, argument key, model, deployment, wildcard or entry key under the cursor means to HELM.
import type { Span } from '../common/span';
import type { ConfFile, ParsedDescription } from '../parser/types';
import type {
  Model,
  ModelDeployment,
  ModelWildcard,
  Origin,
  Registry,
  RunExpander,
  RunSpecFunction,
  RunSpecParameter,
} from '../registry/types';
import { cursorContext, type DescriptionCursor } from './cursor';
import { sourceLink, type SourceLinkContext } from './sourceLinks';

export interface HoverOptions {
  /** How many members of a wildcard are listed before "and N more" (default 10). */
  shownWildcardMembers?: number;
  /** Where the links to a definition go, as for go to definition (sourceLinks.ts); without it only a local file is a link. */
  links?: SourceLinkContext;
}

export interface HelmHover {
  /** The word the hover is about. */
  span: Span;
  markdown: string;
}

/** What the facade returns for a hover (undefined: nothing to say). */
export type HoverResultShape = HelmHover | undefined;

const code = (s: string): string => '`' + s.replace(/`/g, "'") + '`';
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A few of `items` as code, then "and N more". */
function listSome(items: readonly string[], shown: number): string {
  const head = items.slice(0, shown).map(code).join(', ');
  return items.length > shown ? `${head} and ${items.length - shown} more` : head;
}

// ---------------------------------------------------------------- run expanders

/** What each of HELM's run expanders does, in one line (our own summary of benchmark/run_expander.py). */
export const EXPANDER_EXPLANATIONS: Readonly<Record<string, string>> = {
  instructions: 'Changes the instructions at the top of the prompt: `none` removes them, `expert` opens them with a sentence casting the model as an expert assistant.',
  prompt: 'Rewrites the input and output prefixes of the prompt in a named style (e.g. `qa` gives `Q: `/`A: `).',
  newline: 'Puts a marker (`;` for `semicolon`, `<br>` for `br`) in front of every line break of the prompt.',
  stop: 'Replaces the stop sequences by one marker (`hash` → `###`, `semicolon`, `br`), also written between in-context examples; `none` removes every stop sequence.',
  add_to_stop: 'Adds one stop sequence to those already set (`newline` means a line break; any other value is used as written); the RunSpec name does not change.',
  global_prefix: 'Puts a fixed text before the whole prompt; `nlg` (`[NLG]`) is the only value HELM knows.',
  format_prompt: 'Sets the input prefix to the given text and empties the output prefix; the RunSpec name does not change.',
  follow_format_instructions: 'Wraps the prompt in instructions to copy the format of the in-context examples: `all` for every model, `instruct` for instruction-following models only (generation RunSpecs only).',
  num_train_trials: 'Sets how many times the in-context examples are drawn again (to measure variance).',
  max_train_instances: 'Sets the number of in-context examples; a named value makes one RunSpec per count (e.g. `all`: 0, 1, 2, 4, 8 and 16).',
  max_eval_instances: 'Overrides the number of evaluation instances for this run; named presets such as `default` (1000).',
  num_outputs: 'Sets how many completions each request asks for; `copyright_sweep` makes two RunSpecs (1 and 10).',
  num_trials: 'Repeats every request to get several generations; preset `heim_efficiency` (5).',
  model: 'Picks the model: a model name, a deployment name, or a wildcard standing for many models (one RunSpec per model). Without it HELM adds `model=all`.',
  model_deployment: 'Sets the model deployment (the hosted endpoint and client) that serves the requests.',
  eval_split: 'Takes the evaluation instances from `test` only or from `valid` only (both by default).',
  data_augmentation: 'Adds perturbed copies of the evaluation instances (robustness, fairness, …); some names make one RunSpec per perturbation.',
  tokenizer: 'Sets the tokenizer argument of the synthetic efficiency scenario; `default` picks the one that matches the deployment.',
  num_prompt_tokens: 'Sets the prompt length of the synthetic efficiency scenario; `default_sweep` makes one RunSpec per length.',
  num_output_tokens: 'Sets the maximum number of tokens to generate; `default_sweep` makes one RunSpec per length.',
  chatml: 'Rewrites the prompt as ChatML turns. It takes no value: any `chatml=…` makes HELM fail with a TypeError.',
  output_format_instructions: 'Adds instructions on the expected output format, chosen by a scenario name (optionally ending in `_suffix` or `_no_prefix`).',
  temperature: 'Sets the sampling temperature; the RunSpec name does not change.',
  increase_temperature: 'Adds the value to the sampling temperature; the RunSpec name does not change.',
  increase_max_tokens: 'Adds the value to the maximum number of tokens to generate; the RunSpec name does not change.',
  process_output: 'Runs the named output processor on every completion before the metrics are computed.',
};

function expanderValuesLine(expander: RunExpander, registry: Registry): string {
  const v = expander.values;
  const check = expander.checked ? 'anything else fails while the RunSpec is built' : 'HELM does not check the value';
  switch (v.kind) {
    case 'set':
      return `Values: ${listSome(v.values, 30)} (${check}).`;
    case 'number':
      return `Values: ${v.integer ? 'an integer' : 'a number'}${v.values.length ? `, or one of ${listSome(v.values, 30)}` : ''} (${check}).`;
    case 'free':
      return 'Values: any text (HELM does not check it).';
    case 'model':
      return `Values: a model, a deployment, or one of the wildcards ${listSome([...registry.wildcards.keys()], 12)}.`;
    case 'none':
      return 'Values: none. HELM passes the value to an expander that takes none and fails with a TypeError.';
  }
}

export function expanderMarkdown(expander: RunExpander, registry: Registry, links?: SourceLinkContext): string {
  const lines = [`**${expander.name}**: run expander (${code(expander.className)})`, ''];
  const explanation = EXPANDER_EXPLANATIONS[expander.name];
  if (explanation) lines.push(explanation, '');
  else if (expander.docstring) lines.push(expander.docstring.trim(), '');
  lines.push(expanderValuesLine(expander, registry));
  // Only the hover says where it is defined, as for models.
  if (links) lines.push('', `Defined in ${originText(expander.origin, links)}.`);
  return lines.join('\n');
}

// ---------------------------------------------------------------- run spec functions

/**
 * Where a function, model or deployment is defined: a link with the rule of go to definition (the local
 * file when it exists, else HELM's source on GitHub at the snapshot's commit), plain text when neither is known.
 */
export function originText(origin: Origin, links: SourceLinkContext = {}): string {
  const where = code(`${origin.file}:${origin.line + 1}`);
  const link = sourceLink(origin.file, origin.line, links);
  if (!link) return where;
  // A file opens at the line its `#L` names (a GitHub link has its own); brackets would end the markdown link.
  const target = link.uri.startsWith('file:') ? `${link.uri}#L${link.line + 1}` : link.uri;
  return `[${where}](${target.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

function parameterText(p: RunSpecParameter): string {
  if (p.kind === 'var-positional') return `*${p.name}`;
  if (p.kind === 'var-keyword') return `**${p.name}`;
  const annotation = p.annotation ? `: ${p.annotation}` : '';
  const dflt = p.default === undefined ? '' : p.annotation ? ` = ${p.default}` : `=${p.default}`;
  return p.name + annotation + dflt;
}

/** Python's own notation of the function's parameters, named as in run entries: `mmlu(subject: str, method: str = …)`. */
export function pythonSignature(fn: RunSpecFunction, multiline = false): string {
  const parts: string[] = [];
  const hasStarArgs = fn.parameters.some((p) => p.kind === 'var-positional');
  let bareStar = false;
  for (const p of fn.parameters) {
    if (p.kind === 'keyword-only' && !hasStarArgs && !bareStar) {
      parts.push('*');
      bareStar = true;
    }
    parts.push(parameterText(p));
  }
  const oneLine = `${fn.name}(${parts.join(', ')})`;
  if (!multiline || oneLine.length <= 80 || parts.length < 2) return oneLine;
  return `${fn.name}(\n${parts.map((p) => `    ${p},`).join('\n')}\n)`;
}

/** Parameters of the function that a run expander of the same name hides from run entries. */
export function shadowedParameters(fn: RunSpecFunction, registry: Registry): RunSpecParameter[] {
  return fn.parameters.filter((p) => registry.expanders.has(p.name) && p.kind !== 'var-keyword' && p.kind !== 'var-positional');
}

export function functionMarkdown(fn: RunSpecFunction, registry: Registry, links?: SourceLinkContext): string {
  const lines = ['```python', pythonSignature(fn, true), '```', ''];
  lines.push(`Run spec function ${code(fn.name)}: ${code(fn.pythonName)} in ${originText(fn.origin, links)}.`);
  const shadowed = shadowedParameters(fn, registry);
  if (shadowed.length) {
    lines.push(
      '',
      `Run expanders take ${shadowed.map((p) => code(p.name)).join(', ')} first: ${shadowed.length === 1 ? 'that parameter' : 'those parameters'} cannot be set from a run entry.`,
    );
  }
  if (fn.docstring?.trim()) lines.push('', fn.docstring.trim());
  return lines.join('\n');
}

export function parameterMarkdown(fn: RunSpecFunction, p: RunSpecParameter): string {
  const lines = [`**${p.name}**${p.annotation ? `: ${code(p.annotation)}` : ''}, parameter of ${code(fn.name)}`, ''];
  if (p.required) lines.push('Required: HELM fails with a TypeError when the run entry leaves it out.');
  else if (p.default !== undefined) lines.push(`Default: ${code(p.default)}.`);
  if (p.annotation === 'bool') lines.push('', 'HELM passes the text as written: `false` is a non-empty string, which Python reads as true.');
  return lines.join('\n');
}

// ---------------------------------------------------------------- models, deployments, wildcards

/** Deployments by the model they serve, per registry version: the `model=` completion asks for each of ~600 models. */
const deploymentIndex = new WeakMap<Registry, { version: number; byModel: Map<string, ModelDeployment[]> }>();

export function deploymentsOf(model: string, registry: Registry): ModelDeployment[] {
  let index = deploymentIndex.get(registry);
  if (!index || index.version !== registry.version) {
    const byModel = new Map<string, ModelDeployment[]>();
    for (const d of registry.deployments.values()) {
      const list = byModel.get(d.modelName);
      if (list) list.push(d);
      else byModel.set(d.modelName, [d]);
    }
    index = { version: registry.version, byModel };
    deploymentIndex.set(registry, index);
  }
  return index.byModel.get(model) ?? [];
}

export function modelMarkdown(model: Model, registry: Registry, links?: SourceLinkContext): string {
  const lines = [`${model.displayName ? `**${model.displayName}** ` : ''}${code(model.name)}: model`, ''];
  const facts: string[] = [];
  if (model.creator) facts.push(`Creator: ${model.creator}`);
  if (model.access) facts.push(`Access: ${model.access}`);
  if (model.releaseDate) facts.push(`Released: ${model.releaseDate}`);
  if (facts.length) lines.push(facts.join(' · '), '');
  if (model.description?.trim()) lines.push(model.description.trim(), '');
  if (model.deprecated) lines.push('**Deprecated**: HELM makes no RunSpec for it (and says nothing); wildcards leave it out.', '');
  else if (model.unsupported) lines.push('**Unsupported**: wildcards leave it out.', '');
  if (model.tags.length) lines.push(`Tags: ${model.tags.map(code).join(', ')}`, '');
  const deployments = deploymentsOf(model.name, registry).map((d) => d.name);
  lines.push(deployments.length ? `Deployments: ${listSome(deployments, 10)}` : 'Deployments: none listed.');
  // Only the hover says where it is defined: completion documentation stays short.
  if (links) lines.push('', `Defined in ${originText(model.origin, links)}.`);
  return lines.join('\n');
}

export function deploymentMarkdown(d: ModelDeployment, links?: SourceLinkContext): string {
  const lines = [`${code(d.name)}: model deployment`, '', `- Model: ${code(d.modelName)}`];
  if (d.tokenizerName) lines.push(`- Tokenizer: ${code(d.tokenizerName)}`);
  if (d.maxSequenceLength !== undefined) lines.push(`- Max sequence length: ${d.maxSequenceLength}`);
  if (d.clientClass) lines.push(`- Client: ${code(d.clientClass)}`);
  if (links) lines.push(`- Defined in ${originText(d.origin, links)}`);
  return lines.join('\n');
}

function wildcardDefinition(w: ModelWildcard): string {
  const terms = w.terms.map((t) =>
    t.kind === 'tag' ? `the models tagged ${code(t.tag)}` : t.kind === 'all' ? 'every model' : `${plural(t.models.length, 'listed model')}`,
  );
  const base = terms.join(' and ') || 'no model';
  return w.ablation ? `${base}, only those tagged \`ABLATION_MODEL_TAG\`` : base;
}

export function wildcardMarkdown(w: ModelWildcard, registry: Registry, shown = 10): string {
  const members = registry.wildcardMembers(w.name);
  const lines = [`${code(w.name)}: model wildcard, ${plural(members.length, 'model')}`, ''];
  lines.push(`Stands for ${wildcardDefinition(w)}, deprecated and unsupported ones left out: one RunSpec per model.`);
  if (members.length === 0) lines.push('', 'HELM makes no RunSpec of it (There were no RunSpecs).');
  else {
    lines.push('', ...members.slice(0, shown).map((m) => `- ${code(m)}`));
    if (members.length > shown) lines.push(`- … and ${members.length - shown} more`);
  }
  if (w.needsModelsToRun) lines.push('', 'helm-run refuses it unless `--models-to-run` is given.');
  return lines.join('\n');
}

/**
 * Whether `model=<name>` accepts a deployment name: HELM takes the last two `/` parts as the model,
 * so only a deployment with more than two parts whose last two name a known model works.
 */
export function isModelDeploymentValue(name: string, registry: Registry): boolean {
  const parts = name.split('/');
  return parts.length > 2 && registry.models.has(parts.slice(-2).join('/'));
}

/** The hover for a value of `model=` or `model_deployment=`. */
function modelValueMarkdown(key: string, value: string, registry: Registry, options: HoverOptions): string | undefined {
  if (key === 'model') {
    const w = registry.wildcards.get(value);
    // HELM looks the value up among the wildcards first.
    if (w) return wildcardMarkdown(w, registry, options.shownWildcardMembers ?? 10);
  }
  const sections: string[] = [];
  const model = key === 'model' ? registry.models.get(value) : undefined;
  if (model) sections.push(modelMarkdown(model, registry, options.links));
  const deployment = registry.deployments.get(value);
  if (deployment) {
    const wrongKey = key === 'model' && !model && !isModelDeploymentValue(value, registry);
    sections.push(
      deploymentMarkdown(deployment, options.links) +
        (wrongKey
          ? `\n\n**Not a model name**: HELM reads ${code(value)} as a model and fails. Write \`model=${deployment.modelName}\` or \`model_deployment=${value}\`.`
          : ''),
    );
  }
  if (sections.length) return sections.join('\n\n---\n\n');
  const prefix = registry.deploymentGeneratorPrefixes.find((p) => value.startsWith(p));
  if (prefix) {
    return `${code(value)}: not listed, but HELM makes up a deployment for any name starting with ${code(prefix)}; a wrong name fails only when the first request is sent.`;
  }
  return undefined;
}

// ---------------------------------------------------------------- entry keys

export const ENTRY_KEY_DOCS: Readonly<Record<string, string>> = {
  description:
    '**description**: the run spec function name, then `:` and `key=value` arguments separated by `,` (e.g. `mmlu:subject=anatomy,model=text`). Required.',
  priority:
    '**priority**: an integer; `helm-run --priority N` runs only the entries whose priority is at most N (1 comes first). Entries without a priority always run, and without `--priority` every entry runs.',
  groups:
    '**groups**: a list of group names; HELM adds them to each RunSpec (its name gets `,groups=a-b`, sorted) and `--groups-to-run` keeps only RunSpecs in one of the given groups.',
};

// ---------------------------------------------------------------- doHover

function descriptionHover(c: DescriptionCursor, registry: Registry, options: HoverOptions): HelmHover | undefined {
  const parsed: ParsedDescription = c.parsed;
  const at = c.at;
  const span = at.text.span;
  if (at.text.text.length === 0) return undefined;
  const fn = registry.functions.get(parsed.name.text);
  if (at.part === 'name') return fn ? { span, markdown: functionMarkdown(fn, registry, options.links) } : undefined;
  const key = at.arg.key.text;
  if (at.part === 'value') {
    if (key !== 'model' && key !== 'model_deployment') return undefined;
    const markdown = modelValueMarkdown(key, at.text.text, registry, options);
    return markdown ? { span, markdown } : undefined;
  }
  const expander = registry.expanders.get(key);
  const param = fn?.parameters.find((p) => p.name === key && p.kind !== 'var-keyword' && p.kind !== 'var-positional');
  if (expander && param && fn) {
    const markdown = [
      expanderMarkdown(expander, registry, options.links),
      '',
      `**The run expander wins**: HELM takes ${code(key)} out of the arguments before calling ${code(fn.name)}, so its parameter ${code(parameterText(param))} cannot be set from a run entry.`,
    ].join('\n');
    return { span, markdown };
  }
  if (expander) return { span, markdown: expanderMarkdown(expander, registry, options.links) };
  if (param && fn) return { span, markdown: parameterMarkdown(fn, param) };
  if (fn?.takesKwargs) return { span, markdown: `**${key}**: passed to the \`**kwargs\` of ${code(fn.name)}.` };
  return undefined;
}

/** The hover at `offset`, or undefined. Never throws. */
export function doHover(conf: ConfFile, offset: number, registry: Registry, options: HoverOptions = {}): HoverResultShape {
  try {
    const c = cursorContext(conf, offset);
    if (c.kind === 'description') return descriptionHover(c, registry, options);
    if (c.kind === 'entry-key' && c.field) {
      const name = c.field.key.path.join('.');
      const doc = ENTRY_KEY_DOCS[name];
      return doc ? { span: c.field.key.span, markdown: doc } : undefined;
    }
    return undefined;
  } catch {
    return undefined;
  }
}
