// The terminal of a helm-run task: reads helm-run's log as it streams, so that it can drive the progress.
import * as vscode from 'vscode';
import { HelmLaunch } from './helmProcess';
import { HelmRunLogEvent, HelmRunLogReader } from './helmRunLog';
import { HelmProgramEnd, HelmTerminal } from './helmTerminal';

export interface HelmRunOutcome extends HelmProgramEnd {
  /** The whole log as read: RunSpecs started, failed, skipped, tracebacks. */
  log: HelmRunLogReader;
}

export class HelmRunTerminal extends HelmTerminal {
  private readonly eventEmitter = new vscode.EventEmitter<HelmRunLogEvent>();
  /** A RunSpec started or failed, or HELM said how many it will run. */
  readonly onLogEvent = this.eventEmitter.event;
  readonly reader = new HelmRunLogReader();
  /** Settles once helm-run has ended (or could not start). */
  readonly outcome: Promise<HelmRunOutcome>;

  constructor(launch: HelmLaunch | { error: string }, logFile?: string) {
    super(launch, logFile);
    this.outcome = this.ended.then((end) => ({ ...end, log: this.reader }));
  }

  protected override onOutput(text: string): void {
    for (const event of this.reader.push(text)) this.eventEmitter.fire(event);
  }

  protected override onEnd(): void {
    for (const event of this.reader.end()) this.eventEmitter.fire(event);
  }

  protected override endMessage(exitCode: number, cancelled: boolean): string {
    if (cancelled) return 'helm-run was stopped.';
    return `helm-run exited with code ${exitCode}: ${this.reader.done.length} RunSpecs done, ${this.reader.failed.length} failed.`;
  }
}
