// Quick fixes: the whole text after applying each one, and every fix on a mutated corpus edits only its range.
import * as assert from 'assert';
import * as fs from 'fs';
import type { HelmDiagnostic, QuickFix } from '../../server/src/common/diagnostic';
import { parseConf } from '../../server/src/parser/index';
import { validate } from '../../server/src/services/validation';
import { corpusConfFiles, describeWithCorpus } from '../helpers/corpus';
import { applyEdits, expandSnippet } from '../helpers/markers';
import { snapshotRegistry } from '../helpers/registry';
import { seededRandom } from '../helpers/random';

// The bundled snapshot: what a user without an installed HELM gets.
const registry = snapshotRegistry()!;
const OPTIONS = { rules: {}, modelsToRun: [] };
const entry = (description: string, rest = ''): string => `entries: [\n  {description: "${description}"${rest}}\n]\n`;

function fixesOf(text: string, code: string): QuickFix[] {
  const d = validate(parseConf(text), registry, OPTIONS).find((x) => x.code === code);
  assert.ok(d, `no ${code} in ${text}`);
  return d.fixes ?? [];
}

function applyFix(text: string, fix: QuickFix): string {
  return applyEdits(text, fix.edits.map((e) => ({ span: e.span, newText: fix.snippet ? expandSnippet(e.newText) : e.newText })));
}

interface Row {
  title: string;
  before: string;
  code: string;
  /** Which of the diagnostic's fixes (default: the first). */
  fix?: number;
  fixTitle: string;
  after: string;
}

