// The status bar item: where the registry of run spec functions and models comes from, and whether HELM itself is found.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { EXACT_STATUS_NOTIFICATION, EXACT_STATUS_REQUEST, ExactCheckStatus, LANGUAGE_ID, REGISTRY_STATUS_REQUEST, RegistryStatus } from '../../server/src/common/protocol';
import { activeConfUri } from './activeConf';
import { HelmLocation, locateHelm, missingProgramMessage } from './helmLocation';

/** The command the item runs when HELM is not found: the message with the buttons that fix it. */
export const SET_UP_HELM_COMMAND = 'helmConf.setUpHelm';

export class RegistryStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('helmConf.registry', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  /** The last status received, for tests and the tooltip. */
  status: RegistryStatus | undefined;
  /** Where HELM's programs were looked for and found (trusted workspaces only: nothing is looked up otherwise). */
  helm: HelmLocation | undefined;
  /** Whether the diagnostics are HELM's own verdict (and which HELM), or static only and why. */
  exact: ExactCheckStatus | undefined;
  private subscribed?: LanguageClient;
  private refreshing: Promise<RegistryStatus | undefined> | undefined;
  private refreshAgain = false;

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
      // An interpreter installed or chosen meanwhile (pip install crfm-helm in a terminal).
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) void this.refresh();
      }),
    );
    this.updateVisibility();
  }

  /** HELM's helm-run was looked for and not found: the item has the warning colour. */
  get helmMissing(): boolean {
    return this.helm !== undefined && !this.helm.programs['helm-run'];
  }

  /** Asks the server for the registry status and looks for HELM again; one refresh at a time. */
  async refresh(): Promise<RegistryStatus | undefined> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = this.update();
    try {
      return await this.refreshing;
    } finally {
      this.refreshing = undefined;
      if (this.refreshAgain) {
        this.refreshAgain = false;
        void this.refresh();
      }
    }
  }

  private async update(): Promise<RegistryStatus | undefined> {
    const client = this.getClient();
    this.helm = vscode.workspace.isTrusted ? await locateHelm(activeConfUri()) : undefined;
    if (client?.isRunning()) {
      try {
        if (this.subscribed !== client) {
          this.subscribed = client;
          client.onNotification(EXACT_STATUS_NOTIFICATION, () => void this.refresh());
        }
        [this.status, this.exact] = await Promise.all([
          client.sendRequest<RegistryStatus>(REGISTRY_STATUS_REQUEST, {}),
          client.sendRequest<ExactCheckStatus>(EXACT_STATUS_REQUEST).catch(() => undefined),
        ]);
      } catch (error) {
        this.status = undefined;
        this.item.text = '$(warning) HELM';
        this.item.tooltip = `The registry status is not available: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    const status = this.status;
    if (!status) return undefined;
    const missing = this.helmMissing && this.helm ? missingProgramMessage('helm-run', this.helm.interpreter) : undefined;
    const exact = this.exact;
    const checked = exact?.exact ? `checked by HELM ${exact.helmVersion === 'unknown' ? '' : exact.helmVersion ?? ''}`.trim() : 'static checks only';
    const why = exact?.exact ? `every entry is also built by HELM at ${exact.helmPath}` : exact?.reason ?? 'unknown';
    this.item.text = `${missing ? '$(warning)' : '$(database)'} HELM: ${status.describeSource} · ${checked}`;
    this.item.tooltip = new vscode.MarkdownString(
      `**HELM registry**: ${status.describeSource}\n\n` +
        `${status.functions} run spec functions · ${status.expanders} run expanders · ` +
        `${status.models} models · ${status.deployments} model deployments` +
        `\n\n**${exact?.exact ? 'Checked by HELM' : 'Static checks only'}**: ${why}` +
        (status.problems > 0 ? `\n\n$(warning) ${status.problems} problems while reading it: see the log.` : '') +
        (missing ? `\n\n$(warning) ${missing} Click to set it up.` : this.helm?.programs['helm-run'] ? `\n\nhelm-run: \`${this.helm.programs['helm-run']}\`` : ''),
      true,
    );
    this.item.command = missing ? SET_UP_HELM_COMMAND : 'helmConf.showLog';
    this.item.backgroundColor = missing || status.problems > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    return status;
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
