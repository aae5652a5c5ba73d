/// <reference lib="dom" />
// The album as a library, on a temporary copy of real photos with a sub-folder and a photo
// without faces: the sub-folder option, the filters (has faces, blurry, restored) and the blur
// sort on the facts main analyses, the "nothing matches" state, and the grid by keyboard alone
// (cursor, selection, open, step through photos, back).
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { launchUrl, openFolder, photoGrid, watchProblems } from './support/app.js';
import { copyAlbum, smallPhotos, tempDir } from './support/photos.js';
import { screenshot } from './support/screenshots.js';

/** Names of the grid's photos in display order (all in view: the album is small). */
function tileNames(page: Page): Promise<string[]> {
  return photoGrid(page)
    .getByRole('gridcell')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('aria-label') ?? ''));
}

async function choose(page: Page, label: string, option: string): Promise<void> {
  await page
    .getByRole('toolbar', { name: 'Album' })
    .getByLabel(label)
    .selectOption({ label: option });
}

test('library: sub-folders, filters, blur sort and keyboard navigation', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const work = await tempDir('library');
  try {
    const album = path.join(work.dir, 'album');
    // 4 photos at the top, 2 in card-2/, and a grey frame without any face.
    await copyAlbum(album, smallPhotos.slice(0, 4), 6);
    await sharp({ create: { width: 320, height: 240, channels: 3, background: '#777' } })
      .jpeg()
      .toFile(path.join(album, 'zz-no-face.jpg'));
    const problems = await watchProblems(page);
    await page.goto(launchUrl());
    await openFolder(page, album);
    const status = page.getByTestId('album-status');
    await expect(status).toHaveText(/^7 photos/);

    // Sub-folders off: the top folder only; on again: all of them.
    const subfolders = page.getByRole('checkbox', { name: 'Sub-folders' });
    await subfolders.uncheck();
    await expect(status).toHaveText(/^5 photos/);
    expect((await tileNames(page)).length).toBe(5);
    await subfolders.check();
    await expect(status).toHaveText(/^7 photos/);

    // Facts for every photo (face counts): the filters need them all.
    await choose(page, 'Faces', 'Has faces');
    // "analysing N…" until every photo's facts are in.
    await expect(status).toHaveText('6 of 7 photos', { timeout: 90_000 });
    expect(await tileNames(page)).not.toContain('zz-no-face.jpg');
    await expect(photoGrid(page).getByTestId('face-count').first()).toBeVisible();

    // Blur sort: blurriest face first, the photo without faces last.
    await choose(page, 'Faces', 'Any');
    await choose(page, 'Sort', 'Blur (blurriest first)');
    await expect(status).toHaveText('7 photos');
    await expect.poll(async () => (await tileNames(page)).at(-1)).toBe('zz-no-face.jpg');
    const sharpness = await photoGrid(page)
      .getByRole('gridcell')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-sharpness')));
    const scores = sharpness.filter((s) => s !== null).map(Number);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    await screenshot(page, testInfo, 'library-blur-sort');

    // Nothing restored yet: the "restored" filter shows the designed empty state.
    await choose(page, 'Restored', 'Restored');
    await expect(
      page.getByRole('heading', { name: 'No photo matches these filters' }),
    ).toBeVisible();
    await screenshot(page, testInfo, 'library-no-match');
    await choose(page, 'Restored', 'Not restored');
    await expect(status).toHaveText('7 photos');
    await choose(page, 'Sort', 'Name');

    // Keyboard only: focus lands on the first photo, arrows move, Space selects, Ctrl+A, Esc.
    const grid = photoGrid(page);
    await grid.focus();
    await expect(grid).toHaveAttribute('aria-activedescendant', 'tile-0');
    await page.keyboard.press('ArrowRight');
    await expect(grid).toHaveAttribute('aria-activedescendant', 'tile-1');
    await page.keyboard.press('Space');
    await expect(page.getByTestId('selected-count')).toHaveText('1 selected');
    await page.keyboard.press('End');
    await expect(grid).toHaveAttribute('aria-activedescendant', 'tile-6');
    await page.keyboard.press('Home');
    await expect(grid).toHaveAttribute('aria-activedescendant', 'tile-0');
    await page.keyboard.press('ControlOrMeta+a');
    await expect(page.getByTestId('selected-count')).toHaveText('7 selected');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('selected-count')).toHaveCount(0);

    // Enter opens the photo under the cursor, Page Down steps to the next, Esc goes back to the
    // grid with the keyboard on the photo last shown.
    const names = await tileNames(page);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: names[0], level: 2 })).toBeVisible();
    await page.keyboard.press('PageDown');
    await expect(page.getByRole('heading', { name: names[1], level: 2 })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(grid).toBeFocused();
    await expect(grid).toHaveAttribute('aria-activedescendant', 'tile-1');

    expect(problems).toEqual([]);
  } finally {
    await work.remove();
  }
});
