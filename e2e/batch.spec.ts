// The batch queue on 20 real photos (small ones, copied into a temporary album so the outputs
// land in the `restored` folder beside it, the CLI's default): start the whole album, see
// progress and an ETA, pause (nothing new starts), resume, cancel midway (the photos in flight
// finish, nothing half-written is left), then resume the batch: the finished photos are skipped,
// not redone, and every photo ends with its restored copy.
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { callChannel, launchUrl, openFolder, photoGrid, watchProblems } from './support/app.js';
import { copyAlbum, smallPhotos, tempDir } from './support/photos.js';
import { screenshot } from './support/screenshots.js';

const COUNT = 20;

/** Files under `dir`, relative, '/' separated (none when it does not exist yet). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

const isImage = (file: string) => /\.(jpe?g|png)$/i.test(file);

/** Photos finished so far, from the progress bar (finished = done + skipped + failed). */
async function finished(page: Page): Promise<number> {
  const bar = page.getByRole('progressbar', { name: 'Batch progress' });
  return Number(await bar.getAttribute('aria-valuenow'));
}

test('batch of 20 photos: progress and ETA, pause, cancel midway, resume skips finished ones', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const work = await tempDir('batch');
  try {
    const album = path.join(work.dir, 'album');
    const restored = path.join(work.dir, 'restored');
    await copyAlbum(album, smallPhotos, COUNT);
    const problems = await watchProblems(page);
    await page.goto(launchUrl());
    // Outputs beside the album (the default), whatever an earlier test left in the settings.
    await callChannel(page, 'settingsSet', { outputFolder: null, format: 'same' });
    await openFolder(page, album);
    await expect(page.getByTestId('album-status')).toContainText(`${COUNT} photos`);

    await page.getByRole('button', { name: 'Restore album…' }).click();
    const panel = page.getByTestId('batch-panel');
    await panel.getByRole('button', { name: `Restore the whole album (${COUNT})` }).click();
    const summary = panel.getByTestId('batch-summary');
    // The photo in flight when Pause or Cancel is pressed still finishes; its row says Running
    // until then (the queue order keeps it near the top of the list, in view).
    const running = panel.locator('[data-testid="batch-item"][data-status="running"]');
    await expect(summary).toContainText('Running');
    // An ETA once the first photo has finished.
    await expect(summary).toContainText(/about .+ left/, { timeout: 60_000 });
    await screenshot(page, testInfo, 'batch-running', 'app-batch.png');

    // Pause: the photo in flight finishes, then nothing moves until Resume.
    await panel.getByRole('button', { name: 'Pause' }).click();
    await expect(summary).toContainText('Paused', { timeout: 60_000 });
    await expect(running).toHaveCount(0, { timeout: 60_000 });
    const paused = await finished(page);
    await page.waitForTimeout(1500);
    expect(await finished(page)).toBe(paused);
    await panel.getByRole('button', { name: 'Resume' }).click();
    await expect(summary).toContainText('Running');

    // Cancel midway.
    await expect
      .poll(() => finished(page), { timeout: 120_000 })
      .toBeGreaterThanOrEqual(paused + 2);
    await panel.getByRole('button', { name: 'Cancel batch' }).click();
    await expect(summary).toContainText('Cancelled', { timeout: 60_000 });
    // Once the photo in flight has finished, exactly the finished photos have outputs, and
    // nothing half-written is left.
    await expect(panel.locator('[data-testid="batch-item"][data-status="running"]')).toHaveCount(
      0,
      {
        timeout: 60_000,
      },
    );
    const done = await finished(page);
    expect(done).toBeLessThan(COUNT);
    await screenshot(page, testInfo, 'batch-cancelled');
    const afterCancel = await filesUnder(restored);
    const outputs = afterCancel.filter((f) => isImage(f));
    expect(outputs).toHaveLength(done);
    expect(afterCancel.filter((f) => /\.tmp$|\.partial$/.test(f))).toEqual([]);
    const firstWrites = new Map(
      await Promise.all(
        outputs.map(async (f) => [f, (await fs.stat(path.join(restored, f))).mtimeMs] as const),
      ),
    );

    // Resume: the same batch again; finished photos are skipped, the rest restored.
    await panel.getByRole('button', { name: 'Resume (skips finished photos)' }).click();
    await expect(summary).toContainText('Done', { timeout: 180_000 });
    await expect(summary).toContainText(`${COUNT} of ${COUNT} photos`);
    await expect(summary).toContainText(`${done} skipped`);
    await expect(panel.getByTestId('batch-failures')).toHaveCount(0);
    const images = (await filesUnder(restored)).filter(isImage);
    const expected = (await filesUnder(album)).filter(isImage);
    expect(images).toEqual(expected);
    for (const [file, mtime] of firstWrites) {
      expect((await fs.stat(path.join(restored, file))).mtimeMs, file).toBe(mtime);
    }
    await screenshot(page, testInfo, 'batch-done');

    // "Open output folder": bridge mode has no file manager, so the path is shown to copy.
    await panel.getByRole('button', { name: 'Open output folder' }).click();
    await expect(panel.getByTestId('copy-path-text')).toHaveText(restored);
    expect(problems).toEqual([]);
  } finally {
    await work.remove();
  }
});

