// The VS Code extension: starts the language server and registers the HELM commands, tasks and views.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient, watchInterpreter, watchTrust } from './languageClient';
import { locateHelm, missingProgramMessage, offerHelmSetup } from './helmLocation';
import { activeConfUri } from './activeConf';
import { RegistryStatusItem, SET_UP_HELM_COMMAND } from './statusBar';
import { RUNSPECS_SCHEME, RunSpecsDocumentProvider, showExpandedRunSpecs } from './runSpecsDocument';
import { RunSuiteCommands } from './runSuite/runSuiteCommand';
import { HELM_RUN_TASK_TYPE, HelmRunTaskProvider } from './runSuite/helmRunTask';
import { HELM_SERVER_TASK_TYPE, HELM_SUMMARIZE_TASK_TYPE, HelmWorkflowTaskProvider } from './runSuite/helmWorkflowTasks';
import { HelmWorkflow } from './runSuite/helmWorkflow';
import { RunMemory } from './runSuite/runMemory';
import { chooseRunner } from './runners/runnerPrompt';
import { SlurmJobsView } from './slurm/slurmJobsView';
import type { RunSpecSlurmStatus } from './slurm/slurmStatus';
import { insertSnippet } from './insertSnippet';
import { SourceLinkNotes } from './sourceLinks';
import { INSERT_SNIPPET_COMMAND } from '../../server/src/common/protocol';

/** What activate() returns: used by the extension's own tests. */
export interface HelmConfExtensionApi {
  client(): LanguageClient | undefined;
  /** Resolves once the language server has started (or failed to). */
  ready: Promise<void>;
  registryStatus: RegistryStatusItem;
  runs: RunSuiteCommands;
  workflow: HelmWorkflow;
  memory: RunMemory;
  /** Links to HELM's source on GitHub, and the pages opened from them. */
  sourceLinks: SourceLinkNotes;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): HelmConfExtensionApi {
  const log = vscode.window.createOutputChannel('HELM', { log: true });
  context.subscriptions.push(log);
  const getClient = (): LanguageClient | undefined => client;
  const storageDir = (): string => (context.storageUri ?? context.globalStorageUri).fsPath;
  const logDir = (): string => path.join(storageDir(), 'logs');
  const registryStatus = new RegistryStatusItem(getClient);
  const memory = new RunMemory(context.workspaceState);
  const workflow = new HelmWorkflow(logDir, memory);
  const slurmJobs = new SlurmJobsView();
  const runs = new RunSuiteCommands(getClient, storageDir, memory, workflow, context.workspaceState, slurmJobs);
  const runSpecs = new RunSpecsDocumentProvider(getClient, memory);
  const sourceLinks = new SourceLinkNotes();

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
    memory,
    workflow,
    runSpecs,
    slurmJobs,
    vscode.commands.registerCommand('helmConf.chooseRunner', () => chooseRunner(context.workspaceState)),
    vscode.commands.registerCommand('helmConf.openSlurmWorkerLog', (row?: RunSpecSlurmStatus) => slurmJobs.openWorkerLog(row)),
    vscode.commands.registerCommand('helmConf.cancelSlurmJob', (row?: RunSpecSlurmStatus, answers?: { confirm?: boolean }) => slurmJobs.cancelJob(row, answers)),
    sourceLinks,
    watchTrust(getClient),
    watchInterpreter(getClient, () => void registryStatus.refresh()),
    vscode.workspace.registerTextDocumentContentProvider(RUNSPECS_SCHEME, runSpecs),
    vscode.tasks.registerTaskProvider(HELM_RUN_TASK_TYPE, new HelmRunTaskProvider(logDir)),
    vscode.tasks.registerTaskProvider(HELM_SUMMARIZE_TASK_TYPE, new HelmWorkflowTaskProvider(HELM_SUMMARIZE_TASK_TYPE, logDir)),
    vscode.tasks.registerTaskProvider(HELM_SERVER_TASK_TYPE, new HelmWorkflowTaskProvider(HELM_SERVER_TASK_TYPE, logDir)),
    vscode.commands.registerCommand('helmConf.runSuite', (...args: unknown[]) => runs.runSuite(...args)),
    vscode.commands.registerCommand('helmConf.runEntry', (...args: unknown[]) => runs.runEntry(...args)),
    vscode.commands.registerCommand('helmConf.summarize', (...args: unknown[]) => workflow.summarizeCommand(...args)),
    vscode.commands.registerCommand('helmConf.openWebUi', (...args: unknown[]) => workflow.openWebUiCommand(...args)),
    vscode.commands.registerCommand('helmConf.stopWebUi', () => workflow.stopWebUiCommand()),
    vscode.commands.registerCommand('helmConf.runSection', (...args: unknown[]) => runs.runSection(...args)),
    vscode.commands.registerCommand(INSERT_SNIPPET_COMMAND, insertSnippet),
    // From the editor (a uri), or from the server's code lens (the entry's 0-based line).
    vscode.commands.registerCommand('helmConf.showExpandedRunSpecs', (...args: unknown[]) =>
      showExpandedRunSpecs(args.find((a): a is vscode.Uri => a instanceof vscode.Uri), args.find((a): a is number => typeof a === 'number')),
    ),
    vscode.commands.registerCommand(SET_UP_HELM_COMMAND, async () => {
      const location = await locateHelm(activeConfUri());
      if (location.programs['helm-run']) void vscode.window.showInformationMessage(`HELM: helm-run is ${location.programs['helm-run']}.`);
      else await offerHelmSetup(missingProgramMessage('helm-run', location.interpreter), location.interpreter);
      await registryStatus.refresh();
    }),
    vscode.commands.registerCommand('helmConf.showLog', () => log.show(true)),
    vscode.commands.registerCommand('helmConf.restartServer', async () => {
      await ready;
      await client?.stop().catch(() => undefined);
      await start();
    }),
    { dispose: () => void client?.stop().catch(() => undefined) },
  );
  return { client: getClient, ready, registryStatus, runs, workflow, memory, sourceLinks };
}

export async function deactivate(): Promise<void> {
  // A server that never started cannot be stopped: nothing to do then.
  await client?.stop().catch(() => undefined);
  client = undefined;
}
