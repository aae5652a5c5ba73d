/* eslint-disable @typescript-eslint/no-non-null-assertion -- loops index arrays within bounds. */
/**
 * pasteRegionSync (the per-pixel end of paste-back): the mask-weighted blend, grey and toned
 * photos on their tone curve, nothing outside the mask or the rectangle changed, reproducible
 * grain, arguments refused with their names. Paste-back's own tests (faces module) cover the
 * whole operation on real photos.
 */
import { describe, expect, it } from 'vitest';
import { pasteRegionSync, type PasteTone } from '../index.js';
import { rng } from './helpers.js';

const [W, H] = [40, 30];
const region = { x: 5, y: 4, width: 20, height: 16 };
const photo = () => ({
  data: Uint8ClampedArray.from({ length: W * H * 4 }, (_, i) => (i * 37) % 251),
  width: W,
  height: H,
});
/** Face colour (200, 100, 50) with mask weight 1 on the left half, 0.5 then 0 on the right. */
const warped = Float32Array.from({ length: region.width * region.height * 4 }, (_, k) => {
  const x = Math.floor(k / 4) % region.width;
  return [200, 100, 50, x < 10 ? 1 : x < 15 ? 0.5 : 0][k % 4]!;
});
const paste = (tone: PasteTone, grain = false, seed = 1) => {
  const p = photo();
  pasteRegionSync(p, warped, region, { tone, grain, seed });
  return p.data;
};

describe('pasteRegionSync', () => {
  it('blends by the mask weight inside the rectangle and changes nothing else', () => {
    const before = photo().data;
    const after = paste({ kind: 'colour' });
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const rx = x - region.x;
        const inside = rx >= 0 && rx < region.width && y >= region.y && y < 20;
        const a = !inside ? 0 : rx < 10 ? 1 : rx < 15 ? 0.5 : 0;
        for (let c = 0; c < 4; c++) {
          const i = (y * W + x) * 4 + c;
          const want =
            c === 3 ? before[i]! : Math.round(before[i]! + a * ([200, 100, 50][c]! - before[i]!));
          expect(after[i]).toBe(want);
        }
      }
    }
  });

  it('keeps grey photos grey and toned photos on their curve', () => {
    const grey = paste({ kind: 'gray' });
    const y = Math.round(0.299 * 200 + 0.587 * 100 + 0.114 * 50);
    const at = ((region.y + 2) * W + region.x + 3) * 4;
    expect([grey[at], grey[at + 1], grey[at + 2]]).toEqual([y, y, y]);
    const lut = Float32Array.from(
      { length: 768 },
      (_, k) => Math.floor(k / 3) * [1, 0.8, 0.6][k % 3]!,
    );
    const toned = paste({ kind: 'toned', lut });
    expect([toned[at], toned[at + 1], toned[at + 2]]).toEqual(
      [1, 0.8, 0.6].map((f) => Math.round(Math.fround(y * f))),
    );
  });

  it('adds reproducible grain where the face is smoother than the photo', () => {
    const a = paste({ kind: 'colour' }, true, 7);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(paste({ kind: 'colour' }, true, 7)))).toBe(0);
    expect(
      Buffer.compare(Buffer.from(a), Buffer.from(paste({ kind: 'colour' }, true, 8))),
    ).not.toBe(0);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(paste({ kind: 'colour' })))).not.toBe(0);
  });

  it('draws the grain in pixel order whatever row band the work is split into', () => {
    // A flat face (mask 1) over a noisy grey photo, tall enough for several 32-row bands and a
    // width that makes bands start at odd deviate counts. The added grain, the face's difference
    // from its flat colour, must follow the seeded sequence (mulberry32 uniforms, Box-Muller
    // pairs, cos then sin) pixel after pixel: a band that restarts or misplaces the sequence
    // loses the match there.
    const [w, h] = [45, 100];
    const noisy = {
      data: Uint8ClampedArray.from({ length: w * h * 4 }, (_, i) =>
        i % 4 === 3 ? 255 : 128 + (((Math.floor(i / 4) * 7919) % 61) - 30),
      ),
      width: w,
      height: h,
    };
    const flat = Float32Array.from({ length: w * h * 4 }, (_, k) => (k % 4 === 3 ? 1 : 128));
    pasteRegionSync(
      noisy,
      flat,
      { x: 0, y: 0, width: w, height: h },
      {
        tone: { kind: 'gray' },
        grain: true,
        seed: 3,
      },
    );
    const uniform = rng(3);
    const normals: number[] = [];
    while (normals.length < w * h) {
      const s = Math.sqrt(-2 * Math.log(1 - uniform()));
      const t = 2 * Math.PI * uniform();
      normals.push(s * Math.cos(t), s * Math.sin(t));
    }
    for (let band = 0; band < h / 32; band++) {
      let gn = 0, nn = 0, gg = 0; // prettier-ignore
      for (let i = band * 32 * w; i < Math.min(h, (band + 1) * 32) * w; i++) {
        const g = noisy.data[4 * i]! - 128;
        gn += g * normals[i]!;
        nn += normals[i]! ** 2;
        gg += g * g;
      }
      expect(gg).toBeGreaterThan(0);
      expect(gn / Math.sqrt(nn * gg)).toBeGreaterThan(0.95);
    }
  });

  it('refuses bad arguments, naming them', () => {
    const run = (r: typeof region, w = warped) =>
      pasteRegionSync(photo(), w, r, { tone: { kind: 'colour' }, grain: false, seed: 1 });
    expect(() => run({ ...region, x: 30 })).toThrow(/regionWidth must be in 1..10/);
    expect(() => run(region, new Float32Array(5))).toThrow(/warped must have 1280 elements/);
    expect(() =>
      run(
        region,
        warped.map((v, i) => (i === 9 ? NaN : v)),
      ),
    ).toThrow(/finite/);
    expect(() =>
      pasteRegionSync(photo(), warped, region, { tone: { kind: 'colour' }, grain: true, seed: -1 }),
    ).toThrow(/seed must be in 0..4294967295/);
  });
});