const rows: Row[] = [
  { title: 'run spec function did-you-mean', before: entry('mmul:subject=a,model=openai/gpt2'), code: 'unknown-run-spec-function', fixTitle: 'Change to `mmlu`', after: entry('mmlu:subject=a,model=openai/gpt2') },
  { title: 'argument did-you-mean', before: entry('mmlu:subjet=a,model=openai/gpt2'), code: 'unknown-argument', fixTitle: 'Change to `subject`', after: entry('mmlu:subject=a,model=openai/gpt2') },
  { title: 'expander value did-you-mean', before: entry('boolq:data_augmentation=canonicall,model=openai/gpt2'), code: 'unknown-expander-value', fixTitle: 'Change to `canonical`', after: entry('boolq:data_augmentation=canonical,model=openai/gpt2') },
  { title: 'model did-you-mean', before: entry('boolq:model=openai/gpt5'), code: 'unlisted-generated-model', fixTitle: 'Change to `openai/gpt2`', after: entry('boolq:model=openai/gpt2') },
  { title: 'model did-you-mean, second candidate', before: entry('boolq:model=gpt2'), code: 'unknown-model', fix: 1, fixTitle: 'Change to `nvidia/megatron-gpt2`', after: entry('boolq:model=nvidia/megatron-gpt2') },
  { title: 'unknown model by its name after the creator', before: entry('boolq:model=foo/gpt2'), code: 'unknown-model', fixTitle: 'Change to `openai/gpt2`', after: entry('boolq:model=openai/gpt2') },
  { title: 'entry key did-you-mean', before: entry('boolq:model=openai/gpt2', ', prority: 1'), code: 'unknown-entry-key', fixTitle: 'Change to `priority`', after: entry('boolq:model=openai/gpt2', ', priority: 1') },
  { title: 'remove an empty argument in the middle', before: entry('boolq:only_contrast=,model=openai/gpt2'), code: 'empty-value', fixTitle: 'Remove `only_contrast=` (use the default)', after: entry('boolq:model=openai/gpt2') },
  { title: 'remove an empty argument at the end', before: entry('boolq:model=openai/gpt2,only_contrast='), code: 'empty-value', fixTitle: 'Remove `only_contrast=` (use the default)', after: entry('boolq:model=openai/gpt2') },
  { title: 'remove the only argument with its colon', before: entry('boolq:model='), code: 'empty-model', fixTitle: 'Remove `model=`', after: entry('boolq') },
  { title: 'remove the ignored duplicate', before: entry('mmlu:subject=a,subject=b,model=openai/gpt2'), code: 'duplicate-key', fixTitle: 'Remove the ignored `subject=a`', after: entry('mmlu:subject=b,model=openai/gpt2') },
  { title: 'keep the first duplicate', before: entry('mmlu:subject=a,model=openai/gpt2,subject=b'), code: 'duplicate-key', fix: 1, fixTitle: 'Keep `subject=a`: remove `subject=b`', after: entry('mmlu:subject=a,model=openai/gpt2') },
  { title: 'add a missing argument', before: entry('mmlu:model=openai/gpt2'), code: 'missing-argument', fixTitle: 'Add `subject=`', after: entry('mmlu:model=openai/gpt2,subject=') },
  { title: 'add missing arguments after a bare name', before: entry('commonsense'), code: 'missing-argument', fixTitle: 'Add `dataset=`, `method=`', after: entry('commonsense:dataset=,method=') },
  { title: 'priority "1" → 1', before: entry('boolq:model=openai/gpt2', ', priority: "1"'), code: 'priority-not-int', fixTitle: 'Change to the int `1`', after: entry('boolq:model=openai/gpt2', ', priority: 1') },
  { title: 'remove a trailing comma in the description', before: entry('boolq:model=openai/gpt2,'), code: 'description-syntax', fixTitle: 'Remove the trailing `,`', after: entry('boolq:model=openai/gpt2') },
  { title: 'trim an argument name', before: entry('mmlu: subject=a,model=openai/gpt2'), code: 'untrimmed-space', fixTitle: 'Change to `subject` (remove the spaces)', after: entry('mmlu:subject=a,model=openai/gpt2') },
  { title: 'a deployment given as model → its model', before: entry('boolq:model=huggingface/gpt2'), code: 'deployment-as-model', fixTitle: 'Change to `openai/gpt2`', after: entry('boolq:model=openai/gpt2') },
  { title: 'remove chatml, the only argument', before: entry('boolq:chatml=1'), code: 'expander-takes-no-value', fixTitle: 'Remove `chatml=1`', after: entry('boolq') },
  {
    title: 'disable the rule for this line',
    before: entry('mmlu:subject=a,subject=b,model=openai/gpt2'),
    code: 'duplicate-key',
    fix: 2,
    fixTitle: 'Disable duplicate-key for this line',
    after: 'entries: [\n  # helm-conf: disable-next-line duplicate-key\n  {description: "mmlu:subject=a,subject=b,model=openai/gpt2"}\n]\n',
  },
  { title: 'a \\u escape pyhocon keeps → the character', before: entry('mmlu:subject=caf\\u00e9,model=openai/gpt2'), code: 'undecoded-escape', fixTitle: 'Write `é` itself', after: entry('mmlu:subject=café,model=openai/gpt2') },
  { title: 'remove an argument without a name', before: entry('mmlu:subject=a,=x,model=openai/gpt2'), code: 'empty-key', fixTitle: 'Remove the argument', after: entry('mmlu:subject=a,model=openai/gpt2') },
  // Every diagnostic with an obvious fix has one.
  { title: 'an empty model_deployment= → a deployment of the entry’s model', before: entry('boolq:model=openai/gpt2,model_deployment='), code: 'empty-value', fixTitle: 'Set `model_deployment=huggingface/gpt2`', after: entry('boolq:model=openai/gpt2,model_deployment=huggingface/gpt2') },
  { title: 'text where a number goes → the number HELM’s entries use most', before: entry('boolq:model=openai/gpt2,num_output_tokens=lots'), code: 'unknown-expander-value', fixTitle: "Change to `4000` (the number HELM's entries use most)", after: entry('boolq:model=openai/gpt2,num_output_tokens=4000') },
  { title: 'a float where a whole number goes → rounded', before: entry('boolq:model=openai/gpt2,max_train_instances=2.6'), code: 'expander-value-not-number', fixTitle: 'Change to `3` (a whole number)', after: entry('boolq:model=openai/gpt2,max_train_instances=3') },
  { title: 'an expander value far from any → the closest valid one', before: entry('boolq:model=openai/gpt2,stop=semicolons-and-more'), code: 'unknown-expander-value', fixTitle: 'Change to `semicolon`', after: entry('boolq:model=openai/gpt2,stop=semicolon') },
  { title: 'an argument like no parameter → remove it', before: entry('boolq:model=openai/gpt2,xyzzy=1'), code: 'unknown-argument', fixTitle: 'Remove `xyzzy=1`', after: entry('boolq:model=openai/gpt2') },
];

