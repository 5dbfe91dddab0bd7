// Completion: labels offered at a `<|>` cursor and the document text after accepting one.
import * as assert from 'assert';
import { parseConf } from '../../server/src/parser/index';
import type { Registry } from '../../server/src/registry/types';
import { doComplete, resolveItem, type CompletionOptions, type HelmCompletionItem } from '../../server/src/services/completion';
import { applyEdits, expandSnippet, markText, withCursor } from '../helpers/markers';
import { describeWithRegistry } from '../helpers/registry';

function complete(source: string, registry: Registry, options?: CompletionOptions): { text: string; offset: number; items: HelmCompletionItem[]; isIncomplete: boolean } {
  const { text, offset } = withCursor(source);
  const { items, isIncomplete } = doComplete(parseConf(text), offset, registry, options);
  // The order the editor shows (before its own filtering): by sortText, then label.
  items.sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label) || a.label.localeCompare(b.label));
  return { text, offset, items, isIncomplete };
}

/** The text after accepting the item labelled `label` (snippets expanded as the editor would). */
function accept(source: string, label: string, registry: Registry, options?: CompletionOptions): string {
  const { text, offset, items } = complete(source, registry, options);
  const item = items.find((i) => i.label === label);
  assert.ok(item, `no item ${label} at ${markText(text, [offset])}; got ${items.slice(0, 15).map((i) => i.label).join(', ')}`);
  const newText = item.snippet ? expandSnippet(item.edit.newText) : item.edit.newText;
  return applyEdits(text, [{ span: item.edit.span, newText }]);
}

const entry = (description: string): string => `entries: [\n  {description: "${description}", priority: 1}\n]\n`;

