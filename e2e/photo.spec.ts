/// <reference lib="dom" />
// The photographer's main loop on real photos, in the real renderer against the real services:
// open an album, see thumbnails, open a group photo, see its faces with their blur scores,
// zoom, click a face and see every step of its restoration (aligned blurry crop, sketch, kernel
// with size and confidence, x0, final), re-run with another strength; then before/after on the
// whole photo and on one face: drag the split slider, press and hold, side by side.
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  loadedThumbnailsInView,
  launchUrl,
  openFolder,
  photoGrid,
  watchProblems,
} from './support/app.js';
import { groupPhoto, singleFace } from './support/photos.js';
import { screenshot } from './support/screenshots.js';

/** Every <img> under `scope` has loaded real pixels. */
async function expectImagesLoaded(scope: Locator): Promise<void> {
  await expect
    .poll(() =>
      scope
        .locator('img')
        .evaluateAll((imgs) =>
          (imgs as HTMLImageElement[]).every((img) => img.complete && img.naturalWidth > 0),
        ),
    )
    .toBe(true);
}

/** Opens the album folder of `photo` and the photo itself, as a user does (double click). */
async function openPhoto(page: Page, photo: string): Promise<void> {
  await openFolder(page, path.dirname(photo));
  const name = path.basename(photo);
  await photoGrid(page).getByRole('gridcell', { name }).dblclick();
  await expect(page.getByRole('heading', { name, level: 2 })).toBeVisible();
}

/** Drags the split handle of the compare view to `fraction` of its pane's width. */
async function dragSplit(page: Page, fraction: number): Promise<void> {
  const handle = page.getByRole('slider', { name: 'Before/after split' });
  const from = await handle.boundingBox();
  const pane = await page.getByTestId('compare-split').boundingBox();
  if (!from || !pane) throw new Error('the split view is not laid out');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(pane.x + pane.width * fraction, from.y + from.height / 2, { steps: 8 });
  await page.mouse.up();
}

test('album to face panel: thumbnails, a group photo with its faces, one face step by step', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const problems = await watchProblems(page);
  await page.goto(launchUrl());

  // (The whole shared album, its thumbnails and face counts: album.spec.ts.)
  await openFolder(page, path.dirname(groupPhoto));
  await expect(page.getByTestId('album-status')).toContainText('9 photos');
  expect((await loadedThumbnailsInView(page)).every((t) => t.naturalWidth > 0)).toBe(true);
  await screenshot(page, testInfo, 'album');
  const name = path.basename(groupPhoto);
  await photoGrid(page).getByRole('gridcell', { name }).dblclick();
  await expect(page.getByRole('heading', { name, level: 2 })).toBeVisible();
  await expect(page.getByTestId('photo-meta')).toContainText('1280×886');
  const stage = page.getByTestId('photo-stage');
  await expectImagesLoaded(stage);
  const boxes = stage.getByTestId('face-box');
  await expect(boxes.first()).toBeVisible({ timeout: 30_000 });
  expect(await boxes.count()).toBeGreaterThanOrEqual(3);
  // Each box names its blur score; the side panel lists the same faces.
  await expect(boxes.first()).toHaveAccessibleName(/^Face 1: (sharpness \d+%|not restorable)/);
  await expect(page.getByTestId('face-item')).toHaveCount(await boxes.count());
  await screenshot(page, testInfo, 'photo-faces');

  // Zoom in and back to fit; the face boxes follow the photo.
  const zoom = page.getByRole('group', { name: 'Photo zoom' });
  const level = zoom.getByTestId('zoom-level');
  const fitted = await level.textContent();
  const boxBefore = await boxes.first().boundingBox();
  await zoom.getByRole('button', { name: 'Zoom in' }).click();
  await expect(level).not.toHaveText(fitted ?? '');
  const boxZoomed = await boxes.first().boundingBox();
  expect(boxZoomed?.width).toBeGreaterThan((boxBefore?.width ?? 0) * 1.1);
  await zoom.getByRole('button', { name: 'Fit' }).click();
  await expect(level).toHaveText(fitted ?? '');

  // Click the first restorable face: its panel shows every intermediate.
  const face = stage.getByRole('button', { name: /sharpness/ }).first();
  const faceName = (await face.getAttribute('aria-label'))?.split(':')[0] ?? '';
  await face.click();
  const panel = page.getByTestId('face-panel');
  await expect(panel).toHaveAccessibleName(faceName);
  for (const id of ['face-blurry', 'face-sketch', 'face-kernel', 'face-x0', 'face-final']) {
    await expect(panel.getByTestId(id)).toBeVisible({ timeout: 30_000 });
  }
  await expectImagesLoaded(panel.getByTestId('face-stages'));
  await expect(panel.getByTestId('face-kernel')).toHaveAccessibleName(
    /^Estimated blur kernel, \d+ px$/,
  );
  await expect(panel.getByTestId('kernel-confidence')).toHaveText(/\d+%/);
  await screenshot(page, testInfo, 'face-panel', 'app-face.png');

  // Another strength re-runs the face; the new result replaces the old one.
  const final = panel.getByTestId('face-final');
  const firstResult = await final.getAttribute('src');
  await panel.getByRole('slider', { name: 'Strength' }).fill('0.5');
  await expect(panel.getByText('Strength 50%')).toBeVisible();
  await expect(final).not.toHaveAttribute('src', firstResult ?? '', { timeout: 30_000 });
  await expectImagesLoaded(panel.getByTestId('face-stages'));

  expect(problems).toEqual([]);
});

