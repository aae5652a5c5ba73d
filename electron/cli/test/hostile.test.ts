/* eslint-disable @typescript-eslint/no-non-null-assertion -- tests index known-present results. */
/**
 * Hostile inputs: 24 kinds of broken, bomb-like or unusual files in one folder, plus a full disk
 * and a read-only output folder. Each bad file is a clear per-file error, valid unusual ones are
 * restored, the batch always goes on, and nothing partial is left in the output folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedDetector } from '../../core/faces/index.js';
import { nodeIo, PARTIAL_SUFFIX, type WriteIo } from '../../core/image/atomicWrite.js';
import { pngChunk, PNG_SIGNATURE } from '../../core/image/containerExif.js';
import { loadRestorationModels } from '../../core/inference/models.js';
import { releaseModels } from '../../core/inference/session.js';
import { runBatch } from '../../core/jobs/batch.js';
import { collectInputs } from '../../core/jobs/inputs.js';
import { sharedDataDir } from '../../core/paths.js';
import { FIXTURE_MODELS, fixtureArgs, jsonLines, runCli } from './helpers.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'face-deblur-hostile-'));
const dir = path.join(tmp, 'in');
const out = path.join(tmp, 'out');
const portrait = path.join(sharedDataDir(), 'photos', 'portrait', 'deepface_img13.jpg');

/** A 1-bit grey PNG of width x height whose IDAT is `idat` (or all-zero rows, deflated). */
function png(width: number, height: number, idat?: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8);
  const rows =
    idat ?? zlib.deflateSync(Buffer.alloc(height * (1 + Math.ceil(width / 8))), { level: 9 });
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', rows),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Rewrites the JPEG's SOF0 marker (and optionally its precision byte or size). */
function patchSof(jpeg: Buffer, patch: (sof: Buffer) => void): Buffer {
  const copy = Buffer.from(jpeg);
  for (let i = 2; i < copy.length - 9; i++) {
    if (copy[i] === 0xff && copy[i + 1] === 0xc0) {
      patch(copy.subarray(i, i + 10));
      return copy;
    }
  }
  throw new Error('no SOF0 marker');
}

/** Expected outcome per file: a failure code, or 'done' / 'skipped'. */
const expected: Record<string, string | string[]> = {};
let faceJpeg: Buffer;

beforeAll(async () => {
  fs.mkdirSync(dir);
  faceJpeg = await sharp(portrait).resize({ width: 400 }).jpeg({ quality: 90 }).toBuffer();
  const face = sharp(faceJpeg);
  const put = (name: string, data: Buffer | string, outcome: string | string[]) => {
    fs.writeFileSync(path.join(dir, name), data);
    expected[name] = outcome;
  };
  put('zero-bytes.jpg', Buffer.alloc(0), 'empty');
  put('truncated.jpg', faceJpeg.subarray(0, Math.floor(faceJpeg.length * 0.4)), 'corrupt');
  put(
    'header-100000x100000.png',
    png(100_000, 100_000, zlib.deflateSync(Buffer.alloc(64))),
    'too-large',
  );
  put('bomb-400mp.png', png(20_000, 20_000), 'too-large');
  const good = await face.clone().png().toBuffer();
  const badCrc = Buffer.from(good);
  const idat = badCrc.indexOf('IDAT');
  badCrc[idat + 4 + badCrc.readUInt32BE(idat - 4)]! ^= 0xff; // first CRC byte of IDAT
  put('bad-crc.png', badCrc, 'corrupt');
  put('bad-idat.png', png(64, 64, Buffer.from('definitely not zlib data')), 'corrupt');
  put(
    'jpeg-12bit.jpg',
    patchSof(faceJpeg, (s) => ((s[1] = 0xc1), (s[4] = 12))),
    ['corrupt', 'not-an-image'],
  );
  // libjpeg-turbo decodes arithmetic coding, so Huffman data under an arithmetic header decodes
  // to noise without an error: the honest outcome is "no face found", or a decode error.
  put(
    'jpeg-arithmetic-header.jpg',
    patchSof(faceJpeg, (s) => (s[1] = 0xc9)),
    ['corrupt', 'not-an-image', 'skipped'],
  );
  put(
    'jpeg-header-60000x60000.jpg',
    patchSof(faceJpeg, (s) => (s.writeUInt16BE(60000, 5), s.writeUInt16BE(60000, 7))),
    'too-large',
  );
  put('cmyk.jpg', await face.clone().toColourspace('cmyk').jpeg().toBuffer(), 'done');
  put('16bit.png', await face.clone().toColourspace('rgb16').png().toBuffer(), 'done');
  put('palette.png', await face.clone().png({ palette: true }).toBuffer(), 'done');
  put('grey-alpha.png', await face.clone().greyscale().ensureAlpha(0.9).png().toBuffer(), 'done');
  const frame = await face.clone().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const two = Buffer.concat([frame.data, frame.data]);
  put(
    'animated.gif',
    await sharp(two, {
      raw: {
        width: frame.info.width,
        height: frame.info.height * 2,
        channels: 4,
        pageHeight: frame.info.height,
      },
    })
      .gif({ loop: 0, delay: [100, 100] })
      .toBuffer(),
    'done',
  );
  put('jpeg-named.png', faceJpeg, 'done');
  put('text.jpg', 'this is a shopping list, not a photo\n', 'not-an-image');
  put('page.png', '<!doctype html><html><body>404</body></html>', 'not-an-image');
  put(
    'drawing.jpg',
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
    'unsupported',
  );
  put('signature-then-garbage.png', Buffer.concat([good.subarray(0, 8), Buffer.alloc(500, 7)]), [
    'not-an-image',
    'corrupt',
  ]);
  put('truncated.tiff', (await face.clone().tiff().toBuffer()).subarray(0, 3000), [
    'corrupt',
    'not-an-image',
  ]);
  const webp = await face.clone().webp().toBuffer();
  put('truncated.webp', webp.subarray(0, Math.floor(webp.length / 3)), ['corrupt', 'not-an-image']);
  put(
    'tiny-8x8.png',
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
      .png()
      .toBuffer(),
    'too-small',
  );
  put(
    'no-face.png',
    await sharp({ create: { width: 300, height: 200, channels: 3, background: '#3a6' } })
      .png()
      .toBuffer(),
    'skipped',
  );
  fs.symlinkSync(path.join(tmp, 'gone.jpg'), path.join(dir, 'broken-link.jpg'));
  expected['broken-link.jpg'] = 'unreadable';
  fs.writeFileSync(path.join(dir, 'no-permission.jpg'), faceJpeg);
  fs.chmodSync(path.join(dir, 'no-permission.jpg'), 0);
  // root reads files whatever their mode.
  expected['no-permission.jpg'] = process.getuid?.() === 0 ? 'done' : 'unreadable';
}, 60_000);

