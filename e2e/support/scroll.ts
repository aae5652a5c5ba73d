/// <reference lib="dom" />
// Scrolls the album grid in the real renderer and measures what a user would feel, with the
// Performance API inside the page: frame times (requestAnimationFrame deltas), long tasks
// (PerformanceObserver 'longtask': main-thread work over 50 ms) and the DOM size while
// scrolling (a virtualised grid keeps it flat however large the album is).
// Used by e2e/album-scroll.spec.ts (generous bounds) and scripts/bench-album-scroll.ts (figures).
import type { Page } from '@playwright/test';
import { loadedThumbnailsInView, openAlbum, photoGrid, thumbnailsInView } from './app.js';

export interface ScrollPlan {
  /** Scroll distance per animation frame: 400 px is a fast drag of the scrollbar. */
  pxPerFrame: number;
  /**
   * Omitted: scroll from the top to the bottom once. A number: scroll that many frames, turning
   * round at either end (the same motion on an album too short to scroll through).
   */
  frames?: number;
}

export interface ScrollFigures {
  frames: number;
  scrolledPx: number;
  durationMs: number;
  frameP50: number;
  frameP95: number;
  frameMax: number;
  /** Frames over 50 ms: a visible stutter. */
  slowFrames: number;
  longTasks: number;
  longTaskMs: number;
  longTaskMax: number;
  /** Elements in the whole document, most seen in any frame. */
  maxDomNodes: number;
  /** Photo tiles in the document, most seen in any frame. */
  maxTiles: number;
  reachedBottom: boolean;
}

interface Raw {
  deltas: number[];
  longTasks: number[];
  scrolledPx: number;
  maxDomNodes: number;
  maxTiles: number;
  reachedBottom: boolean;
}

/** Runs `plan` on the album grid of `page` (an album must be open) and returns the figures. */
export async function scrollGrid(page: Page, plan: ScrollPlan): Promise<ScrollFigures> {
  const raw = await photoGrid(page).evaluate(
    // No named helpers in here: tsx (the benchmark's loader) would wrap them in a `__name`
    // call that does not exist in the page.
    async (el, { pxPerFrame, frames }): Promise<Raw> => {
      const longTasks: number[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks.push(entry.duration);
      });
      observer.observe({ type: 'longtask' });
      const nodes = document.getElementsByTagName('*');
      const tiles = el.getElementsByTagName('img'); // one thumbnail per photo tile
      // The grid's full height is known up front (virtualised rows): the bottom does not move.
      const bottom = el.scrollHeight - el.clientHeight - 1;

      el.scrollTop = 0;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      let previous = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const deltas: number[] = [];
      let direction = 1;
      let scrolledPx = 0;
      let maxDomNodes = 0;
      let maxTiles = 0;
      for (let frame = 0; frames === undefined || frame < frames; frame++) {
        const before = el.scrollTop;
        el.scrollTop = before + direction * pxPerFrame;
        scrolledPx += Math.abs(el.scrollTop - before);
        const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
        deltas.push(now - previous);
        previous = now;
        maxDomNodes = Math.max(maxDomNodes, nodes.length);
        maxTiles = Math.max(maxTiles, tiles.length);
        if (el.scrollTop >= bottom) {
          if (frames === undefined) break;
          direction = -1;
        } else if (el.scrollTop === 0) {
          direction = 1;
        }
      }
      // Long tasks are reported after they end: let the observer catch up.
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await new Promise((resolve) => requestAnimationFrame(resolve));
      for (const entry of observer.takeRecords()) longTasks.push(entry.duration);
      observer.disconnect();
      const reachedBottom = el.scrollTop >= bottom;
      return { deltas, longTasks, scrolledPx, maxDomNodes, maxTiles, reachedBottom };
    },
    { pxPerFrame: plan.pxPerFrame, frames: plan.frames },
  );
  const sorted = [...raw.deltas].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    frames: raw.deltas.length,
    scrolledPx: raw.scrolledPx,
    durationMs: raw.deltas.reduce((a, b) => a + b, 0),
    frameP50: at(0.5),
    frameP95: at(0.95),
    frameMax: sorted.at(-1) ?? 0,
    slowFrames: raw.deltas.filter((d) => d > 50).length,
    longTasks: raw.longTasks.length,
    longTaskMs: raw.longTasks.reduce((a, b) => a + b, 0),
    longTaskMax: Math.max(0, ...raw.longTasks),
    maxDomNodes: raw.maxDomNodes,
    maxTiles: raw.maxTiles,
    reachedBottom: raw.reachedBottom,
  };
}

