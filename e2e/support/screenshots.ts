// Screenshots of the flows: always into the test's folder under test-results/; the few that
// illustrate README.md also into docs/ when FACE_DEBLUR_DOCS=1 (a normal test run leaves the
// tracked files alone):   FACE_DEBLUR_DOCS=1 npx playwright test
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { repoRoot } from '../../electron/core/paths.js';

export async function screenshot(
  target: Page | Locator,
  testInfo: TestInfo,
  name: string,
  docsName?: `app-${string}.png`,
): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await target.screenshot({ path: file });
  if (docsName && process.env.FACE_DEBLUR_DOCS === '1') {
    await fs.copyFile(file, path.join(repoRoot, 'docs', docsName));
  }
}
