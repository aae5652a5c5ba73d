/// <reference lib="dom" />
// Readable at 1280x800 and on a 4K screen, at 100% (deviceScaleFactor 1: 3840x2160 CSS pixels)
// and at 200% (1920x1080 CSS pixels on 3840x2160 device pixels): the album, a photo with a face
// panel open and the settings, each screenshotted, with what a look at them checks: no text
// too small for the screen, and the photo, panel and settings using the room they are given
// rather than leaving most of a 4K window empty.
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { launchUrl, openFolder, photoGrid, watchProblems } from './support/app.js';
import { groupPhoto } from './support/photos.js';

interface Screen {
  name: string;
  /** CSS pixels. */
  width: number;
  height: number;
  scale: number;
  /** Smallest text allowed, CSS pixels. */
  minFontPx: number;
}

const SCREENS: Screen[] = [
  { name: '1280x800', width: 1280, height: 800, scale: 1, minFontPx: 10 },
  // A 27-inch 4K screen at 100% has ~1.7x a 1080p screen's pixel density: text grows with it.
  { name: '4k-100', width: 3840, height: 2160, scale: 1, minFontPx: 16 },
  { name: '4k-200', width: 1920, height: 1080, scale: 2, minFontPx: 11 },
];

/** The smallest font size of any text in view (elements with their own text). */
function smallestText(page: Page): Promise<{ px: number; text: string }> {
  return page.evaluate(() => {
    let smallest = { px: Infinity, text: '' };
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
      const own = Array.from(el.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent?.trim() ?? '')
        .join('');
      if (!own) continue;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      const shown =
        box.width > 0 &&
        box.height > 0 &&
        box.bottom > 0 &&
        box.top < innerHeight &&
        style.visibility !== 'hidden' &&
        !el.closest('[aria-hidden="true"], .visually-hidden, option');
      const px = parseFloat(style.fontSize);
      if (shown && px < smallest.px) smallest = { px, text: own.slice(0, 40) };
    }
    return smallest;
  });
}

async function expectReadable(page: Page, screen: Screen, where: string): Promise<void> {
  const smallest = await smallestText(page);
  expect(smallest.px, `${where} at ${screen.name}: "${smallest.text}"`).toBeGreaterThanOrEqual(
    screen.minFontPx,
  );
}

async function width(page: Page, testId: string): Promise<number> {
  return (await page.getByTestId(testId).boundingBox())?.width ?? 0;
}

// One page for the three screens (a context per screen would open the album, analyse its
// photos and restore the face three times): Chromium's device metrics override changes the
// viewport and the device pixel ratio of the same page, as moving the window to another
// screen does. Playwright's own viewport and screenshot calls would reset that override, so
// this spec captures its screenshots through the same CDP session.
test('readable at 1280x800 and on a 4K screen at 100% and 200%: album, photo with a face panel, settings', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const problems = await watchProblems(page);
  const cdp = await page.context().newCDPSession(page);
  const capture = async (name: string) => {
    const { data } = await cdp.send('Page.captureScreenshot', { format: 'png' });
    await fs.writeFile(testInfo.outputPath(`${name}.png`), Buffer.from(data, 'base64'));
  };
  await page.goto(launchUrl());
  await openFolder(page, path.dirname(groupPhoto));
  for (const screen of SCREENS) {
    await test.step(screen.name, async () => {
      await cdp.send('Emulation.setDeviceMetricsOverride', {
        width: screen.width,
        height: screen.height,
        deviceScaleFactor: screen.scale,
        mobile: false,
      });
      expect(await page.evaluate(() => devicePixelRatio)).toBe(screen.scale);
      await page.getByRole('button', { name: 'Album', exact: true }).click();
      await expect(photoGrid(page).getByTestId('face-count').first()).toBeVisible({
        timeout: 60_000,
      });
      await expectReadable(page, screen, 'album');
      // The grid fills the width: its columns grow with the window, not a fixed strip.
      await expect
        .poll(async () => (await photoGrid(page).boundingBox())?.width ?? 0)
        .toBeGreaterThan(screen.width * 0.95);
      await capture(`album-${screen.name}`);

      await photoGrid(page)
        .getByRole('gridcell', { name: path.basename(groupPhoto) })
        .dblclick();
      const stage = page.getByTestId('photo-stage');
      await stage
        .getByRole('button', { name: /sharpness/ })
        .first()
        .click({ timeout: 30_000 });
      await expect(page.getByTestId('face-final')).toBeVisible({ timeout: 30_000 });
      await expectReadable(page, screen, 'photo view');
      // The photo and the face panel share the window; neither is left a sliver, and the
      // face's restoration is shown larger than a thumbnail on a big screen.
      const panel = await width(page, 'face-panel');
      expect(panel).toBeGreaterThan(screen.width * 0.2);
      expect((await width(page, 'photo-stage')) + panel).toBeGreaterThan(screen.width * 0.9);
      expect(await width(page, 'face-final')).toBeGreaterThanOrEqual(
        Math.min(screen.width * 0.11, 420),
      );
      await capture(`photo-${screen.name}`);

      await page.getByRole('button', { name: 'Settings' }).click();
      await expect(page.getByTestId('active-provider')).toBeVisible();
      await expectReadable(page, screen, 'settings');
      await capture(`settings-${screen.name}`);
    });
  }
  expect(problems).toEqual([]);
});
