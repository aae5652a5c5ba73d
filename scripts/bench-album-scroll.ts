/**
 * `npx tsx scripts/bench-album-scroll.ts [--count N] [--json]`: how smoothly the album grid
 * scrolls through a generated album of N photos (default 5,000; scripts/album-fixture.ts), in
 * the real renderer in Debian's Chromium against the real services over the loopback bridge
 * (fresh build, fresh thumbnail cache: every thumbnail is made on the way, as on a first open).
 * Prints frame times (p50/p95/max of requestAnimationFrame deltas), long tasks, the largest DOM
 * seen, and the reference measured in the same run: the same motion on a 50-photo album, with
 * the ratios. The method lives in e2e/support/scroll.ts, shared with e2e/album-scroll.spec.ts.
 */
import { chromium } from '@playwright/test';
import { albumFixture } from './album-fixture.js';
import { buildApp, startE2eBridge } from '../e2e/support/bridge.js';
import { appViewport, chromiumLaunchOptions } from '../e2e/support/chromium.js';
import { compareScroll, formatComparison } from '../e2e/support/scroll.js';

const argv = process.argv.slice(2);
const countArg = argv.includes('--count') ? argv[argv.indexOf('--count') + 1] : undefined;
const count = Number(countArg ?? 5000);
if (!Number.isInteger(count) || count < 100)
  throw new Error(`--count needs at least 100, got ${countArg}`);
const SMALL = 50;

const [large, small] = await Promise.all([albumFixture(count), albumFixture(SMALL)]);
buildApp();
const bridge = await startE2eBridge();
const browser = await chromium.launch(chromiumLaunchOptions);
try {
  const page = await browser.newPage({ viewport: appViewport });
  await page.goto(bridge.launchUrl);
  const result = await compareScroll(
    page,
    { folder: large, count },
    { folder: small, count: SMALL },
    { settleTimeoutMs: 180_000 },
  );
  if (argv.includes('--json')) {
    console.log(JSON.stringify({ count, referenceCount: SMALL, viewport: appViewport, ...result }));
  } else {
    console.log(
      `Album grid scroll, ${appViewport.width}x${appViewport.height}, Chromium ` +
        `${browser.version()} (software rendering), 400 px per frame:`,
    );
    console.log(formatComparison(result, count, SMALL));
  }
} finally {
  await browser.close();
  await bridge.close();
}
