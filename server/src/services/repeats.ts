// Identical diagnostics repeated in a file: each keeps its squiggle, the first its whole text; the others say "Same as line N" and point to it.
import type { HelmDiagnostic } from '../common/diagnostic';
import type { ConfFile } from '../parser/types';

/**
 * The diagnostics with every repeat of an earlier one (same code, severity and message) shortened to
 * "`text`: same as line N." (the text under its range, so that a long line says where) and a related
 * location on the first. The order and the ranges stay as they are.
 */
export function collapseRepeats(conf: Pick<ConfFile, 'lines' | 'text'>, diagnostics: readonly HelmDiagnostic[]): HelmDiagnostic[] {
  // Keyed by the message itself: a message of an entry not edited is the same string from one keystroke
  // to the next, whose hash V8 keeps (a key built by concatenation would be hashed again every time).
  const first = new Map<string, HelmDiagnostic>();
  // The line of each first one, found once per call.
  const lineOf = new Map<HelmDiagnostic, number>();
  return diagnostics.map((d) => {
    const earlier = first.get(d.message);
    if (!earlier) {
      first.set(d.message, d);
      return d;
    }
    if (earlier.code !== d.code || earlier.severity !== d.severity) return d;
    let line = lineOf.get(earlier);
    if (line === undefined) {
      line = conf.lines.positionAt(earlier.span.start).line + 1;
      lineOf.set(earlier, line);
    }
    // The same object as in the last version (its entry not re-read, so the same text under it), the same first one on the same line.
    const hit = collapsed.get(d);
    if (hit && hit.earlier === earlier && hit.line === line && hit.length === d.span.end - d.span.start && hit.related === d.related) return hit.repeat;
    const at = conf.text.slice(d.span.start, d.span.end).trim();
    const where = at && at.length <= 60 && !at.includes('`') && !/[\r\n]/.test(at) ? `\`${at}\`: same` : 'Same';
    const repeat = {
      ...d,
      message: `${where} as line ${line}.`,
      related: [{ message: `The first one, with the whole message (line ${line})`, span: earlier.span }, ...(d.related ?? [])],
    };
    collapsed.set(d, { earlier, line, length: d.span.end - d.span.start, related: d.related, repeat });
    return repeat;
  });
}

/** The shortened form of each repeat, kept while the diagnostic is the same object (see validation's shown forms). */
const collapsed = new WeakMap<HelmDiagnostic, { earlier: HelmDiagnostic; line: number; length: number; related: HelmDiagnostic['related']; repeat: HelmDiagnostic }>();
