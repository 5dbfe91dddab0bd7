// The VS Code extension: starts the language server and registers the HELM commands, tasks and views.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient, watchTrust } from './languageClient';
import { RegistryStatusItem } from './statusBar';
import { RUNSPECS_SCHEME, RunSpecsDocumentProvider, showExpandedRunSpecs } from './runSpecsDocument';
import { RunSuiteCommands } from './runSuite/runSuiteCommand';
import { HELM_RUN_TASK_TYPE, HelmRunTaskProvider } from './runSuite/helmRunTask';
import { chooseRunner } from './runners/runnerPrompt';
import { SlurmJobsView } from './slurm/slurmJobsView';
import type { RunSpecSlurmStatus } from './slurm/slurmStatus';

/** What activate() returns: used by the extension's own tests. */
export interface HelmConfExtensionApi {
  client(): LanguageClient | undefined;
  /** Resolves once the language server has started (or failed to). */
  ready: Promise<void>;
  registryStatus: RegistryStatusItem;
  runs: RunSuiteCommands;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): HelmConfExtensionApi {
  const log = vscode.window.createOutputChannel('HELM', { log: true });
  context.subscriptions.push(log);
  const getClient = (): LanguageClient | undefined => client;
  const registryStatus = new RegistryStatusItem(getClient);
  const slurmJobs = new SlurmJobsView();
  const runs = new RunSuiteCommands(getClient, () => (context.storageUri ?? context.globalStorageUri).fsPath, context.workspaceState, slurmJobs);
  const runSpecs = new RunSpecsDocumentProvider(getClient);

  const start = async (): Promise<void> => {
    client = createLanguageClient(context, log);
    try {
      await client.start();
      await registryStatus.refresh();
    } catch (error) {
      log.error(`The HELM language server did not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const ready = start();

  context.subscriptions.push(
    registryStatus,
    runSpecs,
    slurmJobs,
    vscode.commands.registerCommand('helmConf.chooseRunner', () => chooseRunner(context.workspaceState)),
    vscode.commands.registerCommand('helmConf.openSlurmWorkerLog', (row?: RunSpecSlurmStatus) => slurmJobs.openWorkerLog(row)),
    vscode.commands.registerCommand('helmConf.cancelSlurmJob', (row?: RunSpecSlurmStatus, answers?: { confirm?: boolean }) => slurmJobs.cancelJob(row, answers)),
    watchTrust(getClient),
    vscode.workspace.registerTextDocumentContentProvider(RUNSPECS_SCHEME, runSpecs),
    vscode.tasks.registerTaskProvider(HELM_RUN_TASK_TYPE, new HelmRunTaskProvider()),
    vscode.commands.registerCommand('helmConf.runSuite', (...args: unknown[]) => runs.runSuite(...args)),
    vscode.commands.registerCommand('helmConf.runEntry', (...args: unknown[]) => runs.runEntry(...args)),
    // From the editor (a uri), or from the server's code lens (the entry's 0-based line).
    vscode.commands.registerCommand('helmConf.showExpandedRunSpecs', (...args: unknown[]) =>
      showExpandedRunSpecs(args.find((a): a is vscode.Uri => a instanceof vscode.Uri), args.find((a): a is number => typeof a === 'number')),
    ),
    vscode.commands.registerCommand('helmConf.showLog', () => log.show(true)),
    vscode.commands.registerCommand('helmConf.restartServer', async () => {
      await ready;
      await client?.stop().catch(() => undefined);
      await start();
    }),
    { dispose: () => void client?.stop().catch(() => undefined) },
  );
  return { client: getClient, ready, registryStatus, runs };
}

export async function deactivate(): Promise<void> {
  // A server that never started cannot be stopped: nothing to do then.
  await client?.stop().catch(() => undefined);
  client = undefined;
}
