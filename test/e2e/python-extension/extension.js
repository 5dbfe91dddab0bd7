// A stand-in for the Python extension (ms-python.python), installed by test/e2e/run.ts for the tests that
// click HELM's "Select Python interpreter": `python.setInterpreter` opens the interpreter picker, as the real
// command does, and counts its calls (exports.setInterpreterCalls). It has no `environments` API (as a Python
// extension older than that API): the HELM extension then takes helmConf.pythonPath, as without one.
const vscode = require('vscode');

exports.activate = function activate(context) {
  const api = { setInterpreterCalls: 0 };
  context.subscriptions.push(
    vscode.commands.registerCommand('python.setInterpreter', async () => {
      api.setInterpreterCalls++;
      const picked = await vscode.window.showQuickPick([{ label: '$(add) Enter interpreter path...' }], {
        title: 'Select Interpreter',
        placeHolder: 'Selected Interpreter: none',
      });
      return picked ? picked.label : undefined;
    }),
  );
  return api;
};

exports.deactivate = function deactivate() {};
