// parseConf: text → typed model of a conf file with every problem found: line by line for the usual layout, else from its tokens, else through a recovering parse's events where the file has a syntax error; never throws.
import type { HelmDiagnostic } from '../common/diagnostic';
import { LineIndex } from '../common/span';
import type { BuildContext } from './buildContext';
import { foreignProblems, tokenProblems } from './confSyntax';
import { checkAppends } from './confChecks';
import { buildDirect } from './directBuild';
import { buildFromRecovery } from './eventBuild';
import { buildLines } from './lineBuild';
import { readRunEntries } from './runEntries';
import type { TokenList } from './tokenKinds';
import { scanConf } from './scanner';
import type { RootModel } from './confValues';
import type { ConfFile, HoconComment } from './types';

export type { ConfFile } from './types';

export function parseConf(text: string): ConfFile {
  return parseSafely(text, 'lines');
}

/** parseConf without the line reader: every file from its tokens (the model the line reader is held to, test/unit/lineBuild.test.ts). */
export function parseConfFromTokens(text: string): ConfFile {
  return parseSafely(text, 'tokens');
}

/** parseConf through Chevrotain's recovering parse, whatever the text: the model parseConf must give for a text without a syntax error. */
export function parseConfRecovering(text: string): ConfFile {
  return parseSafely(text, 'recovering');
}

/** How a text is read: by the line reader where it can, else from its tokens where they hold no syntax error, else by the recovering parse (`lines`); from the tokens, else by the recovering parse (`tokens`); by the recovering parse (`recovering`). */
type Way = 'lines' | 'tokens' | 'recovering';

/** A text the direct build gives up on (an entry without its `}`): reading it takes the recovering parse. */
export const RECOVERY_WARM_UP = 'entries: [\n  {description: "mmlu:subject=anatomy", priority: 1\n]\n';

/**
 * Loads Chevrotain's recovering parse and reads a small broken text with it once. Its first use costs
 * some 20 ms (the library loaded, the grammar analysed); the language server calls this once it has
 * started, so that the first syntax error the user types is read as fast as the later ones.
 */
export function warmUpRecovery(): void {
  parseConf(RECOVERY_WARM_UP);
}

function parseSafely(text: string, way: Way): ConfFile {
  const lines = new LineIndex(text);
  try {
    return parseUnsafe(text, lines, way);
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
 * A file written as nearly every run entry file is (see lineBuild.ts) is read line by line, with no
 * token list. Any other file without a syntax error is built straight from its tokens; a file with one
 * (or nested deeper than the limit) is read by Chevrotain's parser, whose recovery goes on past each
 * error, and built from that parse's events. Chevrotain is loaded then, not before. The recovering
 * parse is the reference the tokens' build is held to (test/unit/directBuild.test.ts), and the tokens'
 * build the one the line reader is held to (test/unit/lineBuild.test.ts).
 */
function parseUnsafe(text: string, lines: LineIndex, way: Way): ConfFile {
  const problems: HelmDiagnostic[] = [];
  const read = way === 'lines' ? buildLines(text) : undefined;
  if (read !== undefined) return modelOf(text, lines, read.model, read.comments, problems);
  const scanned = scanConf(text, spare);
  spare = undefined;
  foreignProblems(text, scanned.foreign, problems);
  if (scanned.notable) tokenProblems(text, scanned.tokens, problems);
  const lineOf = (offset: number): number => lines.positionAt(offset).line + 1;
  const backslash = text.includes('\\');
  const ctx: BuildContext = { text, tokens: scanned.tokens, ev: NO_EVENTS, problems, lineOf, backslash, plain: !backslash && !text.includes('\t') && !(text.includes('\r') && text.includes('"""')) };
  const wholeFile = { start: 0, end: text.length };
  const model = (way !== 'recovering' && buildDirect(ctx, wholeFile)) || buildFromRecovery(ctx, wholeFile);
  // The model keeps no token: the next parse fills the same list, unless it grew too large to keep.
  if (scanned.tokens.kind.length <= SPARE_MAX) spare = scanned.tokens;
  return modelOf(text, lines, model, scanned.comments, problems);
}

/** The file's model from what a builder made of it: its run entries read, and every problem in document order. */
function modelOf(text: string, lines: LineIndex, model: RootModel, comments: HoconComment[], problems: HelmDiagnostic[]): ConfFile {
  checkAppends(model.root, text, problems);
  const { entriesField, entries } = readRunEntries(model.root, model.rootIsList, text, problems);
  problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { text, lines, root: model.root, comments, ...(entriesField ? { entriesField } : {}), entries, problems };
}

const NO_EVENTS = new Int32Array(0);

/** A token list to fill at the next parse (none while a parse is under way), kept while it holds room for at most SPARE_MAX tokens (9 bytes each). */
let spare: TokenList | undefined;
const SPARE_MAX = 1 << 16;
