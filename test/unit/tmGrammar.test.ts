// The TextMate grammar: its structure, and the scopes it gives sample lines in VS Code's own engine.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GRAMMAR_FILE, loadTokenizer, textmateAvailable } from '../e2e/textmate';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** vscode-textmate and vscode-oniguruma come with code-server (scripts/install-e2e.sh). */
const VSCODE_NODE_MODULES = path.join(ROOT, '.e2e', 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');

interface Rule {
  name?: string;
  contentName?: string;
  match?: string;
  begin?: string;
  end?: string;
  include?: string;
  patterns?: Rule[];
  captures?: Record<string, Rule>;
  beginCaptures?: Record<string, Rule>;
  endCaptures?: Record<string, Rule>;
}
interface Grammar extends Rule {
  scopeName: string;
  repository: Record<string, Rule>;
}

const grammar = JSON.parse(fs.readFileSync(GRAMMAR_FILE, 'utf8')) as Grammar;

function allRules(): Rule[] {
  const rules: Rule[] = [];
  const visit = (rule: Rule): void => {
    rules.push(rule);
    for (const child of rule.patterns ?? []) visit(child);
    for (const captures of [rule.captures, rule.beginCaptures, rule.endCaptures]) for (const c of Object.values(captures ?? {})) visit(c);
  };
  // The root's `name` is the grammar's display name, not a scope.
  for (const rule of grammar.patterns ?? []) visit(rule);
  for (const rule of Object.values(grammar.repository)) visit(rule);
  return rules;
}

describe('TextMate grammar: structure', () => {
  it('is the grammar package.json contributes for helm-conf', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { grammars: Array<{ language: string; scopeName: string; path: string }> };
    };
    const contributed = manifest.contributes.grammars.find((g) => g.language === 'helm-conf');
    assert.equal(contributed?.scopeName, grammar.scopeName);
    assert.equal(path.resolve(ROOT, contributed?.path ?? ''), GRAMMAR_FILE);
  });

  it('resolves every include', () => {
    const includes = allRules().map((r) => r.include).filter((i): i is string => i !== undefined);
    for (const include of includes) assert.ok(include.slice(1) in grammar.repository, `${include} is not in the repository`);
  });

  it('names every scope with the .helm-conf suffix', () => {
    const names = allRules().flatMap((r) => [r.name, r.contentName]).filter((n): n is string => n !== undefined);
    for (const name of names) for (const scope of name.split(' ')) assert.match(scope, /\.helm-conf$/, `scope ${scope}`);
  });

  it('compiles every pattern as a regular expression (\\G aside, the syntax is common to Oniguruma and JS)', () => {
    const patterns = allRules().flatMap((r) => [r.match, r.begin, r.end]).filter((p): p is string => p !== undefined);
    assert.ok(patterns.length > 10);
    for (const pattern of patterns) assert.doesNotThrow(() => new RegExp(pattern.replace(/\\G/g, '^')), pattern);
  });

  const rows: Array<{ rule: string; text: string; groups: string[] }> = [
    { rule: 'substitution', text: '${?HELM_HOME}', groups: ['${', '?', 'HELM_HOME', '}'] },
    { rule: 'include', text: 'include required(file("a.conf"))', groups: ['include', 'required', '(', 'file', '(', '"a.conf"', ')', ')'] },
  ];
  for (const row of rows) {
    it(`splits ${row.text} into its parts (${row.rule})`, () => {
      const match = new RegExp(grammar.repository[row.rule].match ?? '').exec(row.text);
      assert.deepEqual(match?.slice(1).filter((g) => g !== undefined), row.groups);
    });
  }
});

const engine = textmateAvailable(VSCODE_NODE_MODULES) ? describe : describe.skip;

