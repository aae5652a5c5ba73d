/* eslint-disable @typescript-eslint/no-non-null-assertion -- a dev script over results of known length; a wrong index throws at once. */
/**
 * Regenerates the visual checks in docs/: `npx tsx electron/core/faces/test/contactSheets.ts`.
 *   docs/faces-aligned.png    aligned 240x200 crops of faces from every kind of shared photo,
 *                             with the feathered face mask outlined
 *   docs/faces-pasteback.png  per face: the photo region, then the region after pasting back a
 *                             deliberately altered crop (sharpened, 15% brighter, warmer):
 *                             no seam, colour matched, grain and gray/sepia tones kept
 */
import path from 'node:path';
import sharp from 'sharp';
import { repoRoot } from '../../paths.js';
import { loadRgba, type RgbaImage } from '../../image/rgba.js';
import { alignFace, cropFootprint, FaceDetector, faceMask, pasteBack } from '../index.js';
import { modelsDir, photosDir, sampleFaces } from './helpers.js';

const detector = await FaceDetector.create({ modelsDir });

const sources = [
  ...sampleFaces('lfw-deepfunneled', 4),
  ...sampleFaces('celeba-aligned-nikhil4902', 4),
  path.join(photosDir, 'portrait/deepface_img49.jpg'),
  path.join(photosDir, 'portrait/face-recognition_obama-and-biden.jpg'),
  path.join(photosDir, 'bw-old/deoldify_mark-twain.jpg'),
  path.join(photosDir, 'bw-old/deoldify_migrant-mother.jpg'),
  path.join(photosDir, 'exif-orientation/insightface_image-T1_orient6.jpeg'),
  path.join(photosDir, 'group/insightface_t1.jpg'),
  path.join(photosDir, 'group/gpen_solvay-conference-1927.png'),
  path.join(photosDir, 'blurry-real/restormer_couple.jpg'),
];

const rgbToPng = (
  data: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  channels: 3 | 4,
) =>
  sharp(Buffer.from(data.buffer, data.byteOffset, data.length), {
    raw: { width, height, channels },
  })
    .png()
    .toBuffer();

async function grid(
  tiles: Buffer[],
  tileW: number,
  tileH: number,
  cols: number,
  out: string,
): Promise<void> {
  const rows = Math.ceil(tiles.length / cols);
  await sharp({
    create: { width: cols * tileW, height: rows * tileH, channels: 3, background: '#222' },
  })
    .composite(
      tiles.map((input, i) => ({
        input,
        left: (i % cols) * tileW,
        top: Math.floor(i / cols) * tileH,
      })),
    )
    // A palette PNG: a third of the size, plenty for a visual check kept in the repository.
    .png({ palette: true, quality: 90 })
    .toFile(out);
  console.log(`wrote ${path.relative(repoRoot, out)} (${tiles.length} tiles)`);
}

const aligned: Buffer[] = [];
const pasted: Buffer[] = [];
for (const file of sources) {
  const photo = await loadRgba(file);
  const faces = await detector.detectFaces(photo);
  for (const face of faces.slice(0, file.includes('group') ? 3 : 2)) {
    const { crop } = alignFace(photo, face);
    // Outline where the mask crosses 0.5, in green.
    const mask = faceMask(face).data;
    const shown = Uint8Array.from(crop.data);
    for (let i = 0; i < mask.length; i++) {
      const outside = [i - 1, i + 1, i - 200, i + 200].some((j) => (mask[j] ?? 0) < 0.5);
      if (mask[i]! >= 0.5 && outside) shown.set([0, 255, 0], 3 * i);
    }
    aligned.push(await rgbToPng(shown, 200, 240, 3));
    if (!file.startsWith(photosDir) || pasted.length >= 24) continue;
    const altered = await sharp(Buffer.from(crop.data), {
      raw: { width: 200, height: 240, channels: 3 },
    })
      .sharpen({ sigma: 1.5 })
      .modulate({ brightness: 1.15 })
      .linear([1.12, 1, 0.9], [0, 0, 0])
      .removeAlpha()
      .raw()
      .toBuffer();
    const result = pasteBack(
      photo,
      { data: new Uint8Array(altered), width: 200, height: 240, channels: 3 },
      face,
    );
    const area = cropFootprint(face.alignment, photo)!;
    const region = async (img: RgbaImage) =>
      sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), {
        raw: { width: img.width, height: img.height, channels: 4 },
      })
        .extract({ left: area.x, top: area.y, width: area.width, height: area.height })
        .resize(200, 240, { fit: 'contain', background: '#222' })
        .removeAlpha()
        .png()
        .toBuffer();
    pasted.push(await region(photo), await region(result));
  }
}
await detector.close();
await grid(aligned, 200, 240, 8, path.join(repoRoot, 'docs/faces-aligned.png'));
await grid(pasted, 200, 240, 8, path.join(repoRoot, 'docs/faces-pasteback.png'));
