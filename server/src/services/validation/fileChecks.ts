// Checks across a whole file: repeated descriptions, entries helm-run refuses without --models-to-run, fixes for parser problems.
import type { HelmDiagnostic } from '../../common/diagnostic';
import { badByte, pythonDecodeError, type NotUtf8 } from '../../common/userFiles';
import type { ConfFile, HoconValue, ParsedDescription } from '../../parser/types';
import type { ValidationOptions } from './context';

/**
 * A test of helm-run's around `\b` (Python's `\w` on str: Unicode letters and numbers, and `_`; JS `\b`
 * knows only ASCII), as `body(word)`. An ASCII text gets the ASCII form, the same verdict: the Unicode
 * classes take a millisecond to compile, at every start of the command line, so they are built only
 * for a text that needs them.
 */
function wordTest(body: (word: string) => string): (ascii: boolean) => RegExp {
  const asciiForm = new RegExp(body('[A-Za-z0-9_]'));
  let unicode: RegExp | undefined;
  return (ascii) => (ascii ? asciiForm : (unicode ??= new RegExp(body('[\\p{L}\\p{N}_]'), 'u')));
}
const isAscii = (text: string): boolean => /^[\x00-\x7f]*$/.test(text);

/** helm-run's own test (run.py): `\bmodel=(?:all|…)\b`, these 7 wildcards need `--models-to-run`. */
const wildcardRe = wordTest((w) => `(?<!${w})model=(?:all|text_code|text|code|instruction_following|full_functionality_text|limited_functionality_text)(?!${w})`);
/** helm-run's other test, `\bmodel=\b`: some entry must name `model=` followed by a word character. */
const modelRe = wordTest((w) => `(?<!${w})model=(?=${w})`);

/** A file whose bytes are not all UTF-8: HELM's read of it stops there, before pyhocon sees any of it. */
export function notUtf8Diagnostic(n: NotUtf8): HelmDiagnostic {
  return {
    code: 'not-utf8',
    severity: 'error',
    message: `The file is not UTF-8 here (byte ${badByte(n)}): HELM opens a conf file as UTF-8 text, and helm-run stops with \`${pythonDecodeError(n)}\` before it reads any entry. Save the file as UTF-8.`,
    span: { start: n.offset, end: n.offset + 1 },
  };
}

export function checkDuplicateDescriptions(conf: ConfFile, report: (d: HelmDiagnostic) => void): void {
  // description → the first entry, per groups (sorted, as JSON; '' without). The description strings
  // themselves are the keys: they keep their hash from one version of the document to the next.
  const first = new Map<string, number>();
  const firstWithGroups = new Map<string, number>();
  for (const entry of conf.entries) {
    const parsed = entry.description?.parsed;
    if (!parsed) continue;
    // Different groups give different RunSpec names (`,groups=…`): not the same runs.
    const groups = entry.groups?.value ? JSON.stringify([...entry.groups.value].sort()) : '';
    const seen = groups ? firstWithGroups : first;
    const key = groups ? `${groups}\n${parsed.text}` : parsed.text;
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, entry.index);
      continue;
    }
    const other = conf.entries[earlier].description?.node.span;
    const line = conf.lines.positionAt(conf.entries[earlier].node.span.start).line + 1;
    report({
      code: 'duplicate-description',
      severity: 'warning',
      message: `The same description as the entry on line ${line}: helm-run makes the same RunSpecs again (same names, same output folders).`,
      span: entry.description?.node.span ?? entry.node.span,
      ...(other ? { related: [{ message: 'The first entry with this description', span: other }] } : {}),
    });
  }
}

/** Per description (the same object while its entry is not edited): what helm-run's two tests find in it. */
const modelTests = new WeakMap<ParsedDescription, { namesModel: boolean; wildcard?: string }>();

const NAMES_NO_MODEL: { namesModel: boolean; wildcard?: string } = Object.freeze({ namesModel: false });

function modelTestsOf(parsed: ParsedDescription, keep: boolean): { namesModel: boolean; wildcard?: string } {
  let t = keep ? modelTests.get(parsed) : undefined;
  // Both tests need `model=`: a description without it passes neither.
  if (!t && !parsed.text.includes('model=')) t = NAMES_NO_MODEL;
  if (!t) {
    const ascii = isAscii(parsed.text);
    const match = wildcardRe(ascii).exec(parsed.text);
    t = { namesModel: modelRe(ascii).test(parsed.text), wildcard: match ? match[0].slice('model='.length) : undefined };
    if (keep) modelTests.set(parsed, t);
  }
  return t;
}

