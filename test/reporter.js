// Mocha's spec reporter, closed by the one summary line CI reads: `N passed, N failed, N skipped`.
'use strict';
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
    runner.on('pending', () => skipped++);
    runner.once('end', () => {
      // Printed after the spec reporter's own epilogue.
      setImmediate(() => console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`));
    });
  }
}

module.exports = SummaryReporter;
