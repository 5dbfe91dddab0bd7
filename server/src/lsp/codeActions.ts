// Code actions: the quick fixes of the diagnostics under the cursor (snippets through the client's command), and fix-all.
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { HelmDiagnostic, QuickFix } from '../common/diagnostic';
import { FIX_ALL_KIND, INSERT_SNIPPET_COMMAND } from '../common/protocol';
import { runSafe, type ServerContext } from './context';
import { sameRange, snippetToText, toLspDiagnostic, toRange } from './convert';
import { validationSettings } from './settings';

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']): boolean => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

/**
 * The code action of one fix. A snippet fix, where the client has the insert-snippet command, is that
 * command (LSP 3.17 workspace edits take plain text only): the client inserts the snippet, puts the
 * cursor at its first tab stop and opens the value list there. Elsewhere the snippet's plain text is
 * the edit, and a fix that is only a choice from that list is not offered.
 */
function toCodeAction(doc: TextDocument, uri: string, fix: QuickFix, diagnostic: Diagnostic, insertSnippet: boolean): CodeAction | undefined {
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] };
  if (fix.isPreferred) action.isPreferred = true;
  if (fix.snippet && insertSnippet && fix.edits.length === 1) {
    const e = fix.edits[0];
    action.command = { title: fix.title, command: INSERT_SNIPPET_COMMAND, arguments: [uri, toRange(doc, e.span), e.newText] };
    return action;
  }
  if (fix.choice) return undefined;
  const edits: LspTextEdit[] = fix.edits.map((e) => ({ range: toRange(doc, e.span), newText: fix.snippet ? snippetToText(e.newText) : e.newText }));
  action.edit = { changes: { [uri]: edits } };
  return action;
}

/**
 * Quick fixes for the diagnostics the client sends back: each client diagnostic is matched to ours
 * by code and range, and every fix of ours becomes a code action with that diagnostic attached.
 */
export function quickFixActions(
  doc: TextDocument,
  uri: string,
  ours: readonly HelmDiagnostic[],
  theirs: readonly Diagnostic[],
  range?: Range,
  insertSnippet = false,
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of ours) {
    if (!d.fixes?.length) continue;
    const r = toRange(doc, d.span);
    const match = theirs.find((t) => String(t.code ?? '') === d.code && sameRange(t.range, r));
    // Without the client's diagnostics (some clients send none), offer the fixes of ours under the range.
    if (!match && (theirs.length || !range || !overlaps(r, range))) continue;
    const diagnostic = match ?? toLspDiagnostic(d, doc, uri);
    for (const fix of d.fixes) {
      const action = toCodeAction(doc, uri, fix, diagnostic, insertSnippet);
      if (action) actions.push(action);
    }
  }
  return actions;
}

/** Does a request for `only` these kinds (all when absent) take actions of `kind`? */
const wanted = (only: readonly string[] | undefined, kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));

export function registerCodeActions(ctx: ServerContext): void {
  ctx.connection.onCodeAction((p) =>
    runSafe<CodeAction[]>(ctx, 'codeAction', [], () => {
      const uri = p.textDocument.uri;
      const o = ctx.open(uri);
      // A conf file, or a runner_config.yaml (quick fixes only).
      const doc = o?.doc ?? ctx.runnerConfig(uri)?.doc;
      if (!doc) return [];
      const only = p.context.only;
      const actions: CodeAction[] = [];
      if (wanted(only, CodeActionKind.QuickFix)) {
        actions.push(...quickFixActions(doc, uri, ctx.diagnostics(uri), p.context.diagnostics, p.range, ctx.insertSnippetCommand()));
      }
      // Fix-all re-reads the file: only when asked for by kind (Source Action…, on save), not on every cursor move.
      if (o && only && wanted(only, FIX_ALL_KIND)) {
        const result = ctx.service.fixAll(o.doc.getText(), ctx.registry(), validationSettings(ctx.settings()));
        if (result.edit) {
          actions.push({
            title: `Fix ${result.fixed} problem${result.fixed === 1 ? '' : 's'} that cannot change what HELM runs`,
            kind: FIX_ALL_KIND,
            edit: { changes: { [uri]: [{ range: toRange(o.doc, result.edit.span), newText: result.edit.newText }] } },
          });
        }
      }
      return actions;
    }),
  );
}
