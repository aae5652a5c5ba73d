/// <reference lib="dom" />
// The photo view's controls beyond the main loop (photo.spec.ts): zoom by button (fit, 100%),
// wheel, pinch (Chromium's ctrl+wheel) and keys, drag to pan; the face panel's manual kernel
// size, a re-run cancelled while it runs and run again, and excluding a face, which the
// whole-photo preview then leaves as it is. 100% on a photo larger than its preview shows the
// photo's real pixels, in the photo view and on both sides of the whole-photo compare.
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { wire } from '../electron/ipc/contract.js';
import { launchUrl, openFolder, photoGrid, watchProblems } from './support/app.js';
import { largePhoto, singleFace } from './support/photos.js';
import { screenshot } from './support/screenshots.js';

async function zoomLevel(page: Page): Promise<number> {
  const text = await page.getByTestId('zoom-level').first().textContent();
  return Number(text?.replace('%', ''));
}

/** Where the photo is drawn (its CSS transform). */
function photoTransform(page: Page): Promise<string> {
  return page
    .getByTestId('photo-stage')
    .getByRole('img', { name: 'The photo' })
    .evaluate((img) => (img as HTMLElement).style.transform);
}

/** The pixels an <img> holds (not the size it is drawn at). */
function naturalSize(img: Locator): Promise<{ width: number; height: number }> {
  return img.evaluate((el) => ({
    width: (el as HTMLImageElement).naturalWidth,
    height: (el as HTMLImageElement).naturalHeight,
  }));
}

test('100% shows the real pixels of a photo larger than its preview, also in the compare', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const problems = await watchProblems(page);
  await page.goto(launchUrl());
  await openFolder(page, path.dirname(largePhoto));
  await photoGrid(page)
    .getByRole('gridcell', { name: path.basename(largePhoto) })
    .dblclick();
  const real = { width: 3061, height: 4600 };
  // Opening decodes 14 MP and finds its faces while the grid analyses its neighbours.
  await expect(page.getByTestId('photo-meta')).toContainText(`${real.width}×${real.height}`, {
    timeout: 60_000,
  });

  // Fit shows the fast 2048 px preview.
  const photo = page.getByTestId('photo-stage').getByRole('img', { name: 'The photo' });
  await expect.poll(() => naturalSize(photo).then((s) => s.height)).toBe(2048);

  // 100%: the full-resolution rendition replaces it, drawn at one pixel per pixel.
  const zoom = page.getByRole('group', { name: 'Photo zoom' });
  let started = Date.now();
  await zoom.getByRole('button', { name: '100%' }).click();
  await expect.poll(() => naturalSize(photo), { timeout: 30_000 }).toEqual(real);
  console.log(`photo view: real pixels ${Date.now() - started} ms after 100% was pressed`);
  expect(await photo.evaluate((img) => (img as HTMLElement).style.width)).toBe(`${real.width}px`);
  await screenshot(page, testInfo, 'photo-100-real-pixels');

  // Whole-photo compare at the same zoom: before and after both come at full size.
  started = Date.now();
  await page.getByRole('radio', { name: 'Before/after', exact: true }).click();
  const compare = page.getByRole('region', { name: 'Whole photo before and after' });
  await compare.getByRole('radio', { name: 'Side by side' }).click();
  const sides = compare.getByTestId('compare-side').locator('img');
  await expect
    .poll(
      () => sides.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth)),
      {
        timeout: 90_000,
      },
    )
    .toEqual([real.width, real.width]);
  console.log(`compare: real pixels on both sides ${Date.now() - started} ms after opening it`);
  expect(await naturalSize(sides.last())).toEqual(real);
  await screenshot(page, testInfo, 'compare-100-real-pixels');
  expect(problems).toEqual([]);
});

