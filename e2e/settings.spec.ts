// Settings, through the form: the output folder (instead of a `restored` folder beside each
// album), the format and the thread count are saved as they change and survive a reload; the
// active execution provider is shown with the reason, and the models' state is stated.
// The bridge (and its settings) is shared by the whole run: each test leaves the defaults.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { callChannel, launchUrl, watchProblems } from './support/app.js';
import { tempDir } from './support/photos.js';
import { screenshot } from './support/screenshots.js';

/** Back to the defaults, whatever a test changed. */
async function resetSettings(page: Page): Promise<void> {
  await callChannel(page, 'settingsSet', { outputFolder: null, format: 'same', threads: 0 }).catch(
    () => undefined,
  );
}

test('settings: output folder, format and threads are saved and shown after a reload', async ({
  page,
}, testInfo) => {
  const work = await tempDir('settings');
  try {
    const problems = await watchProblems(page);
    await page.goto(launchUrl());
    // Starting from a chosen folder (see the next test for choosing the first one); the app
    // reads the settings when it starts.
    await callChannel(page, 'settingsSet', { outputFolder: path.join(work.dir, 'first') });
    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
    await expect(page.getByTestId('active-provider')).toHaveText(/^Active: \S+ — \S.+/);
    await expect(page.getByTestId('models-note')).not.toBeEmpty();

    // One change at a time, each saved before the next: overlapping saves can lose one (a
    // known race in core/app/settings.ts, reported; not what this test is about).
    const saved = () => callChannel(page, 'settingsGet', {}).then((r) => r.settings);
    const outDir = path.join(work.dir, 'exports');
    const field = page.getByRole('textbox', { name: 'Output folder' });
    await field.fill(outDir);
    await field.press('Enter');
    await expect.poll(saved).toMatchObject({ outputFolder: outDir });
    await page.getByRole('combobox', { name: 'Format' }).selectOption('png');
    await expect.poll(saved).toMatchObject({ format: 'png' });
    const threads = page.getByRole('spinbutton', { name: /Threads/ });
    await threads.fill('2');
    await threads.blur();
    await expect.poll(saved).toMatchObject({ outputFolder: outDir, format: 'png', threads: 2 });
    await screenshot(page, testInfo, 'settings');

    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('textbox', { name: 'Output folder' })).toHaveValue(outDir);
    await expect(page.getByRole('combobox', { name: 'Format' })).toHaveValue('png');
    await expect(page.getByRole('spinbutton', { name: /Threads/ })).toHaveValue('2');
    expect(problems).toEqual([]);
  } finally {
    await resetSettings(page);
    await work.remove();
  }
});

test('settings: from the default, untick "restored folder next to each album" and type one', async ({
  page,
}) => {
  const work = await tempDir('settings-first');
  try {
    await page.goto(launchUrl());
    await resetSettings(page);
    await page.getByRole('button', { name: 'Settings' }).click();
    const useDefault = page.getByRole('checkbox', { name: /restored folder next to each album/ });
    await expect(useDefault).toBeChecked();
    await useDefault.uncheck({ timeout: 5_000 });
    const field = page.getByRole('textbox', { name: 'Output folder' });
    await field.fill(work.dir);
    await field.press('Enter');
    await expect
      .poll(async () => (await callChannel(page, 'settingsGet', {})).settings.outputFolder)
      .toBe(work.dir);
  } finally {
    await resetSettings(page);
    await work.remove();
  }
});
