/// <reference lib="dom" />
// Export, as a user does it: open a photo, Export; then find the file where the app said it wrote it, with the original's metadata (EXIF, ICC, XMP)
// and the app's provenance record in its XMP; the original untouched, and a second export
// refused rather than overwriting. The album is a temporary copy of a real photo (the same
// bytes), so nothing can ever be written next to the shared data.
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import exifr from 'exifr';
import sharp from 'sharp';
import { readProvenance } from '../electron/core/image/provenance.js';
import { callChannel, launchUrl, openFolder, photoGrid, watchProblems } from './support/app.js';
import { copyAlbum, photosDir, tempDir } from './support/photos.js';
import { screenshot } from './support/screenshots.js';

/** A night snapshot of a couple: two soft faces, EXIF (Make, Model), an sRGB ICC profile, XMP. */
const source = path.join(photosDir, 'blurry-real', 'restormer_couple.jpg');

test('export writes a restored copy with the metadata and provenance, never overwriting', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const work = await tempDir('export');
  try {
    const album = path.join(work.dir, 'album');
    const outDir = path.join(work.dir, 'exports');
    const [photo] = await copyAlbum(album, [source]);
    const problems = await watchProblems(page);
    await page.goto(launchUrl());

    // Outputs into our folder (choosing it in Settings is settings.spec.ts's test).
    await callChannel(page, 'settingsSet', { outputFolder: outDir });
    await openFolder(page, album);
    await photoGrid(page).getByRole('gridcell', { name: 'restormer_couple.jpg' }).dblclick();
    await expect(page.getByTestId('face-box')).toHaveCount(2, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const result = page.getByTestId('export-result');
    await expect(result).toContainText('Exported (2 faces', { timeout: 60_000 });
    const output = path.join(outDir, 'restormer_couple.jpg');
    await expect(result.getByTestId('copy-path-text')).toHaveText(output);
    await screenshot(page, testInfo, 'exported');

    // The file: a JPEG of the same size, with the original's EXIF, ICC and XMP kept.
    const [inMeta, outMeta] = await Promise.all([
      sharp(source).metadata(),
      sharp(output).metadata(),
    ]);
    expect(outMeta).toMatchObject({ format: 'jpeg', width: inMeta.width, height: inMeta.height });
    expect(outMeta.icc?.equals(inMeta.icc ?? Buffer.alloc(0))).toBe(true);
    const [inExif, outExif] = await Promise.all([exifr.parse(source), exifr.parse(output)]);
    expect(outExif).toMatchObject({ Make: inExif.Make, Model: inExif.Model });
    // The provenance: which software and models, with which settings, how many faces.
    const provenance = readProvenance(outMeta.xmp);
    expect(provenance).toMatchObject({
      Software: 'face-deblur',
      Mode: 'faces',
      KernelSize: 'auto',
      Strength: '1',
      Faces: '2',
    });
    expect(provenance?.Models).toMatch(/\.onnx:sha256:[0-9a-f]{64}/);
    expect(['true', 'false']).toContain(provenance?.TrainedModels);
    // The original is untouched.
    expect((await fs.readFile(photo as string)).equals(await fs.readFile(source))).toBe(true);

    // A second export is refused and the first one stays as it was.
    const written = await fs.stat(output);
    await result.getByRole('button', { name: 'Dismiss export result' }).click();
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('already exists and is never overwritten');
    expect((await fs.stat(output)).mtimeMs).toBe(written.mtimeMs);
    expect(await fs.readdir(outDir)).toEqual(expect.arrayContaining(['restormer_couple.jpg']));

    expect(problems).toEqual([]);
  } finally {
    await callChannel(page, 'settingsSet', { outputFolder: null }).catch(() => undefined);
    await work.remove();
  }
});

test('the grid marks a photo restored once it is exported', async ({ page }) => {
  const work = await tempDir('export-badge');
  try {
    const album = path.join(work.dir, 'album');
    await copyAlbum(album, [source]);
    await page.goto(launchUrl());
    await callChannel(page, 'settingsSet', { outputFolder: null });
    await openFolder(page, album);
    const tile = photoGrid(page).getByRole('gridcell', { name: 'restormer_couple.jpg' });
    // The grid's facts first (face count, not restored yet), so the badge below is a change.
    await expect(tile.getByTestId('face-count')).toHaveText('2 faces', { timeout: 30_000 });
    await expect(tile.getByTestId('restored-badge')).toHaveCount(0);
    await tile.dblclick();
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(page.getByTestId('export-result')).toContainText('Exported', { timeout: 60_000 });
    await page.getByRole('button', { name: '← Album' }).click();
    await expect(tile.getByTestId('restored-badge')).toBeVisible({ timeout: 10_000 });
  } finally {
    await work.remove();
  }
});
