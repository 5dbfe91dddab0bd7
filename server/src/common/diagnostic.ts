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
  /**
   * `newText` of the edits is an LSP snippet (`${1:placeholder}`): an editor that can insert it puts
   * the cursor at the first tab stop and opens the value list there; others insert its plain text.
   */
  snippet?: boolean;
  /** A value to pick from the list at the cursor: only worth offering where the snippet is inserted as such. */
  choice?: boolean;
  /** HELM reads the file the same way before and after: fix-all applies it (on save too). */
  safe?: boolean;
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
