// What building the model needs at hand: the text and its tokens, a recovering parse's events, where to report problems, line numbers for messages.
import type { HelmDiagnostic } from '../common/diagnostic';
import type { TokenList } from './tokenKinds';

export interface BuildContext {
  text: string;
  tokens: TokenList;
  /** The recovering parse's events (see events.ts); none for a file built straight from its tokens. */
  ev: Int32Array;
  problems: HelmDiagnostic[];
  /** Line of an offset (1-based), for messages. */
  lineOf: (offset: number) => number;
  /** The text holds a backslash somewhere (most files hold none: their strings need no escape scan). */
  backslash?: boolean;
  /**
   * The text holds neither a backslash nor a tab, nor a `\r` that a `"""` string could hold (HELM reads it as
   * `\n`): every string is its text as written, with nothing to decode.
   */
  plain?: boolean;
}
