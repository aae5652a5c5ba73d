/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index results of known length; a wrong index fails the test anyway. */
/**
 * Detection on real photographs: detection rate on the face sets, by-eye face counts of group
 * photos (small faces need the tiles), EXIF orientations, border-cut faces, no-face images,
 * landmark stability under motion blur, and clear errors for bad input.
 */
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRgba, type RgbaImage } from '../../image/rgba.js';
import { type DetectedFace, FaceDetector } from '../detector.js';
import { LANDMARK_COUNT } from '../landmarks.js';
import { modelsDir, photosDir, sampleFaces } from './helpers.js';

let detector: FaceDetector;
beforeAll(async () => {
  detector = await FaceDetector.create({ modelsDir });
});
afterAll(async () => {
  await detector.close();
});

async function count(file: string): Promise<number> {
  return (await detector.detectFaces(await loadRgba(path.join(photosDir, file)))).length;
}

describe('detectFaces on the face sets', () => {
  it('finds the face in > 95% of a 200-face sample (LFW + CelebA)', async () => {
    const files = [
      ...sampleFaces('lfw-deepfunneled', 100),
      ...sampleFaces('celeba-aligned-nikhil4902', 100),
    ];
    let found = 0;
    for (const file of files) {
      const faces = await detector.detectFaces(await loadRgba(file), { maxTiles: 0 });
      if (faces.length > 0) found++;
    }
    const rate = found / files.length;
    console.log(`detection rate: ${(100 * rate).toFixed(1)}% of ${files.length} faces`);
    expect(rate).toBeGreaterThan(0.95);
  });

  it('returns full-resolution landmarks, alignment, size and quality for each face', async () => {
    const image = await loadRgba(path.join(photosDir, 'portrait/deepface_img49.jpg'));
    const [face, ...rest] = await detector.detectFaces(image);
    expect(rest).toHaveLength(0);
    expect(face!.landmarks).toHaveLength(2 * LANDMARK_COUNT);
    expect(face!.box.width).toBeGreaterThan(500); // a 4352x2903 portrait: a big face
    expect(face!.interOcular).toBeGreaterThan(200);
    expect(face!.tooSmall).toBeNull();
    expect(face!.cutByBorder).toBe(false);
    expect(face!.alignment).toHaveLength(6);
    expect(face!.quality).toBeGreaterThan(0);
    expect(face!.quality).toBeLessThan(1);
  });
});

describe('group photos (counted by eye)', () => {
  it('finds all 6 faces of insightface_t1', async () => {
    expect(await count('group/insightface_t1.jpg')).toBe(6);
  });
  it('finds the 6 faces of dlib_2008_002470 (and not the amplifier)', async () => {
    expect(await count('group/dlib_2008_002470.jpg')).toBe(6);
  });
  it('finds all 7 faces of dlib_2008_007676 (women at a bar table, dim light)', async () => {
    expect(await count('group/dlib_2008_007676.jpg')).toBe(7);
  });
  it('finds the out-of-focus face behind the portrait of deepface_img54 (2)', async () => {
    expect(await count('portrait/deepface_img54.jpg')).toBe(2);
  });
  it('finds all 29 small faces of the 1927 Solvay photo', async () => {
    const image = await loadRgba(path.join(photosDir, 'group/gpen_solvay-conference-1927.png'));
    const faces = await detector.detectFaces(image);
    expect(faces).toHaveLength(29);
    // Faces of ~16 px inter-ocular are found, and flagged as too small to restore at 16 px.
    expect(Math.min(...faces.map((f) => f.interOcular))).toBeLessThan(20);
    expect(faces.some((f) => f.tooSmall?.includes('inter-ocular'))).toBe(true);
  });
  // Where faces stay missed the found count is a lower bound, and at most the by-eye count (no
  // false positives). Misses: faces in profile or looking down, faces cut by the frame.
  it.each([
    // 11 men on the girder; the 6 in profile, turned away or looking down are missed.
    ['group/deoldify_skyscraper-lunch.jpg', 5, 11],
    // The 6 diners at the table; the barman and 3 small guests at the back are missed.
    ['group/dlib_2008_002079.jpg', 6, 10],
    // 7 faces; 2 of the 3 cut by the frame are found thanks to the grey surround of the coarse
    // levels (COARSE_MARGIN); the man cut in half at the top right is missed.
    ['group/deepface_selfie-many-people.jpg', 6, 7],
    // About 25 faces with their eyes in view; half-hidden, turned and sunglassed ones are missed.
    ['group/pytorch-retinaface_crowd.jpg', 19, 25],
    // About 50 faces with visible features (more tiny heads in the back), many turned or small.
    ['group/deoldify_cork-1905.jpg', 17, 50],
  ])('%s: at least %i of the %i faces', async (file, found, byEye) => {
    const n = await count(file);
    expect(n).toBeGreaterThanOrEqual(found);
    expect(n).toBeLessThanOrEqual(byEye);
  });
});

