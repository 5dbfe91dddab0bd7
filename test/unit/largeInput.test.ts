// Inputs that once took minutes or overflowed the stack: each is read and checked, and the user sees what they need to.
// (No timing is asserted: before their fixes these ran far past mocha's timeout, or failed; now each takes a second or less.)
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { getLanguageService } from '../../server/src/languageService';
import { parseConf } from '../../server/src/parser/index';
import { projectRoot } from '../helpers/corpus';
import { applyEdits } from '../helpers/markers';
import { describeWithRegistry } from '../helpers/registry';

const service = getLanguageService();
const entryLine = (description: string): string => `entries: [\n  {description: "${description}", priority: 1}\n]\n`;

describe('large inputs: the parser', () => {
  it('a million `{` on one line: a hundred syntax errors at most, from the second `{` on', () => {
    const text = `entries: [\n  {description: "a"}\n  ${'{'.repeat(1000000)}\n]\n`;
    const conf = parseConf(text);
    const errors = conf.problems.filter((p) => p.code === 'syntax-error');
    assert.ok(errors.length > 0 && errors.length <= 100, `${errors.length} syntax errors`);
    assert.strictEqual(errors[0].message, 'Expected `}` to close the entry opened on line 3, found `{`. pyhocon refuses the whole file.');
    assert.strictEqual(errors[0].span.start, text.indexOf('{{') + 1);
  });

  it('10,000 lines of `:` in an entry: the syntax errors, not a stack overflow', () => {
    const text = `entries: [\n  {description: "a"\n${':\n'.repeat(10000)}  }\n]\n`;
    const conf = parseConf(text);
    assert.deepStrictEqual(conf.problems.filter((p) => p.message.startsWith('This file could not be read')), []);
    assert.strictEqual(conf.problems[0].message, 'Expected `}` to close the entry opened on line 2, found `:`. pyhocon refuses the whole file.');
  });
});

