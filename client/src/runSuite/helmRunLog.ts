// Reads helm-run's log as it streams: which RunSpec is running, which failed. Pure, no VS Code.

export type HelmRunLogEvent =
  | { kind: 'running'; runSpec: string }
  | { kind: 'failed'; runSpec: string };

// HELM's hierarchical logger writes `<indent>Running <name> {` when a RunSpec starts and
// `Error when running <name>:` (then the traceback) when it fails; a log format may prefix both.
const RUNNING = /(?:^|\s)Running (.+) \{\s*$/;
const FAILED = /(?:^|\s)Error when running (.+):\s*$/;

/** The event one complete log line stands for, if any. */
export function parseHelmRunLogLine(line: string): HelmRunLogEvent | undefined {
  const failed = FAILED.exec(line);
  if (failed) return { kind: 'failed', runSpec: failed[1] };
  const running = RUNNING.exec(line);
  if (running) return { kind: 'running', runSpec: running[1] };
  return undefined;
}

/** Cuts a stream of output chunks into lines (any of `\n`, `\r\n`, `\r`) and tracks the run. */
export class HelmRunLogReader {
  private pending = '';
  readonly started: string[] = [];
  readonly failed: string[] = [];

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
    return rest ? this.consume([rest]) : [];
  }

  /** RunSpecs that started and did not fail. */
  get done(): string[] {
    const failed = new Set(this.failed);
    return this.started.filter((name) => !failed.has(name));
  }

  private consume(lines: string[]): HelmRunLogEvent[] {
    const events: HelmRunLogEvent[] = [];
    for (const line of lines) {
      const event = parseHelmRunLogLine(line);
      if (!event) continue;
      if (event.kind === 'running') this.started.push(event.runSpec);
      else if (!this.failed.includes(event.runSpec)) this.failed.push(event.runSpec);
      events.push(event);
    }
    return events;
  }
}

/** The progress text for the i-th (1-based) RunSpec of an expected total. */
export function progressMessage(index: number, total: number, runSpec: string): string {
  return total >= index ? `RunSpec ${index} of ${total}: ${runSpec}` : `RunSpec ${index}: ${runSpec}`;
}
