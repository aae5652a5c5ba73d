import { useEffect, useState } from 'react';
import { ThumbnailQueue } from './thumbnailQueue.js';

/**
 * Loads in flight at once. Main makes two thumbnails at a time (RenditionCache); a couple more
 * waiting there keep it busy between requests, without a backlog it cannot withdraw.
 */
const LOADS_AT_ONCE = 4;

/** Loads an image off-screen: the tile's <img> then draws it from the browser's memory cache. */
function preload(url: string): Promise<boolean> {
  const image = new Image();
  image.decoding = 'async';
  const done = new Promise<boolean>((resolve) => {
    image.onload = () => resolve(true);
    image.onerror = () => resolve(false);
  });
  image.src = url;
  return done;
}

/** One queue for the whole window: it outlives the grid, as does the browser's image cache. */
const thumbnails = new ThumbnailQueue(LOADS_AT_ONCE, preload);

/**
 * A tile's thumbnail through the queue (thumbnailQueue.ts): 'waiting' for its turn, then
 * 'ready' (the <img> may use the URL: it is cached) or 'failed' (main could not render it).
 */
export function useThumbnail(url: string): 'waiting' | 'ready' | 'failed' {
  const [answer, setAnswer] = useState<{ url: string; ok: boolean } | null>(null);
  useEffect(() => {
    const ticket = thumbnails.request(url, (ok) => setAnswer({ url, ok }));
    // Unmounted (scrolled past) or another photo: its answer is no longer wanted.
    return () => ticket.withdraw();
  }, [url]);
  if (answer?.url !== url) return 'waiting';
  return answer.ok ? 'ready' : 'failed';
}
