// files.exclude globs, as the workspace check reads them: which workspace-relative paths they leave out.
import * as assert from 'assert';
import { excludeMatcher } from '../../server/src/lsp/globs';

describe('files.exclude globs', () => {
  const rows: Array<{ setting: Record<string, unknown>; path: string; excluded: boolean }> = [
    { setting: { '**/node_modules': true }, path: 'a/node_modules/run_entries.conf', excluded: true },
    { setting: { '**/node_modules': true }, path: 'node_modules/run_entries.conf', excluded: true },
    { setting: { '**/node_modules': true }, path: 'a/node_modules_x/run_entries.conf', excluded: false },
    { setting: { 'build/': true }, path: 'build/run_entries.conf', excluded: true },
    { setting: { build: true }, path: 'src/build/run_entries.conf', excluded: false },
    { setting: { '**/*_old.conf': true }, path: 'x/run_entries_old.conf', excluded: true },
    { setting: { '**/run_entries_{a,b}.conf': true }, path: 'run_entries_b.conf', excluded: true },
    { setting: { '**/run_entries_{a,b}.conf': true }, path: 'run_entries_c.conf', excluded: false },
    { setting: { 'run_entries_[0-9].conf': true }, path: 'run_entries_7.conf', excluded: true },
    { setting: { 'run_entries_?.conf': true }, path: 'run_entries_xy.conf', excluded: false },
    { setting: { '**/generated': false }, path: 'generated/run_entries.conf', excluded: false },
    { setting: { '**/*.conf': { when: '$(basename).py' } }, path: 'run_entries.conf', excluded: false },
  ];
  for (const row of rows) {
    it(`${JSON.stringify(row.setting)} ${row.excluded ? 'excludes' : 'keeps'} ${row.path}`, () => assert.strictEqual(excludeMatcher(row.setting)(row.path), row.excluded));
  }
});
