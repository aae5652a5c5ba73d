/**
 * `tsx scripts/pipeline-figures.ts [--models DIR]`: the pictures in docs/ showing what the
 * pipeline does: docs/pipeline-intermediates.png (per face: blurry crop, sketch, kernel, x0,
 * final) and docs/pipeline-before-after.png (blurry-real and bw-old photos, input beside output).
 * Models: models/ when it has a manifest, else the untrained test fixtures, which the pictures
 * then say in their caption (their output is not a restoration).
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';
import { restorePhoto } from '../electron/core/deblur/restorePhoto.js';
import { alignFace, closeSharedDetector, detectFaces } from '../electron/core/faces/index.js';
import { decodePhoto } from '../electron/core/image/decode.js';
import { defaultModelsDir, loadRestorationModels } from '../electron/core/inference/models.js';
import { releaseModels } from '../electron/core/inference/session.js';
import { repoRoot, sharedDataDir } from '../electron/core/paths.js';

const i = process.argv.indexOf('--models');
const modelsDir =
  i >= 0
    ? (process.argv[i + 1] ?? '')
    : fs.existsSync(path.join(defaultModelsDir(), 'manifest.json'))
      ? defaultModelsDir()
      : path.join(repoRoot, 'electron/core/inference/test/fixtures');
const models = await loadRestorationModels(modelsDir, { log: () => undefined });
const caption = models.trained
  ? `models: ${path.relative(repoRoot, modelsDir) || modelsDir}`
  : 'UNTRAINED test models (fixed filters): physics path only, NOT a restoration';
const photos = path.join(sharedDataDir(), 'photos');
const docs = path.join(repoRoot, 'docs');

const label = (text: string, width: number) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="28"><rect width="100%" height="100%" fill="#111"/><text x="6" y="19" font-family="sans-serif" font-size="15" fill="#eee">${text}</text></svg>`,
  );

/** RGB [0, 1] (3 channels) or grey (1 channel) float image -> PNG tile of the given size. */
async function tile(
  values: Float32Array,
  w: number,
  h: number,
  channels: 1 | 3,
  size: [number, number],
) {
  const bytes = Uint8Array.from(values, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
  return sharp(bytes, { raw: { width: w, height: h, channels } })
    .resize(size[0], size[1], {
      fit: 'fill',
      kernel: channels === 1 && w < 80 ? 'nearest' : 'lanczos3',
    })
    .toColourspace('srgb')
    .png()
    .toBuffer();
}

async function grid(
  rows: { tiles: Buffer[]; title: string }[],
  cell: [number, number],
  names: string[],
  file: string,
) {
  const width = cell[0] * names.length;
  const rowH = cell[1] + 28;
  const composites: OverlayOptions[] = [
    { input: label(caption, width), top: 0, left: 0 },
    ...names.map((n, k) => ({ input: label(n, cell[0]), top: 28, left: k * cell[0] })),
  ];
  rows.forEach((row, r) => {
    composites.push({ input: label(row.title, width), top: 56 + r * rowH, left: 0 });
    row.tiles.forEach((t, k) =>
      composites.push({ input: t, top: 56 + r * rowH + 28, left: k * cell[0] }),
    );
  });
  await sharp({
    create: { width, height: 56 + rows.length * rowH, channels: 3, background: '#000' },
  })
    .composite(composites)
    .png()
    .toFile(file);
  console.log(`wrote ${path.relative(repoRoot, file)}`);
}

// Intermediates of one face per photo.
const faceRows = [];
for (const name of [
  'blurry-real/restormer_portrait.jpg',
  'bw-old/deoldify_mark-twain.jpg',
  'blurry-real/codeformer_whole-00.jpg',
]) {
  const photo = await decodePhoto(path.join(photos, name));
  const restored = await restorePhoto(photo, models, { faces: 'largest', keepIntermediates: true });
  const report = restored.faces.find((f) => f.restoration);
  if (!report?.restoration) continue;
  const r = report.restoration;
  const face = (await detectFaces(photo.rgba8)).find((f) => f.id === report.id);
  if (!face) continue;
  const crop = alignFace(photo.rgba8, face).crop;
  const cell: [number, number] = [200, 240];
  const k = r.kernel;
  const kmax = Math.max(...k.data);
  faceRows.push({
    title: `${name}: kernel ${k.size}x${k.size}, confidence ${r.confidence.toFixed(2)}${r.lowConfidence ? ' (LOW)' : ''}`,
    tiles: [
      await tile(
        Float32Array.from(crop.data, (v) => v / 255),
        200,
        240,
        3,
        cell,
      ),
      await tile(r.sketch, 200, 240, 1, cell),
      await tile(
        k.data.map((v) => v / kmax),
        k.size,
        k.size,
        1,
        [200, 200],
      ),
      await tile(r.x0, 200, 240, 3, cell),
      await tile(r.final, 200, 240, 3, cell),
    ],
  });
}
await grid(
  faceRows,
  [200, 240],
  ['blurry crop', 'sketch (G)', 'kernel', 'x0 (Wiener)', 'final'],
  path.join(docs, 'pipeline-intermediates.png'),
);

// Before / after on whole photos.
const pairRows = [];
for (const name of [
  'blurry-real/restormer_portrait.jpg',
  'blurry-real/restormer_couple.jpg',
  'bw-old/deoldify_mark-twain.jpg',
]) {
  const photo = await decodePhoto(path.join(photos, name));
  const restored = await restorePhoto(photo, models);
  const box = restored.faces.find((f) => f.status === 'restored')?.box;
  // Zoom on the first restored face so the difference is visible at docs size.
  const pad = box ? Math.round(box.width * 0.4) : 0;
  const area = box
    ? {
        left: Math.max(0, Math.round(box.x - pad)),
        top: Math.max(0, Math.round(box.y - pad)),
        width: Math.min(
          photo.width - Math.max(0, Math.round(box.x - pad)),
          Math.round(box.width + 2 * pad),
        ),
        height: Math.min(
          photo.height - Math.max(0, Math.round(box.y - pad)),
          Math.round(box.height + 2 * pad),
        ),
      }
    : { left: 0, top: 0, width: photo.width, height: photo.height };
  const view = (data: Uint8Array | Uint8ClampedArray) =>
    sharp(data, { raw: { width: photo.width, height: photo.height, channels: 4 } })
      .extract(area)
      .resize(360, 360, { fit: 'contain', background: '#000' })
      .removeAlpha()
      .png()
      .toBuffer();
  pairRows.push({
    title: `${name} (${restored.restored} face(s) restored)`,
    tiles: [await view(photo.rgba8.data), await view(restored.rgba8)],
  });
}
await grid(pairRows, [360, 360], ['before', 'after'], path.join(docs, 'pipeline-before-after.png'));

await closeSharedDetector();
await releaseModels();
