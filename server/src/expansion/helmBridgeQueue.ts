// The order questions reach the one Python helper in: interactive ones (hover, preview) first, background checks after, abandoned ones never.
import type { CancelToken } from './helmBridgeTypes';

export type Lane = 'interactive' | 'background';

interface Job {
  lane: Lane;
  /** One per asker; a job whose askers all cancelled is skipped. An asker without a token never cancels. */
  tokens: Array<CancelToken | undefined>;
  run: () => Promise<void>;
  skip: () => void;
  done: boolean;
}

/** A queued question: more askers can join it, an interactive one moves it to the front lane. */
export interface QueuedJob {
  join(lane: Lane, token?: CancelToken): void;
}

/** Runs one job at a time, so that each timeout measures HELM's work on its own question. */
export class RequestQueue {
  private readonly lanes: Record<Lane, Job[]> = { interactive: [], background: [] };
  private running = false;

  /**
   * Queues `work`; resolves with its value, or with `skipped()` when every asker cancelled before it
   * ran. `work` must not throw.
   */
  add<T>(work: () => Promise<T>, lane: Lane, token: CancelToken | undefined, skipped: () => T): { promise: Promise<T>; job: QueuedJob } {
    let resolve!: (value: T) => void;
    const promise = new Promise<T>((r) => (resolve = r));
    const job: Job = {
      lane,
      tokens: [token],
      run: async () => {
        try {
          resolve(await work());
        } catch {
          resolve(skipped());
        }
      },
      skip: () => resolve(skipped()),
      done: false,
    };
    this.lanes[lane].push(job);
    this.pump();
    return {
      promise,
      job: {
        join: (joinLane, joinToken) => {
          if (job.done) return;
          job.tokens.push(joinToken);
          if (joinLane === 'interactive' && job.lane === 'background') {
            this.lanes.background.splice(this.lanes.background.indexOf(job), 1);
            job.lane = 'interactive';
            this.lanes.interactive.push(job);
          }
        },
      },
    };
  }

  /** Jobs waiting (not the running one). */
  get pending(): number {
    return this.lanes.interactive.length + this.lanes.background.length;
  }

  private pump(): void {
    if (this.running) return;
    this.running = true;
    void (async () => {
      try {
        for (;;) {
          const job = this.lanes.interactive.shift() ?? this.lanes.background.shift();
          if (!job) break;
          job.done = true;
          if (job.tokens.every((t) => t?.isCancellationRequested)) job.skip();
          else await job.run();
        }
      } finally {
        this.running = false;
      }
    })();
  }
}