/** One line per album, aligned, for logs and the benchmark's output. */
export function formatFigures(label: string, f: ScrollFigures): string {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return [
    label.padEnd(18),
    `${f.frames} frames, ${Math.round(f.scrolledPx)} px in ${(f.durationMs / 1000).toFixed(1)} s;`,
    `frame p50 ${ms(f.frameP50)}, p95 ${ms(f.frameP95)}, max ${ms(f.frameMax)}, >50 ms: ${f.slowFrames};`,
    `long tasks ${f.longTasks} (${ms(f.longTaskMs)} total, max ${ms(f.longTaskMax)});`,
    `DOM ${f.maxDomNodes} elements, ${f.maxTiles} tiles at most`,
  ].join(' ');
}

export interface ScrollComparison {
  album: ScrollFigures;
  reference: ScrollFigures;
  /** Time from "Open" to the first thumbnail of the large album, scan included. */
  openMs: number;
  /**
   * After the scroll stops at the bottom: time until every thumbnail in view has loaded (the
   * rows flown past should not hold up the ones the user stopped on); null when not measured.
   */
  settleMs: number | null;
  /** The photos in view at the bottom of the large album (alt texts: relative paths). */
  lastInView: string[];
}

/** The motion both albums get: a fast scrollbar drag. */
const PX_PER_FRAME = 400;

/**
 * The check itself: the large album scrolled top to bottom, then the reference measured in the
 * same page and run: the small album moved the same way for as many frames (up and down, as it is
 * short), so the ratio shows what the album's size costs, not this machine's speed.
 */
export async function compareScroll(
  page: Page,
  large: { folder: string; count: number },
  small: { folder: string; count: number },
  options: { screenshot?: string; settleTimeoutMs?: number } = {},
): Promise<ScrollComparison> {
  const start = Date.now();
  await openAlbum(page, large.folder, large.count);
  const openMs = Date.now() - start;
  const album = await scrollGrid(page, { pxPerFrame: PX_PER_FRAME });
  const stopped = Date.now();
  let settleMs: number | null = null;
  if (options.settleTimeoutMs) {
    await loadedThumbnailsInView(page, options.settleTimeoutMs);
    settleMs = Date.now() - stopped;
  }
  const lastInView = (await thumbnailsInView(page)).map((t) => t.alt);
  if (options.screenshot) await page.screenshot({ path: options.screenshot });
  await openAlbum(page, small.folder, small.count);
  const reference = await scrollGrid(page, { pxPerFrame: PX_PER_FRAME, frames: album.frames });
  return { album, reference, openMs, settleMs, lastInView };
}

export function formatComparison(c: ScrollComparison, largeCount: number, smallCount: number) {
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
  return [
    formatFigures(`${largeCount} photos`, c.album),
    formatFigures(`${smallCount} (reference)`, c.reference),
    `ratio ${largeCount}/${smallCount}: frame p50 ${ratio(c.album.frameP50, c.reference.frameP50)}, ` +
      `p95 ${ratio(c.album.frameP95, c.reference.frameP95)}, ` +
      `DOM ${ratio(c.album.maxDomNodes, c.reference.maxDomNodes)}; ` +
      `opening ${largeCount} photos: ${c.openMs} ms to the first thumbnail` +
      (c.settleMs === null
        ? ''
        : `; thumbnails in view loaded ${c.settleMs} ms after the scroll stopped`),
  ].join('\n');
}
