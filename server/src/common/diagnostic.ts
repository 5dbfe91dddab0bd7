// What every service reports: diagnostics with a stable code, and the quick fixes that go with them.
import type { Span } from './span';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A replacement of the text in `span` (offsets into the document) by `newText`. */
export interface TextEdit {
  span: Span;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix an editor may apply on its own ("preferred"). */
  isPreferred?: boolean;
  /** `newText` of the edits is an LSP snippet (`${1:placeholder}`). */
  snippet?: boolean;
}

/** A place outside the diagnostic's own range: in this document (span) or in another file (path + 0-based line). */
export interface RelatedLocation {
  message: string;
  span?: Span;
  path?: string;
  line?: number;
  character?: number;
}

export interface HelmDiagnostic {
  /** Stable rule code, e.g. `unknown-run-spec-function`; see services/rules.ts. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedLocation[];
  fixes?: QuickFix[];
  tags?: Array<'unnecessary' | 'deprecated'>;
}
