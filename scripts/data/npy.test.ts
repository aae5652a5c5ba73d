import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatNpy, readNpy, readNpyHeader, writeNpy } from './npy.js';
import { runPython } from './python.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'npy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npy', () => {
  it('writes files numpy loads with the same dtype, shape and values', async () => {
    const u8 = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => (i * 37) % 256);
    const f32 = Float32Array.from({ length: 5 * 2 }, (_, i) => i / 3 - 1.25);
    await writeNpy(path.join(dir, 'u8.npy'), { dtype: 'uint8', shape: [2, 3, 4], data: u8 });
    await writeNpy(path.join(dir, 'f32.npy'), { dtype: 'float32', shape: [5, 2], data: f32 });
    const out = runPython([
      '-c',
      `import numpy as np, json, sys
a = np.load(sys.argv[1]); b = np.load(sys.argv[2])
print(json.dumps([str(a.dtype), a.shape, a.ravel().tolist(), str(b.dtype), b.shape, b.ravel().tolist()]))`,
      path.join(dir, 'u8.npy'),
      path.join(dir, 'f32.npy'),
    ]);
    const [ad, as, av, bd, bs, bv] = JSON.parse(out) as [
      string,
      number[],
      number[],
      string,
      number[],
      number[],
    ];
    expect([ad, as, av]).toEqual(['uint8', [2, 3, 4], [...u8]]);
    expect([bd, bs, bv]).toEqual(['float32', [5, 2], [...f32]]);
  });

  it('reads files numpy wrote, and concatenates parts along the first axis', async () => {
    runPython([
      '-c',
      `import numpy as np, sys
np.save(sys.argv[1], np.arange(24, dtype=np.uint8).reshape(2, 3, 4))
np.save(sys.argv[2], np.arange(12, dtype=np.uint8).reshape(1, 3, 4) + 100)`,
      path.join(dir, 'a.npy'),
      path.join(dir, 'b.npy'),
    ]);
    const a = await readNpy(path.join(dir, 'a.npy'));
    expect(a.shape).toEqual([2, 3, 4]);
    expect(a.data[23]).toBe(23);
    const rows = await concatNpy(
      path.join(dir, 'ab.npy'),
      [path.join(dir, 'a.npy'), path.join(dir, 'b.npy')],
      [3, 4],
      'uint8',
    );
    expect(rows).toBe(3);
    const ab = await readNpy(path.join(dir, 'ab.npy'));
    expect(ab.shape).toEqual([3, 3, 4]);
    expect(ab.data[24]).toBe(100);
    expect((await readNpyHeader(path.join(dir, 'ab.npy'))).shape).toEqual([3, 3, 4]);
  });

  it('refuses a mismatched part, a wrong value count and a non-npy file with the file named', async () => {
    await expect(
      concatNpy(path.join(dir, 'x.npy'), [path.join(dir, 'a.npy')], [4, 3], 'uint8'),
    ).rejects.toThrow(/a\.npy.*cannot join/);
    await expect(
      writeNpy(path.join(dir, 'y.npy'), { dtype: 'uint8', shape: [2, 2], data: new Uint8Array(3) }),
    ).rejects.toThrow(/needs 4 values/);
    runPython(['-c', `open(${JSON.stringify(path.join(dir, 'z.npy'))}, 'w').write('hello')`]);
    await expect(readNpy(path.join(dir, 'z.npy'))).rejects.toThrow(/z\.npy: not a \.npy file/);
  });
});
