/**
 * Which album thumbnails load, and in which order. A fast scroll through 5,000 photos mounts
 * and unmounts thousands of tiles; if each set its <img> src at once, every request would reach
 * main (the browser keeps loading images that left the page) and main would make the thumbnails
 * of rows flown past before the ones the user stopped on (measured: about two minutes at the
 * bottom of a 5,000-photo album on a loaded 2-core machine). So a tile asks this queue instead:
 * - at most `limit` loads at a time, counted until main has answered (a tile scrolled past does
 *   not free its slot early: its request is still being made in main), so main never holds more
 *   than `limit` requests;
 * - newest request first: the tiles mounted last are the ones in view now;
 * - a tile that unmounts before its turn withdraws its request, so it never reaches main;
 * - a thumbnail loaded once is in the browser's cache: it is shown at once, without a slot.
 */
export interface ThumbnailTicket {
  /** The tile no longer wants the answer (unmounted, another photo). Idempotent. */
  withdraw(): void;
}

/** Loads `url` into the browser's image cache; true when it decoded. */
export type ImageLoader = (url: string) => Promise<boolean>;

/** The ticket of a thumbnail already in the browser's cache: nothing to withdraw. */
const CACHED: ThumbnailTicket = { withdraw: () => undefined };

export class ThumbnailQueue {
  readonly #limit: number;
  readonly #load: ImageLoader;
  /** Waiting requests' start functions, oldest first; the last one starts next. */
  readonly #waiting: (() => void)[] = [];
  readonly #loaded = new Set<string>();
  #running = 0;

  constructor(limit: number, load: ImageLoader) {
    this.#limit = limit;
    this.#load = load;
  }

  /**
   * Asks for `url`; `ready` is called once it is in the browser's cache (true) or failed to
   * load (false), unless withdrawn first. Called at once when it is already cached.
   */
  request(url: string, ready: (ok: boolean) => void): ThumbnailTicket {
    if (this.#loaded.has(url)) {
      ready(true);
      return CACHED;
    }
    let wanted = true;
    let waiting = true;
    const run = () => {
      waiting = false;
      this.#running++;
      void this.#load(url)
        .catch(() => false)
        .then((ok) => {
          if (ok) this.#loaded.add(url);
          this.#running--;
          this.#next();
          if (wanted) ready(ok);
        });
    };
    if (this.#running < this.#limit) run();
    else this.#waiting.push(run);
    return {
      withdraw: () => {
        if (wanted && waiting) this.#waiting.splice(this.#waiting.indexOf(run), 1);
        wanted = false;
      },
    };
  }

  /** Requests waiting for a slot, and loads in flight (for tests). */
  get counts(): { waiting: number; running: number } {
    return { waiting: this.#waiting.length, running: this.#running };
  }

  #next(): void {
    while (this.#running < this.#limit) {
      const run = this.#waiting.pop();
      if (!run) return;
      run();
    }
  }
}
