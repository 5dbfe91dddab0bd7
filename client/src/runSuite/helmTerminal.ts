// The terminal of a HELM program's task: spawns the program itself, shows and logs its output, reports how it ended.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { HelmLaunch, HelmProcess } from './helmProcess';

export interface HelmProgramEnd {
  exitCode: number;
  /** Stopped by the user (cancel, terminate, or the terminal closed). */
  cancelled: boolean;
  pid?: number;
  /** The file the output was written to, if any. */
  logFile?: string;
}

export class HelmTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private process: HelmProcess | undefined;
  private log: fs.WriteStream | undefined;
  private cancelled = false;
  private resolveEnd: (end: HelmProgramEnd) => void = () => undefined;
  private markStarted: () => void = () => undefined;
  /** Settles once the program has ended (or could not start), with its log file complete. */
  readonly ended: Promise<HelmProgramEnd>;
  private readonly started: Promise<void>;

  constructor(
    protected readonly launch: HelmLaunch | { error: string },
    /** Where to write the program's output (its folder is created). */
    readonly logFile?: string,
  ) {
    this.ended = new Promise<HelmProgramEnd>((resolve) => (this.resolveEnd = resolve));
    this.started = new Promise<void>((resolve) => (this.markStarted = resolve));
  }

  open(): void {
    if (this.cancelled) {
      // Terminated before its terminal opened: start nothing.
      void this.finish(130);
      return;
    }
    if ('error' in this.launch) {
      this.print(`${this.launch.error}\n`);
      void this.finish(127);
      return;
    }
    const { program, args, cwd } = this.launch;
    this.print(`> ${[program, ...args].map(quoteForDisplay).join(' ')}\n  (in ${cwd})\n`);
    if (this.logFile) {
      try {
        fs.mkdirSync(path.dirname(this.logFile), { recursive: true });
        this.log = fs.createWriteStream(this.logFile, { encoding: 'utf8' });
        this.log.on('error', () => (this.log = undefined));
        this.print(`  (log: ${this.logFile})\n`);
      } catch {
        this.log = undefined;
      }
    }
    this.print('\n');
    this.process = new HelmProcess(this.launch, (text) => {
      this.writeEmitter.fire(text.replace(/\r?\n/g, '\r\n'));
      this.log?.write(text);
      this.onOutput(text);
    });
    this.markStarted();
    void this.process.exited.then((code) => this.finish(code));
  }

  /** VS Code calls this when the task is terminated or its terminal is closed. */
  close(): void {
    void this.cancel();
  }

  /** Stops the program and all its children; the terminal stays open with what it printed. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.process?.stop(undefined, 'error' in this.launch ? 0 : this.launch.interruptMs);
  }

  /** The pid of the program once it runs. */
  async pid(): Promise<number | undefined> {
    await this.started;
    return this.process?.pid;
  }

  /** Output as it arrives, for subclasses that read it. */
  protected onOutput(_text: string): void {}

  /** The last line printed in the terminal when the program ends. */
  protected endMessage(exitCode: number, cancelled: boolean): string {
    return cancelled ? `${this.programName()} was stopped.` : `${this.programName()} exited with code ${exitCode}.`;
  }

  protected programName(): string {
    return 'error' in this.launch ? 'The program' : path.basename(this.launch.program);
  }

  protected async finish(exitCode: number): Promise<void> {
    this.onEnd();
    this.print(`\n${this.endMessage(exitCode, this.cancelled)}\n`);
    const log = this.log;
    this.log = undefined;
    if (log) await new Promise<void>((resolve) => log.end(resolve));
    this.resolveEnd({ exitCode, cancelled: this.cancelled, pid: this.process?.pid, logFile: log ? this.logFile : undefined });
    this.markStarted();
    this.closeEmitter.fire(exitCode);
  }

  /** Called once when the program has ended, before the end message. */
  protected onEnd(): void {}

  protected print(text: string): void {
    this.writeEmitter.fire(text.replace(/\r?\n/g, '\r\n'));
  }
}

/** A new log file for one run of a program in `dir` (undefined: no log), named after the program, a label and the time. */
export function logFilePath(dir: string | undefined, program: string, label: string, now: Date = new Date()): string | undefined {
  if (!dir) return undefined;
  const stamp = now.toISOString().replace(/[-:]/g, '');
  const safeLabel = label.replace(/[^\w.=-]+/g, '_').slice(0, 80);
  return path.join(dir, `${program}-${safeLabel}-${stamp}.log`);
}

/** Shows an argument the way a POSIX shell would need it; display only, never executed. */
function quoteForDisplay(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
