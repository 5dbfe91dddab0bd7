// parseConf: text → tokens → typed model of a conf file with every problem found (through a recovering parse's events where the file has a syntax error); never throws.
import type { HelmDiagnostic } from '../common/diagnostic';
import { LineIndex } from '../common/span';
import type { BuildContext } from './buildContext';
import { foreignProblems, tokenProblems } from './confSyntax';
import { checkAppends } from './confChecks';
import { buildDirect } from './directBuild';
import { buildFromRecovery } from './eventBuild';
import { readRunEntries } from './runEntries';
import type { TokenList } from './tokenKinds';
import { scanConf } from './scanner';
import type { ConfFile } from './types';

export type { ConfFile } from './types';

export function parseConf(text: string): ConfFile {
  return parseSafely(text, false);
}

/** parseConf through Chevrotain's recovering parse, whatever the text: the model parseConf must give for a text without a syntax error. */
export function parseConfRecovering(text: string): ConfFile {
  return parseSafely(text, true);
}

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

function parseSafely(text: string, recovering: boolean): ConfFile {
  const lines = new LineIndex(text);
  try {
    return parseUnsafe(text, lines, recovering);
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
 * A file without a syntax error is built straight from its tokens; a file with one (or nested deeper
 * than the limit) is read by Chevrotain's parser, whose recovery goes on past each error, and built
 * from that parse's events. Chevrotain is loaded then, not before. `recovering` takes the second way
 * for any file: the reference the first is held to (test/unit/directBuild.test.ts).
 */
function parseUnsafe(text: string, lines: LineIndex, recovering: boolean): ConfFile {
  const problems: HelmDiagnostic[] = [];
  const scanned = scanConf(text, spare);
  spare = undefined;
  foreignProblems(text, scanned.foreign, problems);
  if (scanned.notable) tokenProblems(text, scanned.tokens, problems);
  const lineOf = (offset: number): number => lines.positionAt(offset).line + 1;
  const backslash = text.includes('\\');
  const ctx: BuildContext = { text, tokens: scanned.tokens, ev: NO_EVENTS, problems, lineOf, backslash, plain: !backslash && !text.includes('\t') && !(text.includes('\r') && text.includes('"""')) };
  const wholeFile = { start: 0, end: text.length };
  const model = (!recovering && buildDirect(ctx, wholeFile)) || buildFromRecovery(ctx, wholeFile);
  checkAppends(model.root, text, problems);
  const { entriesField, entries } = readRunEntries(model.root, model.rootIsList, text, problems);
  problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  // The model keeps no token: the next parse fills the same list, unless it grew too large to keep.
  if (scanned.tokens.kind.length <= SPARE_MAX) spare = scanned.tokens;
  return { text, lines, root: model.root, comments: scanned.comments, ...(entriesField ? { entriesField } : {}), entries, problems };
}

const NO_EVENTS = new Int32Array(0);

/** A token list to fill at the next parse (none while a parse is under way), kept while it holds room for at most SPARE_MAX tokens (9 bytes each). */
let spare: TokenList | undefined;
const SPARE_MAX = 1 << 16;