/** Fixes that put the cursor in the value list: the text after the edit, snippet placeholders included. */
const choiceRows: Array<{ title: string; before: string; code: string; fixTitle: string; after: string }> = [
  { title: 'an empty model_deployment=', before: entry('boolq:model=openai/gpt2,model_deployment='), code: 'empty-value', fixTitle: 'Choose a model deployment…', after: entry('boolq:model=openai/gpt2,model_deployment=${1}') },
  { title: 'num_output_tokens=lots', before: entry('boolq:model=openai/gpt2,num_output_tokens=lots'), code: 'unknown-expander-value', fixTitle: 'Choose a value for `num_output_tokens`…', after: entry('boolq:model=openai/gpt2,num_output_tokens=${1}') },
  { title: 'an empty required argument', before: entry('mmlu:subject=,model=openai/gpt2'), code: 'empty-value', fixTitle: 'Choose a value for `subject`…', after: entry('mmlu:subject=${1},model=openai/gpt2') },
  { title: 'an unknown model', before: entry('boolq:model=zzzzzzzz'), code: 'unknown-model', fixTitle: 'Choose a model…', after: entry('boolq:model=${1}') },
  { title: 'a deprecated model', before: entry('boolq:model=openai/davinci'), code: 'deprecated-model', fixTitle: 'Choose another model…', after: entry('boolq:model=${1}') },
  { title: 'an unknown run spec function', before: entry('zzzzzzzz:model=openai/gpt2'), code: 'unknown-run-spec-function', fixTitle: 'Choose a run spec function…', after: entry('${1}:model=openai/gpt2') },
  { title: 'a missing argument: added with its value list open', before: entry('mmlu:model=openai/gpt2'), code: 'missing-argument', fixTitle: 'Add `subject=`', after: entry('mmlu:model=openai/gpt2,subject=${1}') },
];

describe('quick fixes', () => {
  for (const row of rows) {
    it(row.title, () => {
      const fix = fixesOf(row.before, row.code)[row.fix ?? 0];
      assert.ok(fix, 'the fix is offered');
      assert.strictEqual(fix.title, row.fixTitle);
      assert.strictEqual(applyFix(row.before, fix), row.after);
      const remaining = validate(parseConf(row.after), registry, OPTIONS).filter((d) => d.code === row.code);
      assert.deepStrictEqual(remaining.map((d) => d.message), [], 'the diagnostic is gone');
    });
  }

  it('no "disable for this line" where the comment would land inside a multi-line description', () => {
    // The unknown argument is on the string's second line: a comment line above it would be part of the string.
    const text = 'entries: [\n  {description: """mmlu:subject=anatomy,\nmodel=openai/gpt2,subjet=x"""}\n  {description: "mmlu:subjet=x"}\n]\n';
    const found = validate(parseConf(text), registry, OPTIONS).filter((d) => d.code === 'unknown-argument');
    const disable = (d: HelmDiagnostic): string[] => (d.fixes ?? []).map((f) => f.title).filter((t) => t.startsWith('Disable'));
    assert.deepStrictEqual(found.map(disable), [[], ['Disable unknown-argument for this line']]);
  });

  for (const row of choiceRows) {
    it(`choose from the list: ${row.title}`, () => {
      const fix = fixesOf(row.before, row.code).find((f) => f.title === row.fixTitle);
      assert.ok(fix, `${row.fixTitle} is offered: ${fixesOf(row.before, row.code).map((f) => f.title).join(', ')}`);
      assert.strictEqual(fix.snippet, true);
      assert.strictEqual(applyEdits(row.before, fix.edits), row.after);
    });
  }

  it('offers the missing arguments as a snippet with tab stops', () => {
    const [fix] = fixesOf(entry('commonsense'), 'missing-argument');
    assert.strictEqual(fix.snippet, true);
    assert.deepStrictEqual(fix.edits.map((e) => e.newText), [':dataset=${1},method=${2}']);
  });
});

// ---------------------------------------------------------------- every fix on mutated text


const INSERTS = [',', '=', ':', ' ', ',,', '=x', 'x', 'model=', 'subject=a,', '_'];

