/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index known-present results and in-bounds pixels. */
/**
 * The command end to end on real photos from ../shared/data/photos: outputs exist, faces
 * changed, pixels outside the face footprints untouched, metadata/ICC/bit depth/orientation
 * kept, grey stays grey, originals byte-identical, a re-run skips everything.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedDetector, cropFootprint, detectFaces } from '../../core/faces/index.js';
import { readProvenance } from '../../core/image/provenance.js';
import { withoutIrbThumbnails } from '../../core/image/jpegSegments.js';
import { sharedDataDir } from '../../core/paths.js';
import { FIXTURE_MODELS, fixtureArgs, jsonLines, runCli } from './helpers.js';

const photos = path.join(sharedDataDir(), 'photos');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'face-deblur-cli-'));
const input = path.join(tmp, 'in');
const out = path.join(tmp, 'out');
const sources = {
  'portrait.png': '',
  'twain.jpg': 'bw-old/deoldify_mark-twain.jpg',
  'cmyk.jpg': 'colour-managed/sharp_cmyk-swop-profile.jpg',
  'adobe16.tiff': 'colour-managed/sharp_tifftag-photoshop_16bit-adobergb.tiff',
  'sample16.png': '',
  'orient6.jpeg': 'exif-orientation/insightface_image-T1_orient6.jpeg',
  'blurry.jpg': 'blurry-real/restormer_portrait.jpg',
};
const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const hashes = new Map<string, string>();
let run: Awaited<ReturnType<typeof runCli>>;

/** A face pasted into a metadata-rich sample (which has no face of its own), metadata kept. */
async function withFace(sample: string, height: number): Promise<Sharp> {
  const face = await sharp(path.join(photos, 'portrait/deepface_img13.jpg'))
    .resize({ height })
    .toBuffer();
  return sharp(path.join(photos, sample))
    .composite([{ input: face, gravity: 'west' }])
    .keepMetadata();
}

