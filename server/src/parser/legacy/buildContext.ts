// What building the model from the CST needs at hand: the text, where to report problems, line numbers for messages.
import type { HelmDiagnostic } from '../../common/diagnostic';

export interface BuildContext {
  text: string;
  problems: HelmDiagnostic[];
  /** Line of an offset (1-based), for messages. */
  lineOf: (offset: number) => number;
  /** The text holds a backslash somewhere (most files hold none: their strings need no escape scan). */
  backslash?: boolean;
}
