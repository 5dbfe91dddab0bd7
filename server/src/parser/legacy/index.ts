// The parse as it was before the model was built straight from the tokens (CST and all), kept only to compare the two: test/unit/parserPaths.test.ts.
import type { CstNode } from 'chevrotain';
import type { HelmDiagnostic } from '../../common/diagnostic';
import { LineIndex } from '../../common/span';
import { MAX_SYNTAX_ERRORS, parseTokens } from './confParser';
import { foreignProblems, syntaxProblems, tokenProblems } from './confSyntax';
import type { BuildContext } from './buildContext';
import { buildArray, buildMembers, buildObject } from './confValues';
import { limitNesting } from './nesting';
import { readRunEntries } from './runEntries';
import { tokenizeConf } from './tokens';
import type { ConfFile, HoconComment, HoconObject } from '../types';

export function parseConfLegacy(text: string): ConfFile {
  const lines = new LineIndex(text);
  try {
    return parseUnsafe(text, lines);
  } catch (err) {
    return {
      text,
      lines,
      root: { kind: 'object', braces: false, fields: [], includes: [], span: { start: 0, end: text.length } },
      comments: [],
      entries: [],
      problems: [
        {
          code: 'syntax-error',
          severity: 'error',
          message: `This file could not be read (${err instanceof Error ? err.message : String(err)}).`,
          span: { start: 0, end: 0 },
        },
      ],
    };
  }
}

function parseUnsafe(text: string, lines: LineIndex): ConfFile {
  const problems: HelmDiagnostic[] = [];
  const lexed = tokenizeConf(text);
  // Pushed, not mapped: optimized and unoptimized `map` give arrays V8 stores differently, and the
  // incremental update's compiled code is thrown away whenever the kind it has seen changes.
  const comments: HoconComment[] = [];
  for (const t of lexed.comments) {
    const style = t.image.startsWith('#') ? '#' : '//';
    comments.push({ span: { start: t.startOffset, end: t.startOffset + t.image.length }, style, text: t.image.slice(style.length) });
  }
  foreignProblems(lexed.foreign, problems);
  tokenProblems(lexed.tokens, problems);
  const tokens = limitNesting(lexed.tokens, problems);

  const { cst, errors } = parseTokens(tokens);
  const lineOf = (offset: number): number => lines.positionAt(offset).line + 1;
  syntaxProblems(errors.slice(0, MAX_SYNTAX_ERRORS), tokens, lineOf, problems);

  const ctx: BuildContext = { text, problems, lineOf, backslash: text.includes('\\') };
  const wholeFile = { start: 0, end: text.length };
  let root: HoconObject = { kind: 'object', braces: false, fields: [], includes: [], span: wholeFile };
  let rootIsList = false;
  const child = (name: string): CstNode | undefined => cst.children[name]?.[0] as CstNode | undefined;
  const arrayNode = child('array');
  const objectNode = child('object');
  const membersNode = child('members');
  if (arrayNode) {
    buildArray(arrayNode, ctx);
    rootIsList = true;
  } else if (objectNode) {
    root = buildObject(objectNode, ctx);
  } else if (membersNode) {
    root = { ...root, ...buildMembers(membersNode, ctx) };
  }
  const { entriesField, entries } = readRunEntries(root, rootIsList, text, problems);
  problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { text, lines, root, comments, ...(entriesField ? { entriesField } : {}), entries, problems };
}