beforeAll(async () => {
  fs.mkdirSync(input);
  const portrait = path.join(photos, 'portrait/deepface_img13.jpg');
  for (const [name, src] of Object.entries(sources)) {
    const to = path.join(input, name);
    if (name === 'portrait.png') {
      // A lossless copy, so "untouched outside the faces" can be checked bit for bit.
      await sharp(portrait).resize({ width: 900 }).png().toFile(to);
    } else if (name === 'cmyk.jpg') {
      await (await withFace(src, 333)).toColourspace('cmyk').jpeg({ quality: 95 }).toFile(to);
    } else if (name === 'adobe16.tiff') {
      await (
        await withFace(src, 211)
      )
        .toColourspace('rgb16')
        .tiff({ compression: 'deflate' })
        .toFile(to);
    } else if (name === 'sample16.png') {
      await sharp(portrait).resize({ width: 500 }).toColourspace('rgb16').png().toFile(to);
    } else fs.copyFileSync(path.join(photos, src), to);
    hashes.set(name, sha(to));
  }
  run = await runCli(fixtureArgs(input, out, '-j', '2'));
}, 180_000);
afterAll(async () => {
  await closeSharedDetector();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('face-deblur on real photos', () => {
  it('restores every photo and reports each with its kernel confidence', () => {
    const lines = jsonLines(run.stdout);
    const summary = lines.find((l) => l.type === 'summary')!;
    expect(run.stderr).toMatch(/untrained models .* NOT restorations/);
    expect(summary).toMatchObject({ total: 7, failed: 0 });
    const done = lines.filter((l) => l.type === 'photo' && l.status === 'done');
    expect(done.length).toBe(7);
    for (const l of done) {
      const faces = l.faces as { status: string; confidence?: number }[];
      expect(faces.some((f) => f.status === 'restored' && typeof f.confidence === 'number')).toBe(
        true,
      );
    }
    expect(run.code).toBe(0);
  });

  it('leaves the originals byte-identical', () => {
    for (const [name, hash] of hashes) expect(sha(path.join(input, name))).toBe(hash);
  });

  it('changes the faces and nothing outside their footprints (lossless output)', async () => {
    const read = (f: string) => sharp(f).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const a = await read(path.join(input, 'portrait.png'));
    const b = await read(path.join(out, 'portrait.png'));
    const image = { data: a.data, width: a.info.width, height: a.info.height };
    const boxes = (await detectFaces(image)).map((f) => cropFootprint(f.alignment, image)!);
    expect(boxes.length).toBeGreaterThan(0);
    let inside = 0;
    let outside = 0;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const i = 4 * (y * image.width + x);
        if (a.data.subarray(i, i + 4).equals(b.data.subarray(i, i + 4))) continue;
        const inBox = boxes.some(
          (r) => x >= r.x && y >= r.y && x < r.x + r.width && y < r.y + r.height,
        );
        if (inBox) inside++;
        else outside++;
      }
    }
    expect(outside).toBe(0);
    expect(inside).toBeGreaterThan(1000);
  });

  it('keeps ICC, EXIF, IPTC, XMP and CMYK, and writes the provenance', async () => {
    const [before, after] = await Promise.all([
      sharp(path.join(input, 'cmyk.jpg')).metadata(),
      sharp(path.join(out, 'cmyk.jpg')).metadata(),
    ]);
    expect(after.space).toBe('cmyk');
    expect(after.icc!.equals(before.icc!)).toBe(true);
    // Without Photoshop's thumbnail of the unrestored photo.
    expect(after.iptc!.equals(withoutIrbThumbnails(before.iptc!))).toBe(true);
    expect(after.exif!.length).toBeGreaterThan(1000);
    expect(readProvenance(after.xmp)).toMatchObject({
      Software: 'face-deblur',
      TrainedModels: 'false',
      Mode: 'faces',
      KernelSize: 'auto',
      Strength: '1',
    });
    expect(readProvenance(after.xmp)!.Models).toMatch(/sketch_generator\.onnx:sha256:[0-9a-f]{64}/);
  });

  it('keeps 16-bit PNG and TIFF at 16 bits, with the TIFF profile', async () => {
    const png = await sharp(path.join(out, 'sample16.png')).metadata();
    expect(png.depth).toBe('ushort');
    const tiff = await sharp(path.join(out, 'adobe16.tiff')).metadata();
    expect([tiff.format, tiff.depth, tiff.icc?.length]).toEqual(['tiff', 'ushort', 560]);
  });

  it('writes orientation-6 photos upright with orientation 1', async () => {
    const src = await sharp(path.join(input, 'orient6.jpeg')).metadata();
    const dst = await sharp(path.join(out, 'orient6.jpeg')).metadata();
    expect(src.orientation).toBe(6);
    expect(dst.orientation ?? 1).toBe(1);
    expect([dst.width, dst.height]).toEqual([src.height, src.width]);
  });

  it('keeps a black-and-white photo without colour', async () => {
    const { data } = await sharp(path.join(out, 'twain.jpg'))
      .raw()
      .toBuffer({ resolveWithObject: true });
    let worst = 0;
    for (let i = 0; i < data.length; i += 3) {
      worst = Math.max(
        worst,
        Math.abs(data[i]! - data[i + 1]!),
        Math.abs(data[i + 1]! - data[i + 2]!),
      );
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('skips everything on a re-run (manifest), exit code 0', async () => {
    const again = await runCli(fixtureArgs(input, out));
    const summary = jsonLines(again.stdout).find((l) => l.type === 'summary')!;
    expect(summary).toMatchObject({ total: 7, done: 0, skipped: 7, failed: 0 });
    expect(again.code).toBe(0);
  }, 60_000);
});

describe('face-deblur usage', () => {
  it('prints --version and --help with exit 0, usage errors with exit 2', async () => {
    const version = JSON.parse(
      fs.readFileSync(path.join(import.meta.dirname, '../../../package.json'), 'utf8'),
    ).version as string;
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--shard <K\/N>/);
    for (const bad of [
      ['x.jpg', '--strength', '2'],
      ['x.jpg', '--kernel-size', '12'],
      ['x.jpg', '--shard', '5/4'],
      ['x.jpg', '--format', 'bmp'],
      [],
    ]) {
      const r = await runCli(bad);
      expect(r.code, bad.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/error|missing/i);
    }
  }, 60_000);

  it('runs through the bin launcher (bundle or sources)', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(
      process.execPath,
      [path.join(import.meta.dirname, '../../../bin/face-deblur.js'), '--version'],
      { encoding: 'utf8' },
    );
    expect([r.status, r.stdout.trim()]).toEqual([
      0,
      JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../../package.json'), 'utf8'))
        .version,
    ]);
  }, 60_000);

  it('--dry-run --shard K/N: the N shards partition the inputs, nothing is written', async () => {
    const folder = path.join(photos, 'exif-orientation');
    const planned = [];
    for (let k = 1; k <= 3; k++) {
      const r = await runCli([
        folder,
        '--out',
        path.join(tmp, 'dry'),
        '--dry-run',
        '--json',
        '--shard',
        `${k}/3`,
      ]);
      expect(r.code).toBe(0);
      planned.push(
        jsonLines(r.stdout)
          .filter((l) => l.type === 'plan')
          .map((l) => l.input as string),
      );
    }
    const all = fs
      .readdirSync(folder)
      .filter((f) => /\.jpe?g$/.test(f))
      .map((f) => path.join(folder, f));
    expect(planned.flat().sort()).toEqual(all.sort());
    expect(new Set(planned.flat()).size).toBe(all.length);
    expect(planned.every((p) => p.length > 0)).toBe(true);
    expect(fs.existsSync(path.join(tmp, 'dry'))).toBe(false);
  }, 60_000);

  it('refuses untrained models unless asked, and says what is missing without models', async () => {
    const withModels = (models: string, outName: string) =>
      runCli([path.join(photos, 'portrait'), '--out', path.join(tmp, outName), '--models', models]);
    const refused = await withModels(FIXTURE_MODELS, 'x');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/marked UNTRAINED/);
    const none = await withModels(tmp, 'y');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/No trained restoration models: .*manifest\.json is missing/);
  }, 60_000);
});
