/**
 * Generated albums for the grid's scroll-performance check (scripts/bench-album-scroll.ts and
 * e2e/album-scroll.spec.ts): `count` small but real JPEGs in camera-like sub-folders of 100
 * ("roll-001/IMG_00001.jpg", ...). Only DISTINCT images are encoded (a gradient "scene" with a
 * face-like disc, each a different hue and layout); the rest are hard links to them, so 5,000
 * photos take about a second to make and little disk. Every path is distinct, so the app still
 * makes, caches and serves one thumbnail per photo, as for a real album.
 * Kept in cache/album-fixture/<count>/ (git-ignored) and reused while its marker matches.
 *
 *   npx tsx scripts/album-fixture.ts [COUNT]   prints the folder (default 5000)
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { cacheDir } from '../electron/core/paths.js';

/** Bump when the generated files change, so old fixtures are rebuilt. */
const VERSION = 1;
const DISTINCT = 240;
const PER_FOLDER = 100;
const WIDTH = 480;
const HEIGHT = 360;

/** The folder holding an album of `count` photos, generated unless already complete. */
export async function albumFixture(
  count: number,
  root: string = path.join(cacheDir, 'album-fixture'),
): Promise<string> {
  const folder = path.join(root, String(count));
  const marker = path.join(folder, '.fixture.json');
  const want = JSON.stringify({ version: VERSION, count });
  if ((await fs.readFile(marker, 'utf8').catch(() => null)) === want) return folder;

  // Build next to the target and swap it in, so an interrupted run never leaves a half album
  // that a later run would take as complete.
  await fs.mkdir(root, { recursive: true });
  const building = await fs.mkdtemp(path.join(root, `.${count}-`));
  const distinct = Math.min(count, DISTINCT);
  const sources: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(
      building,
      `roll-${String(Math.floor(i / PER_FOLDER) + 1).padStart(3, '0')}`,
      `IMG_${String(i + 1).padStart(5, '0')}.jpg`,
    );
    if (i % PER_FOLDER === 0) await fs.mkdir(path.dirname(file), { recursive: true });
    if (i < distinct) {
      await sharp(scene(i), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
        .jpeg({ quality: 82 })
        .toFile(file);
      sources.push(file);
    } else {
      await linkOrCopy(sources[i % distinct] as string, file);
    }
  }
  await fs.writeFile(path.join(building, '.fixture.json'), want);
  await fs.rm(folder, { recursive: true, force: true });
  await fs.rename(building, folder);
  return folder;
}

/** RGB pixels of image `i`: a sky-to-ground gradient in its own hue, a skin-toned disc on it. */
function scene(i: number): Buffer {
  const px = Buffer.alloc(WIDTH * HEIGHT * 3);
  const hue = (i * 137.5) % 360; // golden-angle steps: neighbours in the grid differ clearly
  const [r1, g1, b1] = hsl(hue, 0.55, 0.7);
  const [r2, g2, b2] = hsl((hue + 40) % 360, 0.5, 0.25);
  const cx = WIDTH * (0.25 + (0.5 * ((i * 7) % 11)) / 10);
  const cy = HEIGHT * (0.35 + (0.2 * ((i * 3) % 5)) / 4);
  const radius = HEIGHT * (0.12 + (0.1 * ((i * 5) % 7)) / 6);
  for (let y = 0; y < HEIGHT; y++) {
    const t = y / (HEIGHT - 1);
    for (let x = 0; x < WIDTH; x++) {
      const o = (y * WIDTH + x) * 3;
      const inside = (x - cx) ** 2 + (y - cy) ** 2 < radius ** 2;
      px[o] = inside ? 224 : r1 + (r2 - r1) * t;
      px[o + 1] = inside ? 176 : g1 + (g2 - g1) * t;
      px[o + 2] = inside ? 150 : b1 + (b2 - b1) * t;
    }
  }
  return px;
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** Hard link when the file system allows it (same device), else a copy. */
async function linkOrCopy(source: string, target: string): Promise<void> {
  try {
    await fs.link(source, target);
  } catch {
    await fs.copyFile(source, target);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const count = Number(process.argv[2] ?? 5000);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`Not a photo count: ${process.argv[2]}`);
  console.log(await albumFixture(count));
}
