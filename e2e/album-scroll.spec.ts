/// <reference lib="dom" />
// The album grid stays smooth with 5,000 photos: a generated album (scripts/album-fixture.ts)
// scrolled top to bottom in the real renderer, against the same motion on a 50-photo album in the
// same run. Generous bounds only: the figures themselves come from scripts/bench-album-scroll.ts
// (this test prints them too). What must hold on any machine: the grid is virtualised (the DOM
// does not grow with the album), the scroll reaches the last photo, and frames on 5,000 photos
// are not much slower than on 50.
import { expect, test } from '@playwright/test';
import { albumFixture } from '../scripts/album-fixture.js';
import { launchUrl, watchProblems } from './support/app.js';
import { compareScroll, formatComparison } from './support/scroll.js';

const LARGE = 5000;
const SMALL = 50;

test('scrolling 5,000 photos top to bottom keeps the DOM flat and frames close to 50 photos', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const [large, small] = await Promise.all([albumFixture(LARGE), albumFixture(SMALL)]);
  const problems = await watchProblems(page);
  await page.goto(launchUrl());

  const result = await compareScroll(
    page,
    { folder: large, count: LARGE },
    { folder: small, count: SMALL },
    // Waiting for the thumbnails where the scroll stopped also drains the bridge's thumbnail
    // queue before the reference is measured (and before the next test).
    { screenshot: testInfo.outputPath('album-5000-bottom.png'), settleTimeoutMs: 120_000 },
  );
  console.log(formatComparison(result, LARGE, SMALL));
  await testInfo.attach('scroll-figures.json', {
    body: JSON.stringify(result, null, 2),
    contentType: 'application/json',
  });
  const { album, reference } = result;

  expect(album.reachedBottom).toBe(true);
  expect(result.lastInView).toContain('roll-050/IMG_05000.jpg');
  // Virtualised: a few rows of tiles exist at any time, and the document is no bigger than the
  // 50-photo album's (which shows all 50 at most).
  expect(album.maxTiles).toBeLessThanOrEqual(SMALL * 2);
  expect(album.maxDomNodes).toBeLessThanOrEqual(reference.maxDomNodes * 1.5);
  // Smooth enough on a loaded 2-core CI machine with software rendering: typical frames stay
  // within 3x the reference's and no frame freezes the page for a second.
  expect(album.frameP50).toBeLessThanOrEqual(Math.max(3 * reference.frameP50, 50));
  expect(album.frameMax).toBeLessThan(1000);
  expect(problems).toEqual([]);
});
