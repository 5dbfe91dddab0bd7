// Identical diagnostics repeated in a file: each keeps its squiggle, the first its whole text; the others say "Same as line N" and point to it.
import type { HelmDiagnostic } from '../common/diagnostic';
import type { LineIndex } from '../common/span';

/**
 * The diagnostics with every repeat of an earlier one (same code, severity and message) shortened to
 * "Same as line N." and a related location on the first. The order and the ranges stay as they are.
 */
export function collapseRepeats(lines: LineIndex, diagnostics: readonly HelmDiagnostic[]): HelmDiagnostic[] {
  const first = new Map<string, HelmDiagnostic>();
  return diagnostics.map((d) => {
    const key = `${d.code}\u0000${d.severity}\u0000${d.message}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, d);
      return d;
    }
    const line = lines.positionAt(earlier.span.start).line + 1;
    return {
      ...d,
      message: `Same as line ${line}.`,
      related: [{ message: `The first one, with the whole message (line ${line})`, span: earlier.span }, ...(d.related ?? [])],
    };
  });
}
