/// <reference lib="dom" />
// Driving the app in a page: where it runs, what must never happen, and opening a folder the
// way a user does in browser mode (the typed-path dialog).
import { expect, type Locator, type Page } from '@playwright/test';
import {
  unwrap,
  wire,
  type ArgsOf,
  type ChannelName,
  type Envelope,
  type ResultOf,
} from '../../electron/ipc/contract.js';

/** The bridge's one-time launch URL, set by e2e/global-setup.ts. */
export function launchUrl(): string {
  const url = process.env.FACE_DEBLUR_E2E_URL;
  if (!url) throw new Error('FACE_DEBLUR_E2E_URL is unset: run through playwright.config.ts');
  return url;
}

/** Console errors and CSP violations: the app must produce none. */
export async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e: SecurityPolicyViolationEvent) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
    ),
  );
  return problems;
}

export async function openFolder(page: Page, folder: string, screenshot?: string): Promise<void> {
  await page.getByRole('button', { name: 'Open folder' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Open folder' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Folder path on this computer').fill(folder);
  if (screenshot) await page.screenshot({ path: screenshot });
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
}

/** Opens `folder` and waits until the grid lists its `count` photos and shows a thumbnail. */
export async function openAlbum(page: Page, folder: string, count: number): Promise<void> {
  await openFolder(page, folder);
  await expect(page.locator('.toolbar__folder')).toContainText(`${count} photos`);
  await expect(photoGrid(page).locator('img').first()).toBeVisible();
}

/** The album's virtualised grid (the scrolling element); each photo in it has one <img>. */
export function photoGrid(page: Page): Locator {
  return page.getByLabel('Photos', { exact: true });
}

export interface ThumbnailInView {
  src: string;
  alt: string;
  naturalWidth: number;
  complete: boolean;
}

/** The grid's thumbnails at least partly inside the window. */
export function thumbnailsInView(page: Page): Promise<ThumbnailInView[]> {
  return photoGrid(page)
    .locator('img')
    .evaluateAll((imgs) =>
      (imgs as HTMLImageElement[])
        .filter((img) => {
          const box = img.getBoundingClientRect();
          return box.bottom > 0 && box.top < window.innerHeight;
        })
        .map((img) => ({
          src: img.currentSrc,
          alt: img.alt,
          naturalWidth: img.naturalWidth,
          // A tile waiting for its turn to load has no src yet (and counts as complete).
          complete: img.complete && img.hasAttribute('src'),
        })),
    );
}

/** Waits until every thumbnail in view has loaded (or failed), and returns them. */
export async function loadedThumbnailsInView(
  page: Page,
  timeout = 30_000,
): Promise<ThumbnailInView[]> {
  await expect
    .poll(async () => (await thumbnailsInView(page)).every((t) => t.complete), { timeout })
    .toBe(true);
  return thumbnailsInView(page);
}

/**
 * Calls a channel the way the renderer does over the bridge (same session cookie), to set up
 * state a test is not about (e.g. the output folder) or to read what the UI does not show.
 */
export async function callChannel<K extends ChannelName>(
  page: Page,
  channel: K,
  args: ArgsOf<K>,
): Promise<ResultOf<K>> {
  const envelope = await page.evaluate(
    async ({ route, args }) => {
      const res = await fetch(route, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
      return (await res.json()) as Envelope<unknown>;
    },
    { route: wire.route(channel), args },
  );
  return unwrap(envelope) as ResultOf<K>;
}