describeWithRegistry('completion', (registry) => {
  describe('run spec function names: prefix matches first, then fuzzy', () => {
    const rows: Array<{ title: string; source: string; first: string[] }> = [
      {
        title: 'prefix, then substring',
        source: entry('mml<|>'),
        first: ['mmlu', 'mmlu_clinical_afr', 'mmlu_pro', 'arabic_mmlu', 'interactive_qa_mmlu', 'mbzuai_human_translated_arabic_mmlu', 'mmmlu'],
      },
      { title: 'a typo still finds the name', source: entry('mmluu<|>'), first: ['mmlu'] },
    ];
    for (const row of rows) {
      it(row.title, () => {
        const { items } = complete(row.source, registry);
        assert.deepStrictEqual(items.slice(0, row.first.length).map((i) => i.label), row.first);
        assert.ok(items.every((i) => i.kind === 'function'));
      });
    }

    it('no typo candidates beside real matches: the editor would rank their filterText (the typed word) first', () => {
      const { items } = complete(entry('mml<|>'), registry);
      assert.deepStrictEqual(items.filter((i) => i.filterText !== undefined).map((i) => i.label), []);
      assert.ok(!items.some((i) => i.label === 'mme'));
    });

    it('an empty description offers every function, with its signature', () => {
      const { items } = complete(entry('<|>'), registry);
      assert.strictEqual(items.length, registry.functions.size);
      const mmlu = items.find((i) => i.label === 'mmlu');
      assert.strictEqual(mmlu?.detail, '(subject: str, method: str = ADAPT_MULTIPLE_CHOICE_JOINT)');
      assert.match(mmlu?.documentation ?? '', /get_mmlu_spec/);
    });

    const accepts: Array<{ title: string; source: string; label: string; expected: string }> = [
      { title: 'at the end of the word: the name, its `:` and its required arguments', source: entry('mmlu_p<|>'), label: 'mmlu_pro', expected: entry('mmlu_pro:') },
      { title: 'in the middle of the word: the whole name is replaced', source: entry('mm<|>lu:subject=anatomy'), label: 'mmlu_pro', expected: entry('mmlu_pro:subject=anatomy') },
      { title: 'at the start of the word', source: entry('<|>boolq'), label: 'mmlu', expected: entry('mmlu:subject=') },
      { title: 'a typo is replaced', source: entry('mmluu<|>:subject=anatomy'), label: 'mmlu', expected: entry('mmlu:subject=anatomy') },
    ];
    for (const row of accepts) it(row.title, () => assert.strictEqual(accept(row.source, row.label, registry), row.expected));
  });

  describe('argument names after `:` and `,`', () => {
    it('required parameters first, then the others, then the run expanders', () => {
      const { items } = complete(entry('mmlu:<|>'), registry);
      assert.deepStrictEqual(items.slice(0, 2).map((i) => [i.label, i.kind, i.detail]), [
        ['subject', 'argument', 'str (required)'],
        ['method', 'argument', 'str = ADAPT_MULTIPLE_CHOICE_JOINT'],
      ]);
      const expanders = items.slice(2);
      assert.ok(expanders.length >= 20 && expanders.every((i) => i.kind === 'expander'));
      assert.ok(expanders.some((i) => i.label === 'model') && expanders.some((i) => i.label === 'data_augmentation'));
      assert.ok(!expanders.some((i) => i.label === 'chatml'), 'chatml takes no value: every chatml=… fails');
    });

    it('leaves out the keys already given', () => {
      const labels = complete(entry('mmlu:subject=anatomy,model=text,<|>'), registry).items.map((i) => i.label);
      assert.strictEqual(labels[0], 'method');
      assert.ok(!labels.includes('subject') && !labels.includes('model'));
    });

    it('offers the expander, not the parameter it shadows', () => {
      const items = complete(entry('summarization_xsum:<|>'), registry).items;
      assert.deepStrictEqual(items.filter((i) => i.kind === 'argument').map((i) => i.label), ['device']);
      assert.strictEqual(items.find((i) => i.label === 'temperature')?.kind, 'expander');
    });

    it('for an unknown function, only the run expanders', () => {
      const items = complete(entry('no_such_function:<|>'), registry).items;
      assert.ok(items.length > 0 && items.every((i) => i.kind === 'expander'));
    });

    const accepts: Array<{ title: string; source: string; label: string; expected: string }> = [
      { title: 'after `:` inserts `name=`', source: entry('mmlu:<|>'), label: 'subject', expected: entry('mmlu:subject=') },
      { title: 'after `,`', source: entry('mmlu:subject=anatomy,<|>'), label: 'model', expected: entry('mmlu:subject=anatomy,model=') },
      { title: 'a partly typed key is replaced', source: entry('mmlu:subject=anatomy,mo<|>'), label: 'model', expected: entry('mmlu:subject=anatomy,model=') },
      { title: 'in the middle of a key that has its `=`', source: entry('mmlu:sub<|>j=anatomy'), label: 'subject', expected: entry('mmlu:subject=anatomy') },
      { title: 'at the start of a key', source: entry('mmlu:<|>subj=anatomy'), label: 'subject', expected: entry('mmlu:subject=anatomy') },
      {
        title: 'after an escaped quote',
        source: 'entries: [{description: "mmlu:subject=\\"x\\",mo<|>"}]',
        label: 'model',
        expected: 'entries: [{description: "mmlu:subject=\\"x\\",model="}]',
      },
      {
        title: 'in an unterminated string',
        source: 'entries: [\n  {description: "mmlu:subject=anatomy,mo<|>\n]\n',
        label: 'model',
        expected: 'entries: [\n  {description: "mmlu:subject=anatomy,model=\n]\n',
      },
      {
        title: 'with CRLF line ends, in the second entry',
        source: 'entries: [\r\n  {description: "boolq", priority: 1}\r\n  {description: "mmlu:<|>", priority: 2}\r\n]\r\n',
        label: 'subject',
        expected: 'entries: [\r\n  {description: "boolq", priority: 1}\r\n  {description: "mmlu:subject=", priority: 2}\r\n]\r\n',
      },
      {
        title: 'in a triple-quoted string, the line break HELM would keep in the key is replaced too',
        source: 'entries: [\n  {description: """mmlu:subject=anatomy,\n<|>""", priority: 1}\n]\n',
        label: 'model',
        expected: 'entries: [\n  {description: """mmlu:subject=anatomy,model=""", priority: 1}\n]\n',
      },
    ];
    for (const row of accepts) it(row.title, () => assert.strictEqual(accept(row.source, row.label, registry), row.expected));
  });

  describe('values after `=`', () => {
    it('model=: wildcards with their model counts, then models, deprecated models last', () => {
      const items = complete(entry('mmlu:subject=anatomy,model=<|>'), registry).items;
      const text = items.find((i) => i.label === 'text');
      assert.deepStrictEqual([text?.kind, text?.detail], ['wildcard', `${registry.wildcardMembers('text').length} models`]);
      const kinds = items.map((i) => i.kind);
      assert.ok(kinds.lastIndexOf('wildcard') < kinds.indexOf('model'));
      const gpt2 = items.find((i) => i.label === 'openai/gpt2');
      assert.deepStrictEqual([gpt2?.kind, gpt2?.detail], ['model', 'GPT-2 (1.5B)']);
      const davinci = items.findIndex((i) => i.label === 'openai/davinci');
      assert.ok(items[davinci].deprecated && items.slice(davinci).every((i) => i.deprecated), 'deprecated models come last');
      // HELM reads `model=huggingface/gpt2` as a model name and fails: two-part deployment names belong to model_deployment=.
      assert.ok(!items.some((i) => i.label === 'huggingface/gpt2'));
      assert.strictEqual(items.filter((i) => i.label === 'openai/gpt-4o-2024-05-13').length, 1, 'a model that is also a deployment is offered once');
    });

    it('model=: deprecated models can be left out', () => {
      const items = complete(entry('mmlu:model=<|>'), registry, { deprecatedModels: 'omit' }).items;
      assert.ok(!items.some((i) => i.label === 'openai/davinci'));
    });

    it('model=: documentation can be left for the editor to resolve, item by item', () => {
      const full = complete(entry('mmlu:model=<|>'), registry).items;
      const lazy = complete(entry('mmlu:model=<|>'), registry, { lazyDocumentation: true }).items;
      assert.ok(lazy.every((i) => i.documentation === undefined));
      const deployments = complete(entry('mmlu:model_deployment=<|>'), registry).items;
      for (const label of ['text', 'openai/gpt2', 'huggingface/gpt2']) {
        const item = [...full, ...deployments].find((i) => i.label === label);
        assert.ok(item?.documentation);
        assert.strictEqual(resolveItem(item, registry).documentation, item.documentation);
        assert.strictEqual(resolveItem(item, registry).detail, item.detail);
      }
    });

    it('model=: once something is typed, only the choices it could match, and the editor asks again', () => {
      const all = complete(entry('mmlu:model=<|>'), registry);
      assert.strictEqual(all.isIncomplete, false, 'nothing typed: the whole list, for the editor to filter');
      const inOrder = (typed: string, label: string): boolean => new RegExp([...typed].map((ch) => ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('.*'), 'i').test(label);
      for (const typed of ['g', 'gp', 'OpenAI/GPT', 'llama-3', 'zzz']) {
        const some = complete(entry(`mmlu:model=${typed}<|>`), registry);
        const labels = new Set(some.items.map((i) => i.label));
        assert.strictEqual(some.isIncomplete, true, typed);
        // Whatever an in-order (fuzzy) matcher would keep from the whole list is still there …
        const kept = all.items.filter((i) => inOrder(typed, i.label)).map((i) => i.label);
        assert.deepStrictEqual(kept.filter((l) => !labels.has(l)), [], typed);
        // … and a label missing one of the typed characters is not.
        assert.ok(some.items.every((i) => [...typed.toLowerCase()].every((ch) => i.label.toLowerCase().includes(ch))), typed);
      }
      assert.ok(complete(entry('mmlu:model=g<|>'), registry).items.length < all.items.length / 2);
      assert.deepStrictEqual(complete(entry('mmlu:model=zzz<|>'), registry).items, []);
      // Two neighbouring characters swapped: VS Code still matches it, so it is still offered.
      assert.ok(complete(entry('mmlu:model=opeani/gtp2<|>'), registry).items.some((i) => i.label === 'openai/gpt2'));
      // In the middle of a value, what is before the cursor is what counts.
      assert.ok(complete(entry('mmlu:model=openai/gp<|>zzz'), registry).items.some((i) => i.label === 'openai/gpt2'));
    });

    it('model= with a limit (a client without list-wide ranges): the first choices in the editor\'s order, and the editor asks again', () => {
      const labels = (r: { items: HelmCompletionItem[] }): string[] => r.items.map((i) => i.label);
      for (const source of [entry('mmlu:model=<|>'), entry('mmlu:model=openai/gpt2,model_deployment=<|>'), entry('mmlu:model=g<|>')]) {
        const full = complete(source, registry);
        const limited = complete(source, registry, { modelListLimit: 50 });
        assert.ok(full.items.length > 50, source);
        assert.deepStrictEqual(labels(limited), labels(full).slice(0, 50), source);
        assert.strictEqual(limited.isIncomplete, true, source);
      }
      // Under the limit: the list as it is.
      const few = complete(entry('mmlu:model=openai/gpt2<|>'), registry, { modelListLimit: 50 });
      assert.deepStrictEqual(labels(few), labels(complete(entry('mmlu:model=openai/gpt2<|>'), registry)));
      assert.ok(few.items.length <= 50);
    });

    it('function names: the list depends on what is typed, so the editor asks again', () => {
      assert.strictEqual(complete(entry('<|>'), registry).isIncomplete, false);
      assert.strictEqual(complete(entry('mml<|>'), registry).isIncomplete, true);
    });

    it('model_deployment=: deployments only', () => {
      const items = complete(entry('mmlu:model_deployment=<|>'), registry).items;
      assert.ok(items.length > 100 && items.every((i) => i.kind === 'deployment'));
      assert.strictEqual(items.find((i) => i.label === 'huggingface/gpt2')?.detail, 'deployment of openai/gpt2');
    });

    const sets: Array<{ title: string; source: string; labels: string[] }> = [
      { title: 'the values of an expander', source: entry('mmlu:subject=anatomy,stop=<|>'), labels: ['br', 'hash', 'none', 'semicolon'] },
      { title: 'true/false for a bool parameter', source: entry('mscoco_captioning:long=<|>'), labels: ['false', 'true'] },
      { title: 'true/false for a str parameter HELM compares with "true"', source: entry('mmlu_pro:use_chain_of_thought=<|>'), labels: ['false', 'true'] },
      { title: 'nothing for a parameter HELM gives no values for', source: entry('bigcodebench:version=<|>'), labels: [] },
    ];
    for (const row of sets) {
      it(row.title, () => assert.deepStrictEqual(complete(row.source, registry).items.map((i) => i.label).sort(), row.labels));
    }

    it('data_augmentation= offers its named augmentations', () => {
      const labels = complete(entry('mmlu:data_augmentation=<|>'), registry).items.map((i) => i.label);
      assert.ok(labels.includes('robustness') && labels.includes('canonical'), labels.join(', '));
    });

    const accepts: Array<{ title: string; source: string; label: string; expected: string }> = [
      { title: 'after `=`', source: entry('mmlu:subject=anatomy,model=<|>'), label: 'text', expected: entry('mmlu:subject=anatomy,model=text') },
      { title: 'in the middle of a value: the whole value is replaced', source: entry('mmlu:model=openai/gp<|>t2,subject=x'), label: 'openai/gpt-4o-2024-05-13', expected: entry('mmlu:model=openai/gpt-4o-2024-05-13,subject=x') },
      { title: 'at the start of a value', source: entry('mmlu:model=<|>openai/gpt2'), label: 'text', expected: entry('mmlu:model=text') },
    ];
    for (const row of accepts) it(row.title, () => assert.strictEqual(accept(row.source, row.label, registry), row.expected));
  });

  describe('outside the description', () => {
    const labels: Array<{ title: string; source: string; labels: string[] }> = [
      { title: 'keys of a new entry', source: 'entries: [\n  {<|>}\n]', labels: ['description', 'priority', 'groups'] },
      { title: 'keys already in the entry are left out', source: 'entries: [\n  {description: "mmlu:subject=x", <|>}\n]', labels: ['priority', 'groups'] },
      { title: 'on a key being typed', source: 'entries: [\n  {description: "x", pri<|>}\n]', labels: ['priority', 'groups'] },
      { title: 'nothing after `priority:`', source: 'entries: [\n  {description: "x", priority: <|>}\n]', labels: [] },
      { title: 'nothing in a number', source: 'entries: [\n  {description: "x", priority: 1<|>}\n]', labels: [] },
      { title: 'nothing in a comment', source: 'entries: [\n  # mml<|>\n  {description: "x"}\n]', labels: [] },
      { title: 'nothing before the opening quote', source: 'entries: [\n  {description: <|>"x"}\n]', labels: [] },
    ];
    for (const row of labels) {
      it(row.title, () => assert.deepStrictEqual(complete(row.source, registry).items.map((i) => i.label), row.labels));
    }

    const accepts: Array<{ title: string; source: string; label: string; expected: string }> = [
      { title: 'a key after `,`', source: 'entries: [\n  {description: "x", <|>}\n]', label: 'priority', expected: 'entries: [\n  {description: "x", priority: 1}\n]' },
      { title: 'a partly typed key', source: 'entries: [\n  {description: "x", pri<|>}\n]', label: 'priority', expected: 'entries: [\n  {description: "x", priority: 1}\n]' },
      { title: 'a key right after a value gets its `,`', source: 'entries: [\n  {description: "x"<|>}\n]', label: 'groups', expected: 'entries: [\n  {description: "x", groups: []}\n]' },
      { title: 'a key on its own line', source: 'entries: [\n  {\n    <|>\n  }\n]', label: 'description', expected: 'entries: [\n  {\n    description: ""\n  }\n]' },
      { title: 'a new entry on its own line', source: 'entries: [\n  {description: "x"}\n  <|>\n]', label: '{description, priority}', expected: 'entries: [\n  {description: "x"}\n  {description: "", priority: 1}\n]' },
      { title: 'a new entry after another on the same line gets its `,`', source: 'entries: [\n  {description: "x"} <|>\n]', label: '{description, priority}', expected: 'entries: [\n  {description: "x"} , {description: "", priority: 1}\n]' },
      { title: 'an empty file gets the entries list', source: '<|>', label: 'entries: [ … ]', expected: 'entries: [\n  {description: "", priority: 1}\n]' },
    ];
    for (const row of accepts) it(row.title, () => assert.strictEqual(accept(row.source, row.label, registry), row.expected));

    it('a new entry is a snippet with tab stops, plain text when the editor takes no snippets', () => {
      const snippet = complete('entries: [\n  <|>\n]', registry).items[0];
      assert.deepStrictEqual([snippet.snippet, snippet.edit.newText], [true, '{description: "${1}", priority: ${2:1}}']);
      const plain = complete('entries: [\n  <|>\n]', registry, { snippets: false }).items[0];
      assert.deepStrictEqual([plain.snippet, plain.edit.newText], [false, '{description: "", priority: 1}']);
    });
  });
});
