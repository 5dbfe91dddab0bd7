// runner_config.yaml in the language server: its documents (told apart by file name), parsed once per change of their text, and its completion and hover answers.
import type { CompletionList, Hover, Position, TextDocuments } from 'vscode-languageserver/node';
import { MarkupKind } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { getRunnerConfigService, isRunnerConfigPath, type RunnerConfigDocument } from '../runnerConfig/index';
import { toLspCompletions, toLspHoverMarkdown, type CompletionShape } from './serviceShapes';

export const runnerConfigService = getRunnerConfigService();

export interface OpenRunnerConfig {
  doc: TextDocument;
  parsed: RunnerConfigDocument;
}

/** The open runner_config.yaml documents, each parsed once per revision of its text (a client may repeat a version number). */
export class RunnerConfigDocuments {
  private readonly parsed = new Map<string, { revision: number; parsed: RunnerConfigDocument }>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly revision: (uri: string) => number,
  ) {}

  /** The open document when it is a runner_config.yaml, with its parse. */
  get(uri: string): OpenRunnerConfig | undefined {
    if (!isRunnerConfigPath(uri)) return undefined;
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const hit = this.parsed.get(uri);
    const revision = this.revision(uri);
    if (hit && hit.revision === revision) return { doc, parsed: hit.parsed };
    const parsed = runnerConfigService.parse(doc.getText());
    this.parsed.set(uri, { revision, parsed });
    return { doc, parsed };
  }

  delete(uri: string): void {
    this.parsed.delete(uri);
  }
}

export function runnerConfigCompletions(open: OpenRunnerConfig, position: Position, snippets: boolean, shape: CompletionShape): CompletionList {
  const result = runnerConfigService.complete(open.parsed, open.doc.offsetAt(position), { snippets });
  return toLspCompletions(open.doc, result, undefined, shape);
}

export function runnerConfigHover(open: OpenRunnerConfig, position: Position): Hover | null {
  const hover = toLspHoverMarkdown(open.doc, runnerConfigService.hover(open.parsed, open.doc.offsetAt(position)));
  return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, ...(hover.range ? { range: hover.range } : {}) } : null;
}
