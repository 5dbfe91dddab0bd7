// Hover: the markdown shown for the word under a `<|>` cursor, and the range it covers (`<|…|>`).
import * as assert from 'assert';
import { parseConf } from '../../server/src/parser/index';
import type { Registry } from '../../server/src/registry/types';
import { doHover, EXPANDER_EXPLANATIONS } from '../../server/src/services/hover';
import { markText, parseMarkers } from '../helpers/markers';
import { describeWithRegistry } from '../helpers/registry';

/** The hover at the `<|>` cursor; the `<|…|>` range, when present, must be the hover's span. */
function hoverAt(source: string, registry: Registry): string | undefined {
  const m = parseMarkers(source);
  assert.strictEqual(m.cursors.length, 1, 'one <|> cursor');
  const hover = doHover(parseConf(m.text), m.cursors[0], registry);
  if (hover && m.ranges.length) assert.strictEqual(markText(m.text, [], [hover.span]), markText(m.text, [], m.ranges));
  return hover?.markdown;
}

const entry = (description: string): string => `entries: [\n  {description: "${description}", priority: 1}\n]\n`;

describeWithRegistry('hover', (registry) => {
  const rows: Array<{ title: string; source: string; lines: Array<string | RegExp> }> = [
    {
      title: 'a function name: signature with defaults and where it is defined',
      source: entry('<|mm<|>lu|>:subject=anatomy'),
      lines: ['mmlu(subject: str, method: str = ADAPT_MULTIPLE_CHOICE_JOINT)', /^Run spec function `mmlu`: `get_mmlu_spec` in `helm\/benchmark\/run_specs\/lite_run_specs\.py:\d+`\.$/],
    },
    {
      title: 'a function whose parameter an expander shadows says so',
      source: entry('summarization_x<|>sum:device=cpu'),
      lines: ['summarization_xsum(temperature: float = 0.3, device: str = "cpu")', 'Run expanders take `temperature` first: that parameter cannot be set from a run entry.'],
    },
    {
      title: 'a required parameter',
      source: entry('mmlu:<|sub<|>ject|>=anatomy'),
      lines: ['**subject**: `str`, parameter of `mmlu`', 'Required: HELM fails with a TypeError when the run entry leaves it out.'],
    },
    {
      title: 'a parameter with a default',
      source: entry('mmlu:subject=anatomy,<|>method=x'),
      lines: ['**method**: `str`, parameter of `mmlu`', 'Default: `ADAPT_MULTIPLE_CHOICE_JOINT`.'],
    },
    {
      title: 'a run expander: what it does and its values',
      source: entry('mmlu:subject=anatomy,<|stop<|>|>=hash'),
      lines: ['**stop**: run expander (`StopRunExpander`)', EXPANDER_EXPLANATIONS.stop, /^Values: .*`hash`.*\(anything else fails while the RunSpec is built\)\.$/],
    },
    {
      title: 'a key that is both: the expander wins',
      source: entry('summarization_xsum:temp<|>erature=0.5'),
      lines: [
        '**temperature**: run expander (`TemperatureRunExpander`)',
        '**The run expander wins**: HELM takes `temperature` out of the arguments before calling `summarization_xsum`, so its parameter `temperature: float = 0.3` cannot be set from a run entry.',
      ],
    },
    {
      title: 'a model: its metadata and deployments',
      source: entry('mmlu:subject=anatomy,model=<|openai/<|>gpt2|>'),
      lines: ['**GPT-2 (1.5B)** `openai/gpt2`: model', 'Creator: OpenAI · Access: open · Released: 2019-02-14', /^Tags: .*`TEXT_MODEL_TAG`/, /^Deployments: .*`huggingface\/gpt2`/],
    },
    {
      title: 'a deprecated model',
      source: entry('mmlu:subject=anatomy,model=openai/davinci<|>'),
      lines: ['**Deprecated**: HELM makes no RunSpec for it (and says nothing); wildcards leave it out.'],
    },
    {
      title: 'a deployment: model, tokenizer, max sequence length',
      source: entry('mmlu:subject=anatomy,model_deployment=<|>huggingface/gpt2'),
      lines: ['`huggingface/gpt2`: model deployment', '- Model: `openai/gpt2`', '- Tokenizer: `huggingface/gpt2`', '- Max sequence length: 1024'],
    },
    {
      title: 'a deployment after model=: HELM fails, the hover says what to write',
      source: entry('mmlu:subject=anatomy,model=hugging<|>face/gpt2'),
      lines: ['- Model: `openai/gpt2`', '**Not a model name**: HELM reads `huggingface/gpt2` as a model and fails. Write `model=openai/gpt2` or `model_deployment=huggingface/gpt2`.'],
    },
    {
      title: 'a wildcard: how many models, the first ten, and the rest counted',
      source: entry('mmlu:subject=anatomy,model=<|te<|>xt|>'),
      lines: [/^`text`: model wildcard, \d+ models$/, /^- … and \d+ more$/, 'helm-run refuses it unless `--models-to-run` is given.'],
    },
    {
      title: 'a wildcard after escaped quotes',
      source: 'entries: [{description: "mmlu:subject=\\"x\\",model=<|te<|>xt|>"}]',
      lines: [/^`text`: model wildcard, \d+ models$/],
    },
    {
      title: 'a key in an unterminated string, CRLF',
      source: 'entries: [\r\n  {description: "mmlu:subject=anatomy,<|model<|>|>=te\r\n]\r\n',
      lines: ['**model**: run expander (`ModelRunExpander`)', EXPANDER_EXPLANATIONS.model],
    },
    {
      title: 'the priority key',
      source: 'entries: [\n  {description: "mmlu:subject=x", <|prio<|>rity|>: 2}\n]',
      lines: [/`helm-run --priority N` runs only the entries whose priority is at most N/],
    },
  ];
  for (const row of rows) {
    it(row.title, () => {
      const markdown = hoverAt(row.source, registry);
      assert.ok(markdown, 'a hover');
      const lines = markdown.split('\n');
      for (const want of row.lines) {
        const found = typeof want === 'string' ? lines.includes(want) : lines.some((l) => want.test(l));
        assert.ok(found, `missing line ${String(want)} in:\n${markdown}`);
      }
    });
  }

  it('a wildcard lists exactly ten members, then the rest counted', () => {
    const markdown = hoverAt(entry('mmlu:model=text<|>'), registry) ?? '';
    // HELM 63754d05: the first ten TEXT_MODEL_TAG models of model_metadata.yaml not deprecated or unsupported, of 481.
    const listed = markdown.split('\n').filter((l) => l.startsWith('- `'));
    assert.deepStrictEqual(listed, [
      '- `simple/model1`',
      '- `ai21/j2-large`',
      '- `ai21/j2-grande`',
      '- `ai21/j2-jumbo`',
      '- `ai21/jamba-instruct`',
      '- `ai21/jamba-1.5-mini`',
      '- `ai21/jamba-1.5-large`',
      '- `aisingapore/sea-lion-7b`',
      '- `aisingapore/sea-lion-7b-instruct`',
      '- `aisingapore/llama3-8b-cpt-sea-lionv2-base`',
    ]);
    assert.ok(markdown.includes('`text`: model wildcard, 481 models'), markdown);
    assert.ok(markdown.includes('- … and 471 more'), markdown);
  });

  it('every HELM run expander has its explanation', () => {
    for (const name of registry.expanders.keys()) assert.ok(EXPANDER_EXPLANATIONS[name], name);
  });

  const nothing: Array<{ title: string; source: string }> = [
    { title: 'an unknown function', source: entry('no_such<|>_function') },
    { title: 'an unknown key', source: entry('mmlu:subjekt<|>=x') },
    { title: 'a free-text value', source: entry('mmlu:subject=anat<|>omy') },
    { title: 'an empty description', source: entry('<|>') },
    { title: 'whitespace between entries', source: 'entries: [\n  {description: "mmlu:subject=x"}\n<|>\n]' },
  ];
  for (const row of nothing) it(`nothing on ${row.title}`, () => assert.strictEqual(hoverAt(row.source, registry), undefined));
});