engine('TextMate grammar: scopes from vscode-textmate (runs once scripts/install-e2e.sh has installed code-server)', () => {
  /** Line → expected [token text, a scope it must carry] pairs, in order of appearance. */
  const rows: Array<{ line: string; expected: Array<[string, string]> }> = [
    {
      line: '  {description: "mmlu:subject=anatomy,model=openai/gpt2", priority: 1} # main',
      expected: [
        ['{', 'punctuation.definition.dictionary.begin.helm-conf'],
        ['description', 'support.type.property-name.description.helm-conf'],
        [':', 'punctuation.separator.key-value.helm-conf'],
        ['"', 'punctuation.definition.string.begin.helm-conf'],
        ['mmlu', 'entity.name.function.run-spec.helm-conf'],
        [':', 'punctuation.separator.run-spec-arguments.helm-conf'],
        ['subject', 'variable.parameter.argument-name.helm-conf'],
        ['=', 'keyword.operator.assignment.helm-conf'],
        ['anatomy', 'constant.other.argument-value.helm-conf'],
        [',', 'punctuation.separator.argument.helm-conf'],
        ['model', 'variable.parameter.argument-name.helm-conf'],
        ['=', 'keyword.operator.assignment.helm-conf'],
        ['openai/gpt2', 'constant.other.argument-value.helm-conf'],
        ['"', 'punctuation.definition.string.end.helm-conf'],
        [',', 'punctuation.separator.comma.helm-conf'],
        ['priority', 'support.type.property-name.helm-conf'],
        [':', 'punctuation.separator.key-value.helm-conf'],
        ['1', 'constant.numeric.helm-conf'],
        ['}', 'punctuation.definition.dictionary.end.helm-conf'],
        ['#', 'comment.line.number-sign.helm-conf'],
        [' main', 'comment.line.number-sign.helm-conf'],
      ],
    },
    {
      // HELM splits on the first `:` and the first `=` of each piece: the value keeps `:` and `=`.
      line: '{"description" = "x:a=b=c:d,e=f"}',
      expected: [
        ['description', 'support.type.property-name.description.helm-conf'],
        ['=', 'punctuation.separator.key-value.helm-conf'],
        ['x', 'entity.name.function.run-spec.helm-conf'],
        ['a', 'variable.parameter.argument-name.helm-conf'],
        ['b=c:d', 'constant.other.argument-value.helm-conf'],
        ['e', 'variable.parameter.argument-name.helm-conf'],
        ['f', 'constant.other.argument-value.helm-conf'],
      ],
    },
    {
      line: 'entries: [ // a comment',
      expected: [
        ['entries', 'support.type.property-name.helm-conf'],
        ['[', 'punctuation.definition.array.begin.helm-conf'],
        ['//', 'comment.line.double-slash.helm-conf'],
      ],
    },
    {
      line: 'a.b = ${?HOME}, c: true, d: null, e: -1.5e3, f: """say "hi" """, g: some words',
      expected: [
        ['a.b', 'support.type.property-name.helm-conf'],
        ['${', 'variable.other.substitution.helm-conf'],
        ['HOME', 'variable.other.path.helm-conf'],
        ['true', 'constant.language.boolean.helm-conf'],
        ['null', 'constant.language.null.helm-conf'],
        ['-1.5e3', 'constant.numeric.helm-conf'],
        ['say "hi" ', 'string.quoted.triple.helm-conf'],
        ['some', 'string.unquoted.helm-conf'],
      ],
    },
    {
      // pyhocon's escapes, and JSON's that it keeps as written (a backslash and a letter).
      line: 'a: "x\\ny\\=z\\u00e9", b: "mmlu:s\\/x=caf\\u00e9"',
      expected: [
        ['\\n', 'constant.character.escape.helm-conf'],
        ['\\=', 'constant.character.escape.helm-conf'],
        ['\\u', 'invalid.illegal.unrecognized-string-escape.helm-conf'],
        ['00e9', 'string.quoted.double.helm-conf'],
        ['\\/', 'invalid.illegal.unrecognized-string-escape.helm-conf'],
      ],
    },
    {
      line: '  {description: "mmlu:subject=caf\\u00e9,model=openai/gpt2"}',
      expected: [
        ['subject', 'variable.parameter.argument-name.helm-conf'],
        ['caf\\u00e9', 'constant.other.argument-value.helm-conf'],
        ['model', 'variable.parameter.argument-name.helm-conf'],
      ],
    },
    {
      line: '  {description: "boolq", priority: 1, groups: ["core"]}',
      expected: [
        ['boolq', 'entity.name.function.run-spec.helm-conf'],
        ['groups', 'support.type.property-name.helm-conf'],
        ['core', 'string.quoted.double.helm-conf'],
      ],
    },
  ];

  for (const row of rows) {
    it(`scopes ${row.line.trim()}`, async () => {
      const tokenize = await loadTokenizer(VSCODE_NODE_MODULES);
      const tokens = tokenize(row.line)[0];
      let from = 0;
      for (const [text, scope] of row.expected) {
        const index = tokens.findIndex((t, i) => i >= from && t.text === text);
        assert.ok(index >= 0, `no token "${text}" after token ${from}: ${tokens.map((t) => t.text).join('|')}`);
        assert.ok(tokens[index].scopes.includes(scope), `"${text}" has ${tokens[index].scopes.join(' ')}, expected ${scope}`);
        from = index + 1;
      }
    });
  }

  it('ends an unterminated description at the end of its line', async () => {
    const tokenize = await loadTokenizer(VSCODE_NODE_MODULES);
    const [, second] = tokenize('{description: "mmlu:subject=x\npriority: 1}');
    assert.ok(second.find((t) => t.text === 'priority')?.scopes.includes('support.type.property-name.helm-conf'));
  });
});
