// Two objects on one line, `{…} {…}`: what pyhocon makes of them (checked by running pyhocon) and the verdict, an error only when an entry is lost.
import * as assert from 'assert';
import { parseConf } from '../../server/src/parser/index';
import { applyEdits } from '../helpers/markers';

describe('parseConf: objects merged on one line', () => {
  const rows: Array<[text: string, severity: string]> = [
    ['entries: [{description: "a", priority: 1} {description: "b"}]', 'error'],
    ['entries: [{description: "a"} {description: "b"} {priority: 3}]', 'error'],
    ['entries: [{description: "a", priority: 1} {priority: 2}]', 'warning'],
    ['entries: [{priority: 1} {description: "b"}]', 'warning'],
    ['entries: [{description: "a"} {groups: ["g"]}]', 'warning'],
  ];
  for (const [text, severity] of rows) {
    it(`${text}: ${severity === 'error' ? 'an entry is lost: error' : 'one valid entry: warning'}`, () => {
      assert.deepStrictEqual(parseConf(text).problems.map((p) => [p.code, p.severity]), [['entries-merged', severity]]);
    });
  }

  it('fixes the warning by writing the fields in one object', () => {
    const text = 'entries: [{description: "a", priority: 1} {priority: 2}]';
    const [fix] = parseConf(text).problems[0].fixes ?? [];
    assert.strictEqual(applyEdits(text, fix.edits), 'entries: [{description: "a", priority: 1, priority: 2}]');
  });
});