test('batch of the selected photos: a damaged file is listed as failed with its reason, and says why it cannot be opened', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const work = await tempDir('batch-selected');
  try {
    const album = path.join(work.dir, 'album');
    const [good] = await copyAlbum(album, smallPhotos.slice(0, 2));
    // The first 2 KB of a real JPEG: a header that promises pixels the file does not have.
    const damaged = path.join(album, 'damaged.jpg');
    await fs.writeFile(damaged, (await fs.readFile(good as string)).subarray(0, 2048));
    const problems = await watchProblems(page);
    await page.goto(launchUrl());
    await callChannel(page, 'settingsSet', { outputFolder: null, format: 'same' });
    await openFolder(page, album);
    await expect(page.getByTestId('album-status')).toContainText('3 photos');

    // Ctrl+click selects: the damaged file and one good photo, not the third.
    const grid = photoGrid(page);
    await grid
      .getByRole('gridcell', { name: 'damaged.jpg' })
      .click({ modifiers: ['ControlOrMeta'] });
    await grid
      .getByRole('gridcell', { name: path.basename(good as string) })
      .click({ modifiers: ['ControlOrMeta'] });
    await expect(page.getByTestId('selected-count')).toHaveText('2 selected');
    await page.getByRole('button', { name: 'Restore selected…' }).click();
    const panel = page.getByTestId('batch-panel');
    await panel.getByRole('button', { name: 'Restore 2 selected photos' }).click();
    const summary = panel.getByTestId('batch-summary');
    await expect(summary).toContainText('Done', { timeout: 90_000 });
    await expect(summary).toContainText('2 of 2 photos · 1 failed');
    const failures = panel.getByTestId('batch-failures');
    await expect(failures).toContainText('damaged.jpg: ');
    // A reason the user can act on, not just "failed".
    expect(((await failures.textContent()) ?? '').length).toBeGreaterThan(
      'damaged.jpg: '.length + 10,
    );
    await screenshot(page, testInfo, 'batch-failure');
    // Opened on its own, the damaged file says why it cannot be shown; Esc goes back.
    await panel.getByRole('button', { name: 'Close' }).click();
    await grid.getByRole('gridcell', { name: 'damaged.jpg' }).dblclick();
    await expect(page.getByRole('heading', { name: 'Could not open damaged.jpg' })).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
    await screenshot(page, testInfo, 'photo-error');
    await page.keyboard.press('Escape');
    await expect(grid).toBeVisible();
    // Only the good photo has an output (beside the batch's manifest).
    const outputs = (await filesUnder(path.join(work.dir, 'restored'))).filter(isImage);
    expect(outputs).toEqual([path.basename(good as string)]);
    expect(problems).toEqual([]);
  } finally {
    await work.remove();
  }
});