describe('real blurred photos (counted by eye)', () => {
  it.each([
    ['blurry-real/codeformer_whole-00.jpg', 4], // four men, soft low-quality web image
    ['blurry-real/restormer_couple.jpg', 2], // camera shake at night
    ['blurry-real/restormer_portrait.jpg', 1], // mild defocus
    // Strong defocus: found only with the wider mesh crop (see MESH_CONTEXTS).
    ['blurry-real/restormer_engagement.jpg', 1],
  ])('finds all faces of %s (%i)', async (file, faces) => {
    expect(await count(file)).toBe(faces);
  });
  it.each([
    // 4 men in strong zoom/motion blur: the front face is found; 3 turned or dark ones are not.
    ['blurry-real/srn-deblur_4c6.png', 1, 4],
    // GOPRO frames: 5 passers-by (4 in profile) in strong motion blur, none found ...
    ['blurry-real/deepdeblur-gopro_seq3-frame1.png', 0, 5],
    // ... and a street crowd, mostly walking away: about 8 small blurred faces; the bearded man
    // in front is found (with a 5x mesh crop), flagged as too small to restore.
    ['blurry-real/deepdeblur-gopro_seq2-frame8.png', 1, 8],
  ])('%s: at least %i of the %i faces', async (file, found, byEye) => {
    const n = await count(file);
    expect(n).toBeGreaterThanOrEqual(found);
    expect(n).toBeLessThanOrEqual(byEye);
  });
});

