// Reads helm-run's log as it streams (HELM's hlog/htrack lines and Python tracebacks). Pure, no VS Code.
//
// What helm-run prints (benchmark/run.py, runner.py, common/hierarchical_logger.py): each record is
// `<asctime> <LEVEL padded to 8> <indent><message>` with HELM's default logging setup, or just
// `<indent><message>` with another; a block is `<name> {` … `} [<time>]`. For the runs:
//   `N entries produced M run specs`, then a `run_specs {` block with one `RunSpec(name='…', …)` per RunSpec;
//   `Running <name> {` … `} [1.2s]` per RunSpec; inside it `Skipping run <name> because run is completed…`;
//   after a failed block `Error when running <name>:` and the traceback (`traceback.format_exc()`);
//   `There were no RunSpecs or they got filtered out.`; `Done.`; and a crash ends with a traceback on stderr.

export type HelmRunLogEvent =
  | { kind: 'planned'; count: number }
  | { kind: 'running'; runSpec: string; line: number }
  | { kind: 'failed'; runSpec: string; line: number };

/** The exception line that ends a traceback, and its 0-based line in the log. */
export interface LoggedException {
  text: string;
  line: number;
}

/** What the log says about one RunSpec. */
export interface RunSpecLog {
  runSpec: string;
  /** 0-based line of `Running <name> {`. */
  startLine: number;
  /** Its `} [time]` came: run_one returned or raised. */
  closed: boolean;
  /** `Skipping run <name> because run is completed…` (--skip-completed-runs). */
  skippedLine?: number;
  /** `Error when running <name>:` and the exception its traceback ends with. */
  error?: { line: number; exception?: LoggedException };
}