/**
 * helm-run refuses a whole run when `--models-to-run` is missing and some entry names one of its 7
 * wildcards, or when no entry names a model. One hint per file, on the first such entry: a file like
 * HELM's run_entries.conf has hundreds of them, and one is what decides. `keep` false: a file checked
 * once, nothing kept for its next version (see validateOnce).
 */
export function checkModelsToRun(conf: ConfFile, options: ValidationOptions, report: (d: HelmDiagnostic) => void, keep = true): void {
  if (options.modelsToRun.length > 0) return;
  let anyModel = false;
  let first: { parsed: ParsedDescription; wildcard: string } | undefined;
  let wildcardEntries = 0;
  for (const entry of conf.entries) {
    const parsed = entry.description?.parsed;
    if (!parsed) continue;
    const { namesModel, wildcard } = modelTestsOf(parsed, keep);
    if (namesModel) anyModel = true;
    if (wildcard === undefined) continue;
    wildcardEntries++;
    first ??= { parsed, wildcard };
  }
  if (first) {
    const { parsed, wildcard } = first;
    const arg = parsed.args.find((a) => wildcardRe(isAscii(a.piece.text)).test(a.piece.text));
    const span = arg ? (arg.key.text === 'model' && arg.value ? arg.value.span : arg.piece.span) : parsed.name.span;
    const others = wildcardEntries - 1;
    const more = others === 0 ? '' : others === 1 ? ' 1 more entry of this file names a wildcard too.' : ` ${others} more entries of this file name a wildcard too.`;
    report({
      code: 'wildcard-needs-models-to-run',
      severity: 'hint',
      message: `helm-run refuses \`model=${wildcard}\` without \`--models-to-run\` ("--models-to-run must be set (because the \`model=\` run expander expands to multiple models)").${more} Set \`helmConf.runSuite.modelsToRun\` or pass the flag.`,
      span,
    });
  }
  if (!anyModel && conf.entries.some((e) => e.description?.parsed) && conf.entriesField) {
    report({
      code: 'wildcard-needs-models-to-run',
      severity: 'hint',
      message: 'No entry of this file names `model=`: helm-run run on this file alone refuses to start without `--models-to-run` ("--models-to-run must be set (because the `model=` run expander is omitted)").',
      span: conf.entriesField.key.span,
    });
  }
}

/** Parser problems whose fix leaves what pyhocon reads unchanged (it adds no item for a stray comma): fix-all applies them. */
const SAFE_PARSER_FIXES: ReadonlySet<string> = new Set(['double-comma', 'leading-comma']);

/**
 * The parser's problems, with what the parser leaves to the services: the fixes `priority: "1"` → `1`,
 * `priority: 1.0` → `1`, and which fixes cannot change what HELM runs.
 */
export function withParserFixes(conf: ConfFile): HelmDiagnostic[] {
  // The priorities by where they start, found once (not by a search of every entry per problem).
  let priorities: Map<number, HoconValue> | undefined;
  return conf.problems.map((problem) => {
    if (SAFE_PARSER_FIXES.has(problem.code) && problem.fixes?.length) return { ...problem, fixes: problem.fixes.map((f) => ({ ...f, safe: true })) };
    if (problem.code !== 'priority-not-int' || problem.fixes?.length) return problem;
    priorities ??= new Map(conf.entries.flatMap((e) => (e.priority ? [[e.priority.node.span.start, e.priority.node] as const] : [])));
    return withPriorityFix(problem, priorities.get(problem.span.start));
  });
}

function withPriorityFix(problem: HelmDiagnostic, found: HoconValue | undefined): HelmDiagnostic {
  const node = found && found.span.end === problem.span.end ? found : undefined;
  let int: string | undefined;
  if (node?.kind === 'string' && /^\s*[+-]?\d+\s*$/.test(node.value)) int = String(parseInt(node.value.trim(), 10));
  else if (node?.kind === 'number' && Number.isInteger(node.value)) int = String(node.value);
  if (!node || int === undefined) return problem;
  return { ...problem, fixes: [{ title: `Change to the int \`${int}\``, edits: [{ span: node.span, newText: int }], isPreferred: true }] };
}