describe('geometry of real inputs', () => {
  it('gives the same face for EXIF orientations 1..8', async () => {
    const noses: [number, number][] = [];
    for (let o = 1; o <= 8; o++) {
      const name = o === 1 ? 'pillow_hopper.jpg' : `pillow_hopper_orientation_${o}.jpg`;
      const image = await loadRgba(path.join(photosDir, 'exif-orientation', name));
      const faces = await detector.detectFaces(image);
      expect(faces, `orientation ${o}`).toHaveLength(1);
      noses.push([faces[0]!.landmarks[2]!, faces[0]!.landmarks[3]!]);
    }
    for (const [x, y] of noses) {
      expect(Math.hypot(x - noses[0]![0], y - noses[0]![1])).toBeLessThan(2);
    }
  });

  it('finds an upright face in a photo stored rotated (EXIF orientation 6)', async () => {
    const image = await loadRgba(
      path.join(photosDir, 'exif-orientation/insightface_image-T1_orient6.jpeg'),
    );
    expect([image.width, image.height]).toEqual([480, 640]); // stored 640x480
    const faces = await detector.detectFaces(image);
    expect(faces).toHaveLength(1);
    const [a, b, , d, e] = faces[0]!.alignment;
    // Upright: the alignment is close to a plain scale (rotation under 30 degrees).
    expect(Math.abs(Math.atan2(d, a))).toBeLessThan(Math.PI / 6);
    expect(a * e - b * d).toBeGreaterThan(0);
  });

  it('finds a face cut by the image border and says so', async () => {
    const full = await loadRgba(path.join(photosDir, 'portrait/deepface_img13.jpg'));
    const [face] = await detector.detectFaces(full);
    // Cut the photo through the face, a fifth of the way in, keeping the right part.
    const cutX = Math.round(face!.box.x + face!.box.width * 0.2);
    const { data, info } = await sharp(Buffer.from(full.data), {
      raw: { width: full.width, height: full.height, channels: 4 },
    })
      .extract({ left: cutX, top: 0, width: full.width - cutX, height: full.height })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const faces = await detector.detectFaces({ data, width: info.width, height: info.height });
    expect(faces).toHaveLength(1);
    expect(faces[0]!.cutByBorder).toBe(true);
    expect(faces[0]!.box.x).toBeLessThan(0);
  });

  it('finds no face where there is none', async () => {
    const blank: RgbaImage = {
      data: new Uint8Array(640 * 480 * 4).fill(128),
      width: 640,
      height: 480,
    };
    expect(await detector.detectFaces(blank)).toEqual([]);
    const texture = await sharp({
      create: { width: 800, height: 600, channels: 4, background: '#345' },
      // A noise texture: something for the detector to look at, nothing face-like.
    })
      .composite([{ input: Buffer.from(noiseSvg()), top: 0, left: 0 }])
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(
      await detector.detectFaces({
        data: texture.data,
        width: texture.info.width,
        height: texture.info.height,
      }),
    ).toEqual([]);
  });

  it('keeps landmarks stable under motion blur (mean shift reported)', async () => {
    const files = sampleFaces('lfw-deepfunneled', 10);
    const shifts: number[] = [];
    const pixels: number[] = [];
    for (const file of files) {
      const sharpImage = await loadRgba(file);
      // A 9 px horizontal motion blur (sharp wants a kernel at least 3 rows high).
      const kernel = {
        width: 9,
        height: 3,
        kernel: [
          ...Array<number>(9).fill(0),
          ...Array<number>(9).fill(1),
          ...Array<number>(9).fill(0),
        ],
      };
      const blurred = await loadRgba(await sharp(file).convolve(kernel).png().toBuffer());
      // The same face in both (LFW photos may show a second, cut face at the edge).
      const centre = (f: DetectedFace) => [f.box.x + f.box.width / 2, f.box.y + f.box.height / 2];
      const near = (f: DetectedFace, g: DetectedFace) =>
        Math.hypot(centre(f)[0]! - centre(g)[0]!, centre(f)[1]! - centre(g)[1]!) < g.box.width / 2;
      const inSharp = await detector.detectFaces(sharpImage, { maxTiles: 0 });
      const inBlurred = await detector.detectFaces(blurred, { maxTiles: 0 });
      const a = inSharp.find((f) => inBlurred.some((g) => near(f, g)));
      const b = a && inBlurred.find((g) => near(a, g));
      if (!a || !b) continue;
      let sum = 0;
      for (let i = 0; i < LANDMARK_COUNT; i++) {
        sum += Math.hypot(
          a.landmarks[2 * i]! - b.landmarks[2 * i]!,
          a.landmarks[2 * i + 1]! - b.landmarks[2 * i + 1]!,
        );
      }
      // The blur score sees the blur.
      expect(b.quality, file).toBeLessThan(a.quality);
      pixels.push(sum / LANDMARK_COUNT);
      shifts.push(sum / LANDMARK_COUNT / a.interOcular);
    }
    const mean = shifts.reduce((p, q) => p + q, 0) / shifts.length;
    const meanPx = pixels.reduce((p, q) => p + q, 0) / pixels.length;
    console.log(
      `landmark shift under 9 px motion blur: mean ${meanPx.toFixed(2)} px ` +
        `(${(mean * 100).toFixed(1)}% of inter-ocular) over ${shifts.length} LFW faces`,
    );
    expect(shifts.length).toBeGreaterThanOrEqual(9);
    expect(mean).toBeLessThan(0.08);
  });
});

describe('bad input', () => {
  it('refuses a 1x1 image with a clear error', async () => {
    await expect(
      detector.detectFaces({ data: new Uint8Array(4), width: 1, height: 1 }),
    ).rejects.toThrow(/1x1 pixels; face detection needs at least 32x32/);
  });
  it('refuses malformed pixel data', async () => {
    await expect(
      detector.detectFaces({ data: new Uint8Array(10), width: 64, height: 64 }),
    ).rejects.toThrow(/image: data has 10 bytes, expected 64x64x4/);
  });
  it('says a non-image file is not an image', async () => {
    await expect(loadRgba(path.join(photosDir, 'SOURCES.md'))).rejects.toThrow(
      /Could not decode .*SOURCES\.md as an image/,
    );
  });
});

function noiseSvg(): string {
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 800;
  const rects = Array.from(
    { length: 300 },
    () =>
      `<rect x="${rnd()}" y="${rnd() * 0.75}" width="${rnd() / 20}" height="${rnd() / 20}" fill="#${Math.floor(
        rnd() * 20000,
      )
        .toString(16)
        .padStart(6, '8')}"/>`,
  ).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">${rects}</svg>`;
}