// A record may carry any prefix (HELM's `<asctime> <LEVEL>` or a custom log format): match after blanks.
const RUNNING = /(^|\s)Running (.+) \{\s*$/;
const FAILED = /(?:^|\s)Error when running (.+):\s*$/;
const SKIPPED = /(?:^|\s)Skipping run (.+) because run is completed/;
const PLANNED = /(?:^|\s)(\d+) entries produced (\d+) run specs\s*$/;
const RUN_SPECS_BLOCK = /(?:^|\s)run_specs \{\s*$/;
const RUN_SPEC_REPR = /(?:^|\s)RunSpec\(name=('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/;
const BLOCK_END = /(^|\s)\} \[[^\]]*\]\s*$/;
const NO_RUN_SPECS = /(?:^|\s)There were no RunSpecs or they got filtered out\.\s*$/;
const DONE = /(?:^|\s)Done\.\s*$/;
const TIMESTAMPED = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/;
const TRACEBACK_START = 'Traceback (most recent call last):';
const CHAINED = /^(During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;
/** `ValueError: …`, `helm.benchmark.runner.RunnerError: …`, `KeyboardInterrupt`: a dotted name, then `:` or nothing. */
const EXCEPTION_LINE = /^[A-Za-z_][\w.]*(?::.*)?$/;

/** A Python string literal as repr() writes it, decoded. */
function pythonStringLiteral(literal: string): string {
  return literal.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[e] ?? e;
  });
}

/** Cuts a stream of output chunks into lines (any of `\n`, `\r\n`, `\r`) and follows the run. */
export class HelmRunLogReader {
  private pending = '';
  private lineNumber = 0;
  private readonly byName = new Map<string, RunSpecLog>();
  /** RunSpecs in the order they started. */
  readonly runs: RunSpecLog[] = [];
  /** HELM's own list of the RunSpecs it is about to run (the `run_specs` block). */
  readonly planned: string[] = [];
  /** `M` of `N entries produced M run specs`. */
  plannedCount: number | undefined;
  noRunSpecs = false;
  sawDone = false;
  /** Tracebacks outside `Error when running` (a crash of helm-run itself), in order. */
  readonly tracebacks: LoggedException[] = [];
  private inRunSpecsBlock = false;
  /** The RunSpec whose `Running … {` block is open, and the blanks before `Running`. */
  private open: { run: RunSpecLog; indent: number } | undefined;
  /** The traceback being read: for an `Error when running` (run) or a crash (no run). */
  private traceback: { run?: RunSpecLog; last?: LoggedException; afterException: boolean } | undefined;

  /** Feeds a chunk; returns the events of the lines it completed. */
  push(chunk: string): HelmRunLogEvent[] {
    const text = this.pending + chunk;
    const lines = text.split(/\r\n|\r|\n/);
    // A chunk ending in `\r` may be half of `\r\n`: keep the last piece for the next chunk.
    this.pending = lines.pop() ?? '';
    return this.consume(lines);
  }

  /** The last line, when the stream ends without a newline. */
  end(): HelmRunLogEvent[] {
    const rest = this.pending;
    this.pending = '';
    const events = rest ? this.consume([rest]) : [];
    this.closeTraceback();
    return events;
  }

  /** Lines read so far. */
  get lines(): number {
    return this.lineNumber;
  }

  get started(): string[] {
    return this.runs.map((r) => r.runSpec);
  }

  get failed(): string[] {
    return this.runs.filter((r) => r.error).map((r) => r.runSpec);
  }

  /** RunSpecs whose block ended without an error and that were not skipped. */
  get done(): string[] {
    return this.runs.filter((r) => r.closed && !r.error && r.skippedLine === undefined).map((r) => r.runSpec);
  }

  /** The last traceback of helm-run itself, if it crashed (or reported failed runs with RunnerError). */
  get lastTraceback(): LoggedException | undefined {
    return this.tracebacks[this.tracebacks.length - 1];
  }

  private consume(lines: string[]): HelmRunLogEvent[] {
    const events: HelmRunLogEvent[] = [];
    for (const line of lines) {
      const event = this.consumeLine(line, this.lineNumber);
      if (event) events.push(event);
      this.lineNumber++;
    }
    return events;
  }

  private consumeLine(line: string, n: number): HelmRunLogEvent | undefined {
    // A record of HELM's own ends a traceback; its lines never look like one.
    const isRecord = TIMESTAMPED.test(line) || RUNNING.test(line) || FAILED.test(line) || BLOCK_END.test(line);
    if (this.traceback && !isRecord) {
      this.readTracebackLine(line, n);
      return undefined;
    }
    if (line.startsWith(TRACEBACK_START)) {
      this.closeTraceback();
      this.traceback = { afterException: false };
      return undefined;
    }
    this.closeTraceback();
    return this.readRecord(line, n);
  }

  private readRecord(line: string, n: number): HelmRunLogEvent | undefined {
    const failed = FAILED.exec(line);
    if (failed) {
      const run = this.run(failed[1], n);
      run.error = { line: n };
      this.traceback = { run, afterException: false };
      return { kind: 'failed', runSpec: run.runSpec, line: n };
    }
    const running = RUNNING.exec(line);
    if (running) {
      const run = this.run(running[2], n);
      this.open = { run, indent: blanksBefore(line, running.index + running[1].length) };
      return { kind: 'running', runSpec: run.runSpec, line: n };
    }
    const end = BLOCK_END.exec(line);
    if (end) {
      if (this.inRunSpecsBlock) this.inRunSpecsBlock = false;
      else if (this.open && blanksBefore(line, end.index + end[1].length) === this.open.indent) {
        this.open.run.closed = true;
        this.open = undefined;
      }
      return undefined;
    }
    const skipped = SKIPPED.exec(line);
    if (skipped) {
      this.run(skipped[1], n).skippedLine = n;
      return undefined;
    }
    if (this.inRunSpecsBlock) {
      const repr = RUN_SPEC_REPR.exec(line);
      if (repr) this.planned.push(pythonStringLiteral(repr[1]));
      return undefined;
    }
    if (RUN_SPECS_BLOCK.test(line)) {
      this.inRunSpecsBlock = true;
      return undefined;
    }
    const planned = PLANNED.exec(line);
    if (planned) {
      this.plannedCount = Number(planned[2]);
      return { kind: 'planned', count: this.plannedCount };
    }
    if (NO_RUN_SPECS.test(line)) this.noRunSpecs = true;
    else if (DONE.test(line)) this.sawDone = true;
    return undefined;
  }

  private readTracebackLine(line: string, n: number): void {
    const traceback = this.traceback;
    if (!traceback) return;
    if (line.trim() === '' || line.startsWith(TRACEBACK_START) || CHAINED.test(line) || /^\s/.test(line)) {
      traceback.afterException = false;
      return;
    }
    // The first unindented line after the frames is the exception; the next ones continue its message.
    if (!traceback.afterException && EXCEPTION_LINE.test(line)) traceback.last = { text: line.trim(), line: n };
    traceback.afterException = true;
  }

  private closeTraceback(): void {
    const traceback = this.traceback;
    this.traceback = undefined;
    if (!traceback) return;
    if (traceback.run?.error) traceback.run.error.exception = traceback.last;
    else if (!traceback.run && traceback.last) this.tracebacks.push(traceback.last);
  }

  private run(runSpec: string, line: number): RunSpecLog {
    let run = this.byName.get(runSpec);
    if (!run) {
      run = { runSpec, startLine: line, closed: false };
      this.byName.set(runSpec, run);
      this.runs.push(run);
    }
    return run;
  }
}

/** The number of blanks right before index `at` of `line`. */
function blanksBefore(line: string, at: number): number {
  let i = at;
  while (i > 0 && /\s/.test(line[i - 1])) i--;
  return at - i;
}

/** The progress text for the i-th (1-based) RunSpec of an expected total. */
export function progressMessage(index: number, total: number, runSpec: string): string {
  return total >= index ? `RunSpec ${index} of ${total}: ${runSpec}` : `RunSpec ${index}: ${runSpec}`;
}
