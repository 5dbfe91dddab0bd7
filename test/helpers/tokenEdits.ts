// What an editor does with a `semanticTokens/full/delta` answer: the previous numbers with the edits applied.
import type { SemanticTokensEdit } from 'vscode-languageserver-protocol';

/** The edits apply to `previous` as it was: from the last one back, so that each start still holds. */
export function applyTokenEdits(previous: readonly number[], edits: readonly SemanticTokensEdit[]): number[] {
  let out = previous.slice();
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start).concat(e.data ?? [], out.slice(e.start + e.deleteCount));
  return out;
}
