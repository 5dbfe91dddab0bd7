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
  return diagnostics.map((d) => {
    const earlier = first.get(d.message);
    if (!earlier) {
      first.set(d.message, d);
      return d;
    }
    if (earlier.code !== d.code || earlier.severity !== d.severity) return d;
    const line = conf.lines.positionAt(earlier.span.start).line + 1;
    const at = conf.text.slice(d.span.start, d.span.end).trim();
    const where = at && at.length <= 60 && !at.includes('`') && !/[\r\n]/.test(at) ? `\`${at}\`: same` : 'Same';
    return {
      ...d,
      message: `${where} as line ${line}.`,
      related: [{ message: `The first one, with the whole message (line ${line})`, span: earlier.span }, ...(d.related ?? [])],
    };
  });
}
