// The terminal of a helm-run task: spawns helm-run itself so that its log can drive the progress.
import * as vscode from 'vscode';
import { HelmRunLaunch, HelmRunProcess } from './helmRunProcess';
import { HelmRunLogEvent, HelmRunLogReader } from './helmRunLog';

export interface HelmRunOutcome {
  exitCode: number;
  /** Stopped by the user (cancel or terminate). */
  cancelled: boolean;
  started: string[];
  done: string[];
  failed: string[];
  pid?: number;
}

export class HelmRunTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  private readonly eventEmitter = new vscode.EventEmitter<HelmRunLogEvent>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  /** A RunSpec started or failed. */
  readonly onLogEvent = this.eventEmitter.event;
  private readonly reader = new HelmRunLogReader();
  private process: HelmRunProcess | undefined;
  private cancelled = false;
  private resolveOutcome: (outcome: HelmRunOutcome) => void = () => undefined;
  private markStarted: () => void = () => undefined;
  /** Settles once helm-run has ended (or could not start). */
  readonly outcome: Promise<HelmRunOutcome>;
  private readonly started: Promise<void>;

  constructor(private readonly launch: HelmRunLaunch | { error: string }) {
    this.outcome = new Promise<HelmRunOutcome>((resolve) => (this.resolveOutcome = resolve));
    this.started = new Promise<void>((resolve) => (this.markStarted = resolve));
  }

  open(): void {
    if (this.cancelled) {
      // Terminated before its terminal opened: start nothing.
      this.finish(130);
      return;
    }
    if ('error' in this.launch) {
      this.print(`${this.launch.error}\n`);
      this.finish(127);
      return;
    }
    const { program, args, cwd } = this.launch;
    this.print(`> ${[program, ...args].map(quoteForDisplay).join(' ')}\n  (in ${cwd})\n\n`);
    this.process = new HelmRunProcess(this.launch, (text) => {
      this.writeEmitter.fire(text.replace(/\r?\n/g, '\r\n'));
      for (const event of this.reader.push(text)) this.eventEmitter.fire(event);
    });
    this.markStarted();
    void this.process.exited.then((code) => {
      for (const event of this.reader.end()) this.eventEmitter.fire(event);
      this.finish(code);
    });
  }

  /** VS Code calls this when the task is terminated or its terminal is closed. */
  close(): void {
    void this.cancel();
  }

  /** Stops helm-run and all its children. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.process?.stop(undefined, 'error' in this.launch ? 0 : this.launch.interruptMs);
  }

  /** The pid of helm-run once it runs. */
  async pid(): Promise<number | undefined> {
    await this.started;
    return this.process?.pid;
  }

  private finish(exitCode: number): void {
    const summary = this.cancelled
      ? 'helm-run was stopped.'
      : `helm-run exited with code ${exitCode}: ${this.reader.done.length} RunSpecs done, ${this.reader.failed.length} failed.`;
    this.print(`\n${summary}\n`);
    this.resolveOutcome({
      exitCode,
      cancelled: this.cancelled,
      started: [...this.reader.started],
      done: this.reader.done,
      failed: [...this.reader.failed],
      pid: this.process?.pid,
    });
    this.markStarted();
    this.closeEmitter.fire(exitCode);
  }

  private print(text: string): void {
    this.writeEmitter.fire(text.replace(/\r?\n/g, '\r\n'));
  }
}

/** Shows an argument the way a POSIX shell would need it; display only, never executed. */
function quoteForDisplay(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
