// The status bar item that says where the registry of run spec functions and models comes from.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { LANGUAGE_ID, REGISTRY_STATUS_REQUEST, RegistryStatus } from '../../server/src/common/protocol';

export class RegistryStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('helmConf.registry', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  /** The last status received, for tests and the tooltip. */
  status: RegistryStatus | undefined;

  constructor(private readonly getClient: () => LanguageClient | undefined) {
    this.item.name = 'HELM registry';
    this.item.command = 'helmConf.showLog';
    this.item.text = '$(sync~spin) HELM';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.updateVisibility()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('helmConf')) void this.refresh();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()),
    );
    this.updateVisibility();
  }

  async refresh(): Promise<RegistryStatus | undefined> {
    const client = this.getClient();
    if (!client?.isRunning()) return undefined;
    try {
      const status = await client.sendRequest<RegistryStatus>(REGISTRY_STATUS_REQUEST, {});
      this.status = status;
      this.item.text = `$(database) HELM: ${status.describeSource}`;
      const tooltip = new vscode.MarkdownString(
        `**HELM registry**: ${status.describeSource}\n\n` +
          `${status.functions} run spec functions · ${status.expanders} run expanders · ` +
          `${status.models} models · ${status.deployments} model deployments` +
          (status.problems > 0 ? `\n\n$(warning) ${status.problems} problems while reading it: see the log.` : ''),
        true,
      );
      this.item.tooltip = tooltip;
      this.item.backgroundColor = status.problems > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    } catch (error) {
      this.item.text = '$(warning) HELM';
      this.item.tooltip = `The registry status is not available: ${error instanceof Error ? error.message : String(error)}`;
    }
    return this.status;
  }

  private updateVisibility(): void {
    if (vscode.window.activeTextEditor?.document.languageId === LANGUAGE_ID) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
