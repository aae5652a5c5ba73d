import { describe, expect, it } from 'vitest';
import { ThumbnailQueue } from './thumbnailQueue.js';

/** A loader whose loads finish when the test says so. */
function manualLoader() {
  const pending = new Map<string, (ok: boolean) => void>();
  const started: string[] = [];
  const load = (url: string) =>
    new Promise<boolean>((resolve) => {
      started.push(url);
      pending.set(url, resolve);
    });
  const finish = async (url: string, ok = true) => {
    pending.get(url)?.(ok);
    // Let the queue's promise callbacks run.
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { load, started, finish };
}

describe('ThumbnailQueue', () => {
  it('loads at most `limit` at a time, then the newest request first', async () => {
    const loader = manualLoader();
    const queue = new ThumbnailQueue(2, loader.load);
    const ready: string[] = [];
    for (const url of ['a', 'b', 'c', 'd', 'e']) queue.request(url, () => ready.push(url));
    expect(loader.started).toEqual(['a', 'b']);
    expect(queue.counts).toEqual({ waiting: 3, running: 2 });
    await loader.finish('a');
    expect(ready).toEqual(['a']);
    expect(loader.started).toEqual(['a', 'b', 'e']);
  });

  it('never loads a request withdrawn while waiting (a tile scrolled past)', async () => {
    const loader = manualLoader();
    const queue = new ThumbnailQueue(1, loader.load);
    queue.request('first', () => undefined);
    const passed = ['p1', 'p2', 'p3'].map((url) => queue.request(url, () => undefined));
    queue.request('in-view', () => undefined);
    for (const ticket of passed) ticket.withdraw();
    await loader.finish('first');
    await loader.finish('in-view');
    expect(loader.started).toEqual(['first', 'in-view']);
    expect(queue.counts).toEqual({ waiting: 0, running: 0 });
  });

  it('keeps the slot of a withdrawn load until main answers, and does not call it back', async () => {
    const loader = manualLoader();
    const queue = new ThumbnailQueue(1, loader.load);
    const ready: string[] = [];
    const gone = queue.request('gone', () => ready.push('gone'));
    queue.request('next', () => ready.push('next'));
    gone.withdraw();
    gone.withdraw();
    expect(loader.started).toEqual(['gone']);
    await loader.finish('gone');
    expect(loader.started).toEqual(['gone', 'next']);
    await loader.finish('next');
    expect(ready).toEqual(['next']);
  });

  it('answers at once for a thumbnail loaded before, and says when one failed', async () => {
    const loader = manualLoader();
    const queue = new ThumbnailQueue(1, loader.load);
    const answers: string[] = [];
    queue.request('x', (ok) => answers.push(`x ${ok}`));
    await loader.finish('x');
    queue.request('x', (ok) => answers.push(`x again ${ok}`));
    queue.request('bad', (ok) => answers.push(`bad ${ok}`));
    await loader.finish('bad', false);
    expect(answers).toEqual(['x true', 'x again true', 'bad false']);
    expect(loader.started).toEqual(['x', 'bad']);
  });
});
