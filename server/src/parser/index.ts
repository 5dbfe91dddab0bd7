// parseConf: text → tokens → the parse's events → typed model of a conf file with every problem found; never throws.
import type { HelmDiagnostic } from '../common/diagnostic';
import { LineIndex } from '../common/span';
import type { BuildContext } from './buildContext';
import { foreignProblems, tokenProblems } from './confSyntax';
import { buildArray, buildMembers, buildObject } from './confValues';
import { ARRAY, childNode, CONF_FILE, MEMBERS, OBJECT, type ParseEvents } from './events';
import { limitNesting } from './nesting';
import { recognize } from './recognizer';
import { readRunEntries } from './runEntries';
import { scanConf } from './scanner';
import { syntaxProblems } from './syntaxErrors';
import type { TokenList } from './tokenKinds';
import type { ConfFile, HoconObject } from './types';

export type { ConfFile } from './types';

export function parseConf(text: string): ConfFile {
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

/**
 * The events of a file without a syntax error come from the recognizer; a file with one (or nested
 * deeper than the limit) is read by Chevrotain's parser, whose recovery goes on past each error.
 * Chevrotain is loaded then, not before.
 */
function parseTokens(text: string, tokens: TokenList, lineOf: (offset: number) => number, problems: HelmDiagnostic[]): { tokens: TokenList; events: ParseEvents } {
  const events = recognize(tokens);
  if (events) return { tokens, events };
  const limited = limitNesting(tokens, problems);
  const { parseWithRecovery } = require('./confParser') as typeof import('./confParser');
  const parsed = parseWithRecovery(text, limited);
  syntaxProblems(parsed.errors, text, limited, lineOf, problems);
  return { tokens: limited, events: parsed.events };
}

function parseUnsafe(text: string, lines: LineIndex): ConfFile {
  const problems: HelmDiagnostic[] = [];
  const scanned = scanConf(text);
  foreignProblems(text, scanned.foreign, problems);
  tokenProblems(text, scanned.tokens, problems);
  const lineOf = (offset: number): number => lines.positionAt(offset).line + 1;
  const { tokens, events } = parseTokens(text, scanned.tokens, lineOf, problems);

  const ev = events.buf;
  const ctx: BuildContext = { text, tokens, ev, problems, lineOf, backslash: text.includes('\\') };
  const wholeFile = { start: 0, end: text.length };
  let root: HoconObject = { kind: 'object', braces: false, fields: [], includes: [], span: wholeFile };
  let rootIsList = false;
  const top = ev[0] === -(CONF_FILE + 1) ? 0 : -1;
  const arrayNode = top < 0 ? -1 : childNode(ev, top, ARRAY);
  const objectNode = top < 0 ? -1 : childNode(ev, top, OBJECT);
  const membersNode = top < 0 ? -1 : childNode(ev, top, MEMBERS);
  if (arrayNode >= 0) {
    buildArray(arrayNode, ctx);
    rootIsList = true;
  } else if (objectNode >= 0) {
    root = buildObject(objectNode, ctx);
  } else if (membersNode >= 0) {
    root = { ...root, ...buildMembers(membersNode, ctx) };
  }
  const { entriesField, entries } = readRunEntries(root, rootIsList, text, problems);
  problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { text, lines, root, comments: scanned.comments, ...(entriesField ? { entriesField } : {}), entries, problems };
}