afterAll(async () => {
  await closeSharedDetector();
  await releaseModels();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function partials(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(PARTIAL_SUFFIX));
}

describe('hostile inputs through the command', () => {
  it('gives each bad file a clear error, restores the odd valid ones, finishes the batch', async () => {
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(24);
    const run = await runCli(fixtureArgs(dir, out, '-j', '2'));
    const lines = jsonLines(run.stdout);
    const photos = lines.filter((l) => l.type === 'photo');
    expect(photos.length).toBe(Object.keys(expected).length);
    for (const p of photos) {
      const name = path.basename(p.input as string);
      const want = [expected[name]!].flat();
      const got = p.status === 'failed' ? (p.code as string) : (p.status as string);
      expect(want, `${name}: ${p.status} ${p.code} ${p.reason}`).toContain(got);
      if (p.status === 'failed') expect(String(p.reason).length).toBeGreaterThan(15);
    }
    const byName = (n: string) => photos.find((p) => path.basename(p.input as string) === n)!;
    expect(byName('bomb-400mp.png').reason).toMatch(/400\.0 MP is over the limit of 100 MP/);
    expect(byName('zero-bytes.jpg').reason).toMatch(/empty/);
    expect(byName('animated.gif').output).toMatch(/animated\.png$/);
    expect(byName('jpeg-named.png').output).toMatch(/jpeg-named\.jpg$/);
    expect((await sharp(path.join(out, '16bit.png')).metadata()).depth).toBe('ushort');
    expect(lines.at(-1)).toMatchObject({ type: 'summary', total: photos.length });
    expect(partials(out)).toEqual([]);
    expect(run.code).toBe(1);
  }, 240_000);
});

describe('output failures', () => {
  async function batchWith(io: WriteIo, outDir: string) {
    const inputs = path.join(tmp, 'three');
    fs.mkdirSync(inputs, { recursive: true });
    for (const n of ['a', 'b', 'c']) fs.writeFileSync(path.join(inputs, `${n}.jpg`), faceJpeg);
    const { photos } = await collectInputs([inputs], { outDir });
    return runBatch({
      photos,
      outDir,
      models: await loadRestorationModels(FIXTURE_MODELS, {
        intraOpThreads: 1,
        log: () => undefined,
      }),
      params: {},
      format: 'same',
      jobs: 1,
      maxPixels: 1e8,
      overwriteOutput: false,
      provenance: {
        software: 'face-deblur',
        version: 'test',
        models: {},
        trainedModels: false,
        mode: 'faces',
        kernelSize: 'auto',
        strength: 1,
      },
      io,
    });
  }

  it('a full disk fails that photo only and leaves no partial file', async () => {
    let writes = 0;
    const diskFull: WriteIo = {
      ...nodeIo,
      async writeFile(file, data) {
        if (++writes !== 2) return nodeIo.writeFile(file, data);
        fs.writeFileSync(file, data.subarray(0, 1000)); // the disk fills up mid-file
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
          code: 'ENOSPC',
        });
      },
    };
    const outDir = path.join(tmp, 'full');
    const summary = await batchWith(diskFull, outDir);
    expect([summary.done, summary.failed]).toEqual([2, 1]);
    const failed = summary.results.find((r) => r.status === 'failed')!;
    expect(failed.reason).toMatch(/\(ENOSPC\): the disk is full; free space and re-run/);
    expect(partials(outDir)).toEqual([]);
    expect(fs.readdirSync(outDir).filter((f) => f.endsWith('.jpg')).length).toBe(2);
  }, 120_000);

  it('a read-only output folder fails each photo with a clear reason, batch goes on', async () => {
    const outDir = path.join(tmp, 'readonly');
    fs.mkdirSync(outDir);
    fs.chmodSync(outDir, 0o555);
    // root ignores directory modes: then the file system's refusal is injected instead.
    const readOnly: WriteIo =
      process.getuid?.() === 0
        ? {
            ...nodeIo,
            writeFile: () =>
              Promise.reject(
                Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' }),
              ),
          }
        : nodeIo;
    const summary = await batchWith(readOnly, outDir);
    expect(summary.failed).toBe(3);
    for (const r of summary.results) expect(r.reason).toMatch(/not writable; choose another --out/);
    fs.chmodSync(outDir, 0o755);
    expect(partials(outDir)).toEqual([]);
  }, 120_000);
});
