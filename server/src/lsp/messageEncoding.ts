// The JSON of the messages sent to the client, with that of each diagnostic kept while it is the same object: a list of a hundred thousand is not encoded anew at every keystroke.
import type { ContentTypeEncoder, Message } from 'vscode-languageserver/node';

/** The JSON of each diagnostic sent (an object sent is never changed: a new version is a new object). */
const encoded = new WeakMap<object, string>();

/** Stands for the list in the JSON of the rest of the message (a string no uri or message holds). */
const HOLE = '\u0000helm-conf-diagnostics\u0000';
const HOLE_JSON = JSON.stringify(HOLE);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `JSON.stringify(items)`, from the JSON kept of each item. */
function listJson(items: readonly unknown[]): string {
  const parts = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isRecord(item)) {
      parts[i] = JSON.stringify(item) ?? 'null';
      continue;
    }
    let json = encoded.get(item);
    if (json === undefined) {
      json = JSON.stringify(item);
      encoded.set(item, json);
    }
    parts[i] = json;
  }
  return `[${parts.join(',')}]`;
}

/** `holder` with `key` standing for `list`, as JSON: that of the rest of the message with the list's put in. */
function withList(message: Message, path: 'params' | 'result', holder: Record<string, unknown>, key: string, list: readonly unknown[]): string {
  const json = JSON.stringify({ ...message, [path]: { ...holder, [key]: HOLE } });
  const at = json.lastIndexOf(HOLE_JSON);
  return json.slice(0, at) + listJson(list) + json.slice(at + HOLE_JSON.length);
}

/** The same text as `JSON.stringify(message)`. */
export function messageJson(message: Message): string {
  const m = message as { method?: unknown; params?: unknown; result?: unknown };
  // A push of a document's diagnostics, or the full report of a pull.
  if (m.method === 'textDocument/publishDiagnostics' && isRecord(m.params) && Array.isArray(m.params.diagnostics)) {
    return withList(message, 'params', m.params, 'diagnostics', m.params.diagnostics);
  }
  if (isRecord(m.result) && m.result.kind === 'full' && Array.isArray(m.result.items)) return withList(message, 'result', m.result, 'items', m.result.items);
  return JSON.stringify(message);
}

/** vscode-jsonrpc's JSON encoder, through messageJson. */
export const messageEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode: (message, options) => {
    try {
      return Promise.resolve(Buffer.from(messageJson(message), options.charset));
    } catch (err) {
      return Promise.reject(err);
    }
  },
};
