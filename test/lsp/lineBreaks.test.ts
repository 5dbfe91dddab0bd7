// Edits that join a `\r` and a `\n` into one line break (files with `\r` line ends, a client that writes `\r\n`): the diagnostics below stay on their lines.
import * as assert from 'assert';
import { DidChangeTextDocumentNotification, type Position } from 'vscode-languageserver-protocol';
import { parseMarkers } from '../helpers/markers';
import { TestClient } from './lspClient';

const ENTRY = '  {description: "mmlu:subject=anatomy,model=openai/gpt2", prority: 1}';
/** Where `prority` lies once the edit is made: line 1, after the description. */
const PRORITY = { start: { line: 1, character: 58 }, end: { line: 1, character: 65 } };

/** The text before the edit, with the range the edit replaces (`<|…|>`, or `<|>` for an insertion), and the text it writes. */
const ROWS: Array<{ name: string; before: string; insert: string }> = [
  { name: '`\\n` typed after a lone `\\r`', before: `entries: [\r<|>${ENTRY}\r]\r`, insert: '\n' },
  { name: 'text ending in `\\r` pasted before a lone `\\n`', before: `entries: [<|>\n${ENTRY}\n]\n`, insert: ' \r' },
  { name: 'the character between `\\r` and `\\n` deleted', before: `entries: [\r<|x|>\n${ENTRY}\n]\n`, insert: '' },
  { name: 'blank lines after a lone `\\r` replaced by `\\n`', before: `entries: [\r<|\r\r|>${ENTRY}\r]\r`, insert: '\n' },
];

/** The LSP position of an offset (`\r\n`, `\r` and `\n` end a line). */
function positionAt(text: string, offset: number): Position {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

describe('language server: edits that join `\\r` and `\\n`', function () {
  this.timeout(30000);
  let client: TestClient | undefined;
  before(async () => (client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 } })));
  after(() => client?.kill());

  ROWS.forEach(({ name, before, insert }, i) => {
    it(`${name}: \`prority\` is reported on its line`, async () => {
      const uri = `file:///line-breaks/${i}/run_entries.conf`;
      const { text, cursors, ranges } = parseMarkers(before);
      const [start, end] = cursors.length ? [cursors[0], cursors[0]] : [ranges[0].start, ranges[0].end];
      await client!.open(uri, text, 1);
      await client!.waitForDiagnostics(uri, (p) => p.version === 1);
      await client!.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: insert }],
      });
      const { diagnostics } = await client!.waitForDiagnostics(uri, (p) => p.version === 2);
      assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.range]), [['unknown-entry-key', PRORITY]]);
    });
  });
});
