/**
 * Hands MediaPipe jobs (one tile, one face crop) to whichever worker is free. A static split
 * (half the tiles to each worker) left one core idle whenever the halves took unequal time: tiles
 * cost 4-8 ms each depending on their content, a face mesh ~30 ms, and 3 meshes on 2 workers
 * kept one worker idle for a whole mesh. With one shared queue both cores stay busy until the
 * last job, and jobs from concurrent callers (a batch restoring two photos at once) interleave.
 */
import type { LandmarkerClient } from './landmarkerClient.js';

type Job = (client: LandmarkerClient) => Promise<void>;

export class LandmarkerPool {
  private readonly idle: LandmarkerClient[];
  /** Waiting jobs: the `ahead` ones first (aheadCount of them), in submission order each. */
  private readonly queue: Job[] = [];
  private aheadCount = 0;

  constructor(readonly clients: readonly LandmarkerClient[]) {
    if (clients.length === 0) throw new RangeError('LandmarkerPool needs at least one worker');
    // One job in flight per worker: a second one queued inside a busy worker could wait behind
    // a mesh while the other worker sits idle.
    this.idle = [...clients];
  }

  /**
   * Runs `work` on the next free worker. Jobs start in the order they were submitted, except
   * that `ahead` jobs go before every waiting plain job: long jobs (a face mesh) first keeps the
   * short ones (tiles) for the end, where they fill both workers evenly.
   */
  run<T>(work: (client: LandmarkerClient) => Promise<T>, { ahead = false } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = (client) => work(client).then(resolve, reject);
      if (ahead) this.queue.splice(this.aheadCount++, 0, job);
      else this.queue.push(job);
      this.pump();
    });
  }

  /** Runs one job per item, all queued at once, results in item order. */
  map<I, T>(items: readonly I[], work: (client: LandmarkerClient, item: I) => Promise<T>) {
    return Promise.all(items.map((item) => this.run((client) => work(client, item))));
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const client = this.idle.pop()!; // eslint-disable-line @typescript-eslint/no-non-null-assertion -- length checked
      const job = this.queue.shift()!; // eslint-disable-line @typescript-eslint/no-non-null-assertion -- length checked
      if (this.aheadCount > 0) this.aheadCount--;
      void job(client).finally(() => {
        this.idle.push(client);
        this.pump();
      });
    }
  }
}
