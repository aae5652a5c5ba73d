import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../electron/core/paths.js';
import { loadKernelDir } from './kernelFiles.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kernels-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('benchmark kernel files', () => {
  it('reads the 8 committed benchmark kernels, each normalised to sum 1', async () => {
    const kernels = await loadKernelDir(path.join(repoRoot, 'models', 'benchmark'));
    expect(kernels.map((k) => k.size)).toEqual([21, 21, 31, 31, 41, 41, 51, 51]);
    for (const k of kernels) {
      expect(k.data.length).toBe(k.size * k.size);
      expect(k.data.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(Math.min(...k.data)).toBeGreaterThanOrEqual(0);
    }
  });

  it('rejects a missing folder and an empty folder, naming them', async () => {
    await expect(loadKernelDir(path.join(dir, 'nope'))).rejects.toThrow(
      /kernels folder .*nope does not exist/,
    );
    await mkdir(path.join(dir, 'empty'));
    await expect(loadKernelDir(path.join(dir, 'empty'))).rejects.toThrow(
      /empty holds no \.png kernel files/,
    );
  });

  it('rejects a PNG that is not a kernel: colour, even-sized, blank, or not an image', async () => {
    const cases: [string, () => Promise<unknown>, RegExp][] = [
      [
        'colour',
        () =>
          sharp({ create: { width: 21, height: 21, channels: 3, background: '#808080' } })
            .png()
            .toFile(path.join(dir, 'colour', 'k.png')),
        /not a kernel: need a single-channel/,
      ],
      [
        'even',
        () =>
          sharp(Buffer.alloc(20 * 20, 9), { raw: { width: 20, height: 20, channels: 1 } })
            .toColourspace('b-w')
            .png()
            .toFile(path.join(dir, 'even', 'k.png')),
        /not a kernel.*20x20/,
      ],
      [
        'blank',
        () =>
          sharp(Buffer.alloc(21 * 21), { raw: { width: 21, height: 21, channels: 1 } })
            .toColourspace('b-w')
            .png()
            .toFile(path.join(dir, 'blank', 'k.png')),
        /every pixel is zero/,
      ],
      [
        'text',
        () =>
          import('node:fs/promises').then((fs) =>
            fs.writeFile(path.join(dir, 'text', 'k.png'), 'not a png'),
          ),
        /k\.png is not a readable image/,
      ],
    ];
    for (const [name, make, message] of cases) {
      await mkdir(path.join(dir, name));
      await make();
      await expect(loadKernelDir(path.join(dir, name))).rejects.toThrow(message);
    }
  });
});
