// A stand-in for the Python extension (ms-python.python), installed by test/e2e/run.ts for the tests that
// click HELM's "Select Python interpreter". As the real extension does: `python.setInterpreter` opens the
// interpreter picker, whose "Enter interpreter path..." asks for a path and makes it the active
// interpreter; the `environments` API answers the active interpreter's path and says when it changes.
// Before any pick the active interpreter is `python`, as the real extension's default. Tests read
// exports.setInterpreterCalls and put the default back with exports.resetInterpreter().
const vscode = require('vscode');

const ENTER_PATH = '$(add) Enter interpreter path...';

exports.activate = function activate(context) {
  const changed = new vscode.EventEmitter();
  let active;
  const select = (path) => {
    active = path;
    changed.fire({ id: path ?? 'DEFAULT_PYTHON', path: path ?? 'python', resource: undefined });
  };
  const api = {
    setInterpreterCalls: 0,
    environments: {
      getActiveEnvironmentPath: () => ({ id: active ?? 'DEFAULT_PYTHON', path: active ?? 'python' }),
      resolveEnvironment: async (env) => {
        const path = typeof env === 'string' ? env : env.path;
        return path === 'python' ? undefined : { path, executable: { uri: vscode.Uri.file(path) } };
      },
      onDidChangeActiveEnvironmentPath: changed.event,
    },
    resetInterpreter: () => select(undefined),
  };
  context.subscriptions.push(
    changed,
    vscode.commands.registerCommand('python.setInterpreter', async () => {
      api.setInterpreterCalls++;
      const picked = await vscode.window.showQuickPick([{ label: ENTER_PATH }], {
        title: 'Select Interpreter',
        placeHolder: `Selected Interpreter: ${active ?? 'python'}`,
      });
      if (picked?.label !== ENTER_PATH) return undefined;
      const path = await vscode.window.showInputBox({ title: 'Select Interpreter', prompt: 'Enter path to a Python interpreter.' });
      if (path) select(path);
      return path;
    }),
  );
  return api;
};

exports.deactivate = function deactivate() {};
