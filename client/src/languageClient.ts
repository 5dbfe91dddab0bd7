// Starts the HELM language server (dist/server.js) over IPC and keeps it told about workspace trust and the Python interpreter.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, LanguageClient, LanguageClientOptions, Middleware, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { LANGUAGE_ID, SETTINGS_SECTION, TRUST_CHANGED_NOTIFICATION } from '../../server/src/common/protocol';
import { RUNNER_CONFIG_FILE_NAME } from '../../server/src/runnerConfig/runnerConfigFields';
import { onDidChangePythonInterpreter, withInterpreter } from './python';
import { sourceLinkMiddleware } from './sourceLinks';

/** The server reads `helmConf.pythonPath` as the interpreter the editor uses (see withInterpreter). */
const interpreterMiddleware: Middleware = {
  workspace: {
    configuration: async (params, token, next) => {
      const values = await next(params, token);
      if (!Array.isArray(values)) return values;
      return Promise.all(
        values.map((value: unknown, i) => {
          const item = params.items[i];
          return item?.section === SETTINGS_SECTION ? withInterpreter(value, item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : value;
        }),
      );
    },
  },
};

export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // runner_config.yaml keeps its YAML language: the server tells it apart by its name.
    documentSelector: [{ language: LANGUAGE_ID }, { scheme: 'file', pattern: `**/${RUNNER_CONFIG_FILE_NAME}` }],
    // files.exclude too: the server's check of the whole workspace leaves out what it excludes.
    synchronize: { configurationSection: [SETTINGS_SECTION, 'files.exclude'] },
    // This extension has the command that inserts a quick fix's snippet (client/src/insertSnippet.ts).
    initializationOptions: { trusted: vscode.workspace.isTrusted, insertSnippetCommand: true },
    middleware: { ...sourceLinkMiddleware, ...interpreterMiddleware },
    outputChannel,
  };
  return new LanguageClient('helmConf', 'HELM run entries', serverOptions, clientOptions);
}

/** Tells a running client's server that the workspace became trusted. */
export function watchTrust(getClient: () => LanguageClient | undefined): vscode.Disposable {
  return vscode.workspace.onDidGrantWorkspaceTrust(() => {
    const client = getClient();
    if (client?.isRunning()) void client.sendNotification(TRUST_CHANGED_NOTIFICATION, { trusted: true });
  });
}

/** Tells a running client's server to read its settings again when the Python extension's interpreter changes. */
export function watchInterpreter(getClient: () => LanguageClient | undefined, changed: () => void): vscode.Disposable {
  return onDidChangePythonInterpreter(() => {
    const client = getClient();
    if (client?.isRunning()) void client.sendNotification(DidChangeConfigurationNotification.type, { settings: null }).catch(() => undefined);
    changed();
  });
}
