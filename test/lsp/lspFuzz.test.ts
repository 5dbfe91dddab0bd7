// Seeded fuzzing over the protocol: mutated documents edited in the bundled server by incremental didChange events, each version's diagnostics (pushed and pulled), hovers, outline, folding and semantic tokens the same as a fresh open's, and inside the document.
import * as assert from 'assert';
import type { FuzzScale } from '../fuzz/mutations';
import { runLspFuzz, type LspMismatch } from '../fuzz/lspFuzz';

/** Windows of about 40 lines and inputs of a few thousand characters, as in the parser's fuzz test. */
const SCALE: FuzzScale = { nesting: 1000, flood: 1000, line: 5000, paste: 300, window: 40 };
const DOCUMENTS = 25;
const EDITS = 6;

const shown = (m: LspMismatch): string => `document ${m.document} (${m.kinds.join(', ')}), ${m.step}: ${m.what}: ${m.detail}`;

describe('language server: fuzzing over the protocol', function () {
  this.timeout(120000);
  for (const mode of ['push', 'pull'] as const) {
    it(`${mode}: ${DOCUMENTS} mutated documents edited ${EDITS} times each answer as a fresh open of the same text, inside the document`, async () => {
      const stats = await runLspFuzz({ seed: 20260705, documents: DOCUMENTS, edits: EDITS, scale: SCALE, mode });
      assert.deepStrictEqual(stats.mismatches.map(shown), []);
      assert.strictEqual(stats.checked, DOCUMENTS * (EDITS + 1));
      // Edits at line ends and bursts of didChange without waiting were among them.
      assert.ok((stats.kinds.lineEnds ?? 0) > 0 && stats.edits > DOCUMENTS * EDITS, JSON.stringify(stats.kinds));
    });
  }
});
