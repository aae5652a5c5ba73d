import { describe, expect, it } from 'vitest';
import type { Photo, PhotoFacts } from '../../../electron/ipc/contract.js';
import { arrange, defaultOrder } from './albumOrder.js';

const photo = (relativePath: string, modifiedMs = 0): Photo => ({
  path: `/album/${relativePath}`,
  relativePath,
  bytes: 1,
  modifiedMs,
});
const fact = (p: Photo, faceCount: number, sharpness: number | null, restored = false) =>
  [p.path, { path: p.path, faceCount, sharpness, restored }] as const;

const a = photo('a/img10.jpg', 3);
const b = photo('a/img2.jpg', 1);
const c = photo('b.jpg', 2);
const d = photo('c.jpg', 4);
const photos = [a, b, c, d];
const facts = new Map<string, PhotoFacts>([
  fact(a, 2, 0.8, true),
  fact(b, 1, 0.2),
  fact(c, 0, null),
  // d: not analysed yet
]);
const names = (list: Photo[]) => list.map((p) => p.relativePath);

describe('arrange', () => {
  it('sorts by name with numbers in numeric order, by date newest first', () => {
    expect(names(arrange(photos, facts, defaultOrder))).toEqual([
      'a/img2.jpg',
      'a/img10.jpg',
      'b.jpg',
      'c.jpg',
    ]);
    expect(names(arrange(photos, facts, { ...defaultOrder, sort: 'date' }))).toEqual([
      'c.jpg',
      'a/img10.jpg',
      'b.jpg',
      'a/img2.jpg',
    ]);
  });

  it('sorts blurriest first, photos without faces next, unknown last', () => {
    expect(names(arrange(photos, facts, { ...defaultOrder, sort: 'blur' }))).toEqual([
      'a/img2.jpg',
      'a/img10.jpg',
      'b.jpg',
      'c.jpg',
    ]);
  });

  it('filters by faces, blur and restored, keeping photos not analysed yet', () => {
    expect(names(arrange(photos, facts, { ...defaultOrder, faces: 'faces' }))).toEqual([
      'a/img2.jpg',
      'a/img10.jpg',
      'c.jpg',
    ]);
    expect(names(arrange(photos, facts, { ...defaultOrder, faces: 'blurry' }))).toEqual([
      'a/img2.jpg',
      'c.jpg',
    ]);
    expect(names(arrange(photos, facts, { ...defaultOrder, restored: 'restored' }))).toEqual([
      'a/img10.jpg',
      'c.jpg',
    ]);
    expect(names(arrange(photos, facts, { ...defaultOrder, restored: 'unrestored' }))).toEqual([
      'a/img2.jpg',
      'b.jpg',
      'c.jpg',
    ]);
  });

  it('does not reorder the caller array', () => {
    const before = [...photos];
    arrange(photos, facts, { ...defaultOrder, sort: 'date' });
    expect(photos).toEqual(before);
  });
});