test('photo zoom (fit, 100%, wheel, pinch, keys) and pan; face panel kernel, cancel, exclude', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const problems = await watchProblems(page);
  await page.goto(launchUrl());
  await openFolder(page, path.dirname(singleFace));
  await photoGrid(page)
    .getByRole('gridcell', { name: path.basename(singleFace) })
    .dblclick();
  const stage = page.getByTestId('photo-stage');
  await expect(stage.getByTestId('face-box')).toHaveCount(1, { timeout: 30_000 });
  const zoom = page.getByRole('group', { name: 'Photo zoom' });

  // 100%: one photo pixel per screen pixel; Fit: back to the whole photo.
  const fitted = await zoomLevel(page);
  await zoom.getByRole('button', { name: '100%' }).click();
  await expect.poll(() => zoomLevel(page)).toBe(100);
  await zoom.getByRole('button', { name: 'Fit' }).click();
  await expect.poll(() => zoomLevel(page)).toBe(fitted);

  // The wheel zooms in around the pointer, a pinch (ctrl+wheel) too.
  const box = await stage.boundingBox();
  if (!box) throw new Error('the photo stage is not laid out');
  // A corner of the stage: the face box in the middle keeps its clicks.
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.mouse.wheel(0, -400);
  await expect.poll(() => zoomLevel(page)).toBeGreaterThan(fitted);
  const wheeled = await zoomLevel(page);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -60);
  await page.keyboard.up('Control');
  await expect.poll(() => zoomLevel(page)).toBeGreaterThan(wheeled);

  // Dragging pans the photo; the keys 0 (fit) and + work on the focused photo.
  const before = await photoTransform(page);
  await page.mouse.down();
  await page.mouse.move(box.x + 140, box.y + 90, { steps: 6 });
  await page.mouse.up();
  await expect.poll(() => photoTransform(page)).not.toBe(before);
  await stage.focus();
  await page.keyboard.press('0');
  await expect.poll(() => zoomLevel(page)).toBe(fitted);
  await page.keyboard.press('+');
  await expect.poll(() => zoomLevel(page)).toBeGreaterThan(fitted);
  await page.keyboard.press('0');

  // The face panel: a manual kernel size is what the next result used.
  await stage.getByTestId('face-box').click();
  const panel = page.getByTestId('face-panel');
  const final = panel.getByTestId('face-final');
  await expect(final).toBeVisible({ timeout: 30_000 });
  await panel.getByRole('checkbox', { name: 'Estimate kernel size automatically' }).uncheck();
  const kernel = panel.getByRole('slider', { name: 'Kernel size' });
  await expect(kernel).toBeEnabled();
  await kernel.fill('21');
  await expect(panel.getByTestId('face-kernel')).toHaveAccessibleName(
    'Estimated blur kernel, 21 px',
    { timeout: 30_000 },
  );

  // A re-run shows its progress and can be cancelled; the last result stays, and runs again.
  // Injected fault, a slow machine: the request waits 5 s before it reaches main, so the re-run
  // is surely still running when Cancel is pressed (a fast one would finish first).
  const restoreRoute = `**${wire.route('faceRestore')}`;
  await page.route(restoreRoute, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await route.continue().catch(() => undefined); // the page may have moved on
  });
  const previous = await final.getAttribute('src');
  await panel.getByRole('slider', { name: 'Strength' }).fill('0.3');
  const busy = panel.getByTestId('busy');
  await expect(busy).toContainText('Running face 1');
  await busy.getByRole('button', { name: 'Cancel' }).click({ timeout: 4000 });
  await expect(panel.getByText('Cancelled.')).toBeVisible();
  await expect(final).toHaveAttribute('src', previous ?? '');
  await screenshot(page, testInfo, 'face-cancelled');
  await page.unroute(restoreRoute);
  await panel.getByRole('button', { name: 'Run again' }).click();
  await expect(final).not.toHaveAttribute('src', previous ?? '', { timeout: 30_000 });

  // Excluded: the box is dimmed and the whole-photo preview leaves the face as it is.
  await panel.getByRole('checkbox', { name: /Include this face/ }).uncheck();
  await expect(stage.getByTestId('face-box')).toHaveClass(/is-excluded/);
  await page.getByRole('radio', { name: 'Before/after', exact: true }).click();
  await expect(page.getByTestId('preview-summary')).toHaveText(/^0 of 1 faces/, {
    timeout: 60_000,
  });

  expect(problems).toEqual([]);
});
