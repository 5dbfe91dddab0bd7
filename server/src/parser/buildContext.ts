// What building the model from a parse's events needs at hand: the text and its tokens, the events, where to report problems, line numbers for messages.
import type { HelmDiagnostic } from '../common/diagnostic';
import type { TokenList } from './tokenKinds';

export interface BuildContext {
  text: string;
  tokens: TokenList;
  /** The parse's events (see events.ts). */
  ev: Int32Array;
  problems: HelmDiagnostic[];
  /** Line of an offset (1-based), for messages. */
  lineOf: (offset: number) => number;
  /** The text holds a backslash somewhere (most files hold none: their strings need no escape scan). */
  backslash?: boolean;
}
