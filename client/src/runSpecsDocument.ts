// "Show expanded RunSpecs": a read-only virtual document (scheme helm-runspecs) that follows its conf file,
// with Run suite's filters, filled in chunks of entries so that the first ones show at once in a long file.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { EXPAND_FILE_REQUEST, ExpandedEntry, ExpandFileParams, ExpandFileResult } from '../../server/src/common/protocol';
import { chunkRanges, formatExpansion, pendingNote } from './runSpecsText';
import { RunMemory } from './runSuite/runMemory';

export const RUNSPECS_SCHEME = 'helm-runspecs';
const REFRESH_DELAY_MS = 300;

/** The virtual document's uri for a conf file: the conf's uri travels in the query. */
export function runSpecsUri(confUri: vscode.Uri): vscode.Uri {
  const base = confUri.path.split('/').pop() ?? 'run_entries.conf';
  return vscode.Uri.from({ scheme: RUNSPECS_SCHEME, path: `/${base}.runspecs`, query: confUri.toString() });
}
interface Stream {
  text: string;
  stale: boolean;
  /** Settles once the first chunk is in `text`. */
  first: Promise<void>;
}

export class RunSpecsDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly streams = new Map<string, Stream>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly getClient: () => LanguageClient | undefined,
    private readonly memory: RunMemory,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => this.scheduleRefresh(e.document.uri)),
      // New Run suite answers: new filters for every open preview.
      memory.onDidChange(() => {
        for (const document of vscode.workspace.textDocuments) {
          if (document.uri.scheme === RUNSPECS_SCHEME) this.restart(document.uri);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.streams.delete(d.uri.toString())),
    ];
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    let stream = this.streams.get(uri.toString());
    if (!stream || stream.stale) {
      stream = this.start(uri);
      this.streams.set(uri.toString(), stream);
    }
    await stream.first;
    return stream.text;
  }

  /**
   * Expands the conf file chunk by chunk: statically first (at once, even in a long file), then, where HELM
   * answers (a trusted workspace with exact expansion), with HELM's own RunSpecs, chunk by chunk again.
   */
  private start(uri: vscode.Uri): Stream {
    const confUri = vscode.Uri.parse(uri.query);
    const confName = confUri.path.split('/').pop() ?? confUri.toString();
    let markFirst: () => void = () => undefined;
    const stream: Stream = { text: '', stale: false, first: new Promise<void>((resolve) => (markFirst = resolve)) };
    const filters = this.memory.filters(confUri);
    const exactToCome = vscode.workspace.isTrusted && vscode.workspace.getConfiguration('helmConf', confUri).get<boolean>('exactExpansion', true);
    void (async () => {
      try {
        const client = this.getClient();
        if (!client?.isRunning()) {
          stream.text = '# The HELM language server is not running.\n';
          return;
        }
        const conf = vscode.workspace.textDocuments.find((d) => d.uri.toString() === confUri.toString()) ?? (await vscode.workspace.openTextDocument(confUri));
        const ranges = chunkRanges(conf.lineCount);
        const chunks: ExpandedEntry[][] = [];
        for (const exact of exactToCome ? [false, true] : [false]) {
          for (const [index, [fromLine, toLine]] of ranges.entries()) {
            if (stream.stale) return;
            const params: ExpandFileParams = { uri: confUri.toString(), filters, fromLine, toLine, exact };
            chunks[index] = (await client.sendRequest<ExpandFileResult>(EXPAND_FILE_REQUEST, params)).entries;
            stream.text = formatExpansion(confName, chunks.flat(), filters, pendingNote(ranges, index, exact, exactToCome));
            if (!exact && index === 0) markFirst();
            else if (!stream.stale) this.changeEmitter.fire(uri);
          }
        }
      } catch (error) {
        stream.text = `# The expansion failed: ${error instanceof Error ? error.message : String(error)}\n`;
        if (!stream.stale) this.changeEmitter.fire(uri);
      } finally {
        markFirst();
      }
    })();
    return stream;
  }

  /** Starts the preview's expansion again (the conf file or the filters changed). */
  private restart(previewUri: vscode.Uri): void {
    const stream = this.streams.get(previewUri.toString());
    if (stream) stream.stale = true;
    this.changeEmitter.fire(previewUri);
  }

  /** Refreshes the open preview of a conf file a moment after its last edit. */
  private scheduleRefresh(confUri: vscode.Uri): void {
    const previewUri = runSpecsUri(confUri);
    const isOpen = vscode.workspace.textDocuments.some((d) => d.uri.toString() === previewUri.toString());
    if (!isOpen) return;
    const key = previewUri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.restart(previewUri);
    }, REFRESH_DELAY_MS));
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const s of this.subscriptions) s.dispose();
    this.changeEmitter.dispose();
  }
}

/** Opens the preview of a conf file beside it, scrolled to the entry on `line` (0-based) once its chunk is in. */
export async function showExpandedRunSpecs(confUri: vscode.Uri | undefined, line?: number): Promise<vscode.TextDocument | undefined> {
  const uri = confUri ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme === RUNSPECS_SCHEME) {
    void vscode.window.showInformationMessage('Open a HELM run entries file first.');
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(runSpecsUri(uri));
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  if (line !== undefined) void revealEntry(editor, line);
  return document;
}

/** Scrolls to the entry's heading, waiting (a while) for the chunk that holds it. */
async function revealEntry(editor: vscode.TextEditor, line: number): Promise<void> {
  const heading = `# line ${line + 1}:`;
  const deadline = Date.now() + 30000;
  for (;;) {
    const offset = editor.document.getText().indexOf(heading);
    if (offset >= 0) {
      const position = editor.document.positionAt(offset);
      editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.AtTop);
      return;
    }
    if (Date.now() > deadline || !/more coming\)/.test(editor.document.lineAt(0).text)) return;
    await new Promise<void>((resolve) => {
      const listener = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== editor.document) return;
        listener.dispose();
        resolve();
      });
      setTimeout(() => {
        listener.dispose();
        resolve();
      }, 1000);
    });
  }
}