test('before/after: split slider, press and hold, side by side; on the photo and on a face', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const problems = await watchProblems(page);
  await page.goto(launchUrl());
  await openPhoto(page, singleFace);
  await expect(page.getByTestId('face-box')).toHaveCount(1, { timeout: 30_000 });

  // The whole photo: main restores it and sends before and after renditions.
  await page.getByRole('radio', { name: 'Before/after', exact: true }).click();
  await expect(page.getByTestId('preview-summary')).toHaveText(/^1 of 1 faces restored/, {
    timeout: 60_000,
  });
  const compare = page.getByRole('region', { name: 'Whole photo before and after' });
  await expectImagesLoaded(compare);
  const split = page.getByRole('slider', { name: 'Before/after split' });
  await expect(split).toHaveAttribute('aria-valuenow', '50');
  await dragSplit(page, 0.3);
  const value = Number(await split.getAttribute('aria-valuenow'));
  expect(value).toBeGreaterThanOrEqual(25);
  expect(value).toBeLessThanOrEqual(35);
  // The after image is clipped at the handle: what is left of it shows before.
  const handleBox = await split.boundingBox();
  const clip = await compare.locator('.pane__clip').evaluate((el) => getComputedStyle(el).clipPath);
  expect(clip).toMatch(/inset\(0(px)? 0(px)? 0(px)? [\d.]+px\)/);
  await screenshot(page, testInfo, 'compare-split');
  // Keyboard: the slider moves with the arrows too.
  await split.press('End');
  await expect(split).toHaveAttribute('aria-valuenow', '100');
  expect(handleBox).not.toBeNull();

  // Press and hold shows before while held.
  await compare.getByRole('radio', { name: 'Hold' }).click();
  const hold = compare.getByRole('button', { name: /Hold to see before/ });
  await hold.hover();
  await page.mouse.down();
  await expect(hold).toHaveAttribute('aria-pressed', 'true');
  await expect(compare.getByText('Showing before')).toBeAttached();
  await screenshot(page, testInfo, 'compare-hold-before');
  await page.mouse.up();
  await expect(hold).toHaveAttribute('aria-pressed', 'false');

  // Side by side: zooming one pane zooms both (one shared view).
  await compare.getByRole('radio', { name: 'Side by side' }).click();
  const side = compare.getByTestId('compare-side');
  const images = side.locator('img');
  await expect(images).toHaveCount(2);
  await compare
    .getByRole('group', { name: 'Compare zoom' })
    .getByRole('button', { name: 'Zoom in' })
    .click();
  const styles = await images.evaluateAll((imgs) =>
    imgs.map(
      (img) => `${(img as HTMLElement).style.transform} ${(img as HTMLElement).style.width}`,
    ),
  );
  expect(styles[0]).toBe(styles[1]);
  await screenshot(page, testInfo, 'compare-side-by-side');

  // One face: its blurry crop against its restoration, same controls.
  await page.getByRole('radio', { name: 'Photo', exact: true }).click();
  await page.getByTestId('face-box').click();
  await expect(page.getByTestId('face-final')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('radio', { name: 'Face before/after' }).click();
  const faceCompare = page.getByRole('region', { name: 'Face 1 before and after' });
  await faceCompare.getByRole('radio', { name: 'Split' }).click();
  await expectImagesLoaded(faceCompare);
  await dragSplit(page, 0.7);
  expect(
    Number(
      await page.getByRole('slider', { name: 'Before/after split' }).getAttribute('aria-valuenow'),
    ),
  ).toBeGreaterThanOrEqual(65);
  await screenshot(page, testInfo, 'face-compare-split');

  expect(problems).toEqual([]);
});
