// An edit inside one run entry of a long file: the other entries' diagnostics are kept from one version to the next, down to the client's form, and equal a full parse's.
import * as assert from 'assert';
import type { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toLspDiagnosticsInSlices } from '../../server/src/lsp/convert';
import { parseConf } from '../../server/src/parser/index';
import { updateConf } from '../../server/src/parser/incremental';
import type { ConfFile } from '../../server/src/parser/types';
import type { Registry } from '../../server/src/registry/types';
import { collapseRepeats } from '../../server/src/services/repeats';
import { validate } from '../../server/src/services/validation';
import { generatedConf } from '../helpers/generatedConf';
import { describeWithRegistry } from '../helpers/registry';

const URI = 'file:///work/run_entries_long.conf';
const ENTRIES = 2000;

/** What the client is sent for `conf` (repeats shortened, as the server does). */
function clientDiagnostics(conf: ConfFile, registry: Registry): Diagnostic[] {
  const doc = TextDocument.create(URI, 'helm-conf', 1, conf.text);
  const steps = toLspDiagnosticsInSlices(collapseRepeats(conf, validate(conf, registry)), doc, URI);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** `text` with `inserted` put at `character` of 0-based `line`. */
function insertAt(text: string, line: number, character: number, inserted: string): string {
  const lines = text.split('\n');
  lines[line] = lines[line].slice(0, character) + inserted + lines[line].slice(character);
  return lines.join('\n');
}

describeWithRegistry('an edit inside one entry of a long file', (registry) => {
  it('sends what a full parse gives, every diagnostic of the other entries kept as it was (the same object)', () => {
    let text = generatedConf(ENTRIES, 'diagnostics');
    let conf = parseConf(text);
    let before = clientDiagnostics(conf, registry);
    assert.ok(before.length > ENTRIES, `${before.length} diagnostics`);
    // `x` typed into the run spec function name of entries in the middle, near the start and at the end, then deleted.
    // (Not the first entry: the first of a repeated message edited, its repeats say "same as line N" anew.)
    for (const line of [1002, 1002, 4, 4, 2001, 2001]) {
      const typed = text.split('\n')[line].includes('mmxlu');
      const next = typed ? text.replace('mmxlu', 'mmlu') : insertAt(text, line, text.split('\n')[line].indexOf('mmlu') + 2, 'x');
      conf = updateConf(conf, next);
      const after = clientDiagnostics(conf, registry);
      assert.deepStrictEqual(after, clientDiagnostics(parseConf(next), registry), `line ${line}`);
      const kept = new Set(before);
      const made = after.filter((d) => !kept.has(d));
      assert.ok(made.length > 0 && made.length <= 3, `line ${line}: ${made.length} diagnostics made again`);
      for (const d of made) assert.strictEqual(d.range.start.line, line, JSON.stringify(d));
      text = next;
      before = after;
    }
  });

  it('moves the diagnostics below a line added between entries to their new lines, as a full parse has them', () => {
    const text = generatedConf(ENTRIES, 'diagnostics');
    const conf = parseConf(text);
    const before = clientDiagnostics(conf, registry);
    const lines = text.split('\n');
    const next = [...lines.slice(0, 1003), '', ...lines.slice(1003)].join('\n');
    const after = clientDiagnostics(updateConf(conf, next), registry);
    assert.deepStrictEqual(after, clientDiagnostics(parseConf(next), registry));
    // Those above the new line are kept as they were.
    const kept = new Set(before);
    assert.ok(after.filter((d) => d.range.start.line < 1003).every((d) => kept.has(d)));
  });
});
