// Runs the extension's tests (HELM_E2E_TESTS_INDEX: out/test/e2e/suite/index.js) once the window has
// started, when HELM_E2E_DRIVER_DIR is set: VS Code refuses modal dialogs to extension tests started the
// usual way (extensionTestsPath), and these tests click real dialog buttons. test/e2e/run.ts installs
// this extension; output goes to output.log in that folder (run.ts reads it as it grows), the exit code
// to exit.json.
const fs = require('node:fs');
const path = require('node:path');
const { format } = require('node:util');

exports.activate = function activate() {
  const dir = process.env.HELM_E2E_DRIVER_DIR;
  if (!dir || !process.env.HELM_E2E_TESTS_INDEX) return;
  const output = path.join(dir, 'output.log');
  for (const name of ['log', 'info', 'warn', 'error']) {
    const original = console[name].bind(console);
    // The extension host defines these itself (to forward them): redefine, not assign.
    Object.defineProperty(console, name, {
      configurable: true,
      writable: true,
      value: (...args) => {
        fs.appendFileSync(output, `${format(...args)}\n`);
        original(...args);
      },
    });
  }
  fs.appendFileSync(output, `driver: running the suites in ${process.env.HELM_E2E_DRIVER_DIR}\n`);
  const index = process.env.HELM_E2E_TESTS_INDEX;
  setTimeout(() => {
    require(index)
      .run()
      .then(
        () => ({ code: 0 }),
        (error) => ({ code: 1, error: String(error && error.stack ? error.stack : error) }),
      )
      .then((result) => fs.writeFileSync(path.join(dir, 'exit.json'), JSON.stringify(result)));
  }, 0);
};

exports.deactivate = function deactivate() {};
