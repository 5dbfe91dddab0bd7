// The JSON of the messages the server sends: the same text as JSON.stringify, the diagnostics sent again included.
import * as assert from 'assert';
import type { Message } from 'vscode-languageserver/node';
import { messageJson } from '../../server/src/lsp/messageEncoding';

const diagnostic = (line: number, message: string): object => ({
  range: { start: { line, character: 2 }, end: { line, character: 9 } },
  severity: 2,
  code: 'unknown-key',
  source: 'helm-conf',
  message,
  relatedInformation: [{ message: 'The first one "quoted" \u00e9', location: { uri: 'file:///a%20b.conf', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } } }],
});

describe('messageJson', () => {
  const kept = [diagnostic(3, '`prority`: same as line 3.'), diagnostic(4, 'a\nb \u2028 \\ "')];
  const messages: Array<[string, Message]> = [
    ['a push', { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///x.conf', version: 3, diagnostics: kept } } as Message],
    ['the same diagnostics pushed again, with a new one', { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///x.conf', version: 4, diagnostics: [...kept, diagnostic(9, 'new')] } } as Message],
    ['an empty push', { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///x.conf', diagnostics: [] } } as Message],
    ['a pull report', { jsonrpc: '2.0', id: 7, result: { kind: 'full', resultId: '2', items: kept } } as Message],
    ['an unchanged pull report', { jsonrpc: '2.0', id: 8, result: { kind: 'unchanged', resultId: '2' } } as Message],
    ['a uri that looks like the list', { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: '\u0000helm-conf-diagnostics\u0000', diagnostics: kept } } as Message],
    ['another message', { jsonrpc: '2.0', id: 9, result: { items: [{ label: 'x' }], isIncomplete: false } } as Message],
  ];
  for (const [what, message] of messages) {
    it(`${what}: the text of JSON.stringify`, () => {
      assert.strictEqual(messageJson(message), JSON.stringify(message));
      // Sent twice (the second time from the JSON kept), the same text.
      assert.strictEqual(messageJson(message), JSON.stringify(message));
    });
  }
});
