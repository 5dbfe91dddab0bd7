// FramingGuard: well-framed messages pass unchanged however the bytes are split; a bad header costs that message only.
import * as assert from 'assert';
import { FramingGuard } from '../../server/src/lsp/framing';

const framed = (body: string): string => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

/** What comes out of the guard for `input` written in pieces of `piece` bytes, and the reasons of what it dropped. */
async function through(input: string, piece: number): Promise<{ out: string; dropped: string[] }> {
  const dropped: string[] = [];
  const guard = new FramingGuard((reason) => dropped.push(reason));
  const chunks: Buffer[] = [];
  guard.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => guard.on('end', resolve));
  const bytes = Buffer.from(input, 'utf8');
  for (let i = 0; i < bytes.length; i += piece) guard.write(bytes.subarray(i, i + piece));
  guard.end();
  await done;
  return { out: Buffer.concat(chunks).toString('utf8'), dropped };
}

const a = framed('{"jsonrpc":"2.0","id":1,"method":"x","params":{"text":"é Content-Length: 3"}}');
const b = `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n${framed('{"jsonrpc":"2.0","method":"y"}')}`;

describe('FramingGuard', () => {
  const rows: Array<{ name: string; input: string; out: string; dropped: RegExp[] }> = [
    { name: 'two messages (one with a Content-Type header and a non-ASCII body)', input: a + b, out: a + b, dropped: [] },
    { name: 'a header without Content-Length, then a message', input: `Content-Type: x\r\n\r\n{"id":2}${a}`, out: a, dropped: [/^a header without Content-Length$/] },
    { name: 'a Content-Length that is not a number', input: `Content-Length: 1e3\r\n\r\n{}${b}`, out: b.slice(b.indexOf('Content-Length')), dropped: [/^a Content-Length that is not a number \("1e3"\)$/] },
    { name: 'a header line without a colon', input: `Content-Length 2\r\n\r\n{}${a}`, out: a, dropped: [/^a header line without a colon \("Content-Length 2"\)$/] },
    { name: 'a body length of 0', input: `Content-Length: 0\r\n\r\n${a}`, out: `Content-Length: 0\r\n\r\n${a}`, dropped: [] },
    // In small pieces the limit is reached first; at once, the garbage and the next header read as one bad header line.
    { name: 'garbage with no header end, then a message', input: `${'x'.repeat(9000)}${a}`, out: a, dropped: [/^no end of header within 8192 bytes$|^a header without Content-Length$/] },
  ];
  for (const row of rows) {
    for (const piece of [1, 7, 1 << 20]) {
      it(`${row.name}, written ${piece === 1 << 20 ? 'at once' : `${piece} byte(s) at a time`}`, async () => {
        const { out, dropped } = await through(row.input, piece);
        assert.strictEqual(out, row.out);
        assert.strictEqual(dropped.length, row.dropped.length, dropped.join('\n'));
        dropped.forEach((reason, i) => assert.match(reason, row.dropped[i]));
      });
    }
  }
});
