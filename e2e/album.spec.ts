/// <reference lib="dom" />
// The real renderer in Chromium against the real services over the loopback bridge: open the
// shared photo folder through "Open folder" and see its thumbnails served by the media route.
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { sharedDataDir } from '../electron/core/paths.js';
import {
  launchUrl,
  loadedThumbnailsInView,
  openFolder,
  photoGrid,
  watchProblems,
} from './support/app.js';

const photos = path.join(sharedDataDir(), 'photos');

test('opens the shared photos folder and shows thumbnails from the media route', async ({
  page,
}, testInfo) => {
  const problems = await watchProblems(page);
  const response = await page.goto(launchUrl());
  expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");

  await expect(page.getByRole('heading', { name: 'No folder open' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('empty-album.png') });

  await openFolder(page, photos, testInfo.outputPath('open-folder-dialog.png'));
  await expect(page.locator('.toolbar__folder')).toContainText('64 photos');
  const images = photoGrid(page).locator('img');
  await expect(images.first()).toBeVisible();

  // Every thumbnail in view has really loaded, and from the bridge's media route.
  const origin = new URL(launchUrl()).origin;
  const loaded = await loadedThumbnailsInView(page);
  expect(loaded.length).toBeGreaterThanOrEqual(8);
  for (const { src, naturalWidth: width } of loaded) {
    const url = new URL(src);
    expect(url.origin).toBe(origin);
    expect(url.pathname).toBe('/media/thumb');
    expect(url.searchParams.get('path')?.startsWith(photos + path.sep)).toBe(true);
    expect(width, src).toBeGreaterThan(0);
  }
  // Face counts arrive from main for the photos in view.
  await expect(photoGrid(page).getByTestId('face-count').first()).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: testInfo.outputPath('album-grid.png') });

  // The virtualised grid renders more rows as it scrolls, and those load too.
  const firstSrc = loaded[0]?.src;
  await photoGrid(page).evaluate((el) => el.scrollTo(0, el.scrollHeight));
  const last = images.last();
  await expect(last).toBeVisible();
  await expect
    .poll(() => last.evaluate((img) => (img as HTMLImageElement).naturalWidth))
    .toBeGreaterThan(0);
  expect(await images.first().getAttribute('src')).not.toBe(firstSrc);

  expect(problems).toEqual([]);
});

test('says why a folder cannot be opened', async ({ page }) => {
  await page.goto(launchUrl());
  const missing = path.join(photos, 'no-such-folder');
  await openFolder(page, missing);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`Could not open ${missing}`);
  await expect(alert).toContainText('No such file or folder');
});

test('the media route refuses files outside the opened folders', async ({ page }) => {
  await page.goto(launchUrl());
  await openFolder(page, path.join(photos, 'portrait'));
  await expect(page.locator('.toolbar__folder')).toContainText('photos');
  // A real image the session never opened (the other tests open only photos/).
  const face = path.join(sharedDataDir(), 'faces', 'lfw-deepfunneled', 'Gordon_McDonald_0001.jpg');
  const statuses = await page.evaluate(
    async (files) => {
      const out: number[] = [];
      for (const f of files) {
        out.push((await fetch(`/media/thumb?path=${encodeURIComponent(f)}`)).status);
      }
      return out;
    },
    [
      face,
      `${photos}/portrait/../../faces/lfw-deepfunneled/Gordon_McDonald_0001.jpg`,
      '/etc/passwd',
    ],
  );
  expect(statuses).toEqual([403, 403, 403]);
});