/** One mutation inside a description string (or of a priority), as a user's typo would be. */
function mutate(text: string, rnd: () => number): string {
  const strings = [...text.matchAll(/description: "([^"\n]*)"/g)];
  if (strings.length === 0) return text;
  const m = strings[Math.floor(rnd() * strings.length)];
  const start = (m.index as number) + 'description: "'.length;
  const at = start + Math.floor(rnd() * (m[1].length + 1));
  const kind = rnd();
  if (kind < 0.3) return text.slice(0, at) + INSERTS[Math.floor(rnd() * INSERTS.length)] + text.slice(at);
  if (kind < 0.55 && at < start + m[1].length) return text.slice(0, at) + text.slice(at + 1);
  if (kind < 0.75 && at + 1 < start + m[1].length) return text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2);
  if (kind < 0.85) return text.replace(/priority: 1/, 'priority: "1"');
  return text.slice(0, at) + text.slice(at, at + 1) + text.slice(at);
}

const STRUCTURE = new Set(['syntax-error', 'missing-value', 'entries-merged', 'fields-run-together', 'no-entries', 'entries-not-list', 'entry-not-object', 'missing-description', 'description-not-string']);

function checkEveryFix(text: string, seedNote: string, limit = Infinity): number {
  const conf = parseConf(text);
  const before = conf.problems.filter((p) => STRUCTURE.has(p.code)).length;
  let applied = 0;
  const diagnostics: HelmDiagnostic[] = validate(conf, registry, OPTIONS);
  for (const d of diagnostics) {
    for (const fix of d.fixes ?? []) {
      if (applied >= limit) return applied;
      const fixed = applyFix(text, fix);
      // Outside the edits nothing moves: the text before the first and after the last edit is untouched.
      const first = Math.min(...fix.edits.map((e) => e.span.start));
      const last = Math.max(...fix.edits.map((e) => e.span.end));
      assert.strictEqual(fixed.slice(0, first), text.slice(0, first), `${seedNote}: ${fix.title}`);
      assert.strictEqual(fixed.slice(fixed.length - (text.length - last)), text.slice(last), `${seedNote}: ${fix.title}`);
      const again = parseConf(fixed);
      assert.ok(again.problems.filter((p) => STRUCTURE.has(p.code)).length <= before, `${seedNote}: ${fix.title} adds a syntax error:\n${fixed}`);
      assert.strictEqual(again.entries.length, conf.entries.length, `${seedNote}: ${fix.title} changes the entries`);
      applied++;
    }
  }
  return applied;
}

describe('every quick fix on mutated text', () => {
  const base = [
    'entries: [',
    '  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1}',
    '  {description: "boolq:data_augmentation=canonical,max_train_instances=zero,model=openai/gpt-4-0613", priority: 2},',
    '  {description: "summarization_xsum:device=cpu,model=text", priority: 1}',
    '  {description: "commonsense:dataset=hellaswag,method=multiple_choice_joint,model=meta/llama-7b", priority: 3}',
    '  {description: "ice:subset=ea,model=openai/gpt2,stop=hash", priority: 1}',
    ']',
    '',
  ].join('\n');

  it('edits only the ranges it names and never breaks the file (400 seeded mutations)', function () {
    this.timeout(60_000);
    let applied = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const rnd = seededRandom(seed);
      let text = base;
      const n = 1 + Math.floor(rnd() * 3);
      for (let i = 0; i < n; i++) text = mutate(text, rnd);
      applied += checkEveryFix(text, `seed ${seed}`);
    }
    assert.ok(applied > 400, `only ${applied} fixes were applied`);
  });
});

describeWithCorpus('every quick fix on the mutated corpus', () => {
  it('edits only the ranges it names and never breaks a corpus file', function () {
    this.timeout(120_000);
    let applied = 0;
    corpusConfFiles().forEach((file, i) => {
      const rnd = seededRandom(1000 + i);
      let text = fs.readFileSync(file, 'utf8');
      for (let k = 0; k < 5; k++) text = mutate(text, rnd);
      // Each fix re-parses the whole file: the first 30 fixes of a file are enough to see a broken one.
      applied += checkEveryFix(text, `${file} (seed ${1000 + i})`, 30);
    });
    assert.ok(applied > 0);
  });
});
