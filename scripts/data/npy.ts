/**
 * NumPy .npy files (format version 1.0), the storage of the prepared face data in cache/data/:
 * the training code loads them with numpy.load (memory-mapped), the eval reads them back here.
 * Only the dtypes the data uses: uint8 and little-endian float32, C order.
 */
import { open, readFile } from 'node:fs/promises';

export type NpyDtype = 'uint8' | 'float32';

const DESCR: Record<NpyDtype, string> = { uint8: '|u1', float32: '<f4' };
const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00]);

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: Uint8Array | Float32Array;
}

/** The header bytes (magic, version, length, dict) padded so the data starts 64-byte aligned. */
export function npyHeader(dtype: NpyDtype, shape: readonly number[]): Buffer {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = MAGIC.length + 2 + dict.length + 1;
  const padded = Math.ceil(unpadded / 64) * 64;
  const text = dict + ' '.repeat(padded - unpadded) + '\n';
  const length = Buffer.alloc(2);
  length.writeUInt16LE(text.length);
  return Buffer.concat([MAGIC, length, Buffer.from(text, 'latin1')]);
}

function bytesOf(data: Uint8Array | Float32Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Writes a whole array. */
export async function writeNpy(path: string, array: NpyArray): Promise<void> {
  const expected = array.shape.reduce((a, b) => a * b, 1);
  if (array.data.length !== expected) {
    throw new RangeError(
      `npy ${path}: shape ${array.shape.join('x')} needs ${expected} values, got ${array.data.length}`,
    );
  }
  const file = await open(path, 'w');
  try {
    await file.write(npyHeader(array.dtype, array.shape));
    await file.write(bytesOf(array.data));
  } finally {
    await file.close();
  }
}

/**
 * Concatenates .npy files of the same dtype and row shape along the first axis into `path`,
 * one part in memory at a time (the training split is over a gigabyte).
 */
export async function concatNpy(
  path: string,
  parts: readonly string[],
  rowShape: readonly number[],
  dtype: NpyDtype,
): Promise<number> {
  const arrays: NpyHeaderInfo[] = [];
  for (const part of parts) arrays.push(await readNpyHeader(part));
  let rows = 0;
  for (const [i, info] of arrays.entries()) {
    if (info.dtype !== dtype || info.shape.slice(1).join('x') !== rowShape.join('x')) {
      throw new Error(
        `${parts[i]}: ${info.dtype} ${info.shape.join('x')} cannot join ${dtype} rows of ${rowShape.join('x')}`,
      );
    }
    rows += info.shape[0] ?? 0;
  }
  const file = await open(path, 'w');
  try {
    await file.write(npyHeader(dtype, [rows, ...rowShape]));
    for (const part of parts) await file.write(bytesOf((await readNpy(part)).data));
  } finally {
    await file.close();
  }
  return rows;
}

interface NpyHeaderInfo {
  dtype: NpyDtype;
  shape: number[];
  dataOffset: number;
}

function parseHeader(bytes: Buffer, path: string): NpyHeaderInfo {
  if (bytes.length < 10 || !bytes.subarray(0, 6).equals(MAGIC.subarray(0, 6))) {
    throw new Error(`${path}: not a .npy file (bad magic)`);
  }
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const dict = bytes.subarray(start, start + headerLength).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(dict)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(dict)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(dict)?.[1];
  const dtype = (Object.keys(DESCR) as NpyDtype[]).find((d) => DESCR[d] === descr);
  if (!dtype || fortran !== 'False' || shapeText === undefined) {
    throw new Error(`${path}: unsupported .npy header ${dict.trim()} (need uint8 or <f4, C order)`);
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  return { dtype, shape, dataOffset: start + headerLength };
}

/** Reads only the header (dtype, shape) of an .npy file. */
export async function readNpyHeader(path: string): Promise<NpyHeaderInfo> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return parseHeader(head.subarray(0, bytesRead), path);
  } finally {
    await file.close();
  }
}

/** Reads an .npy file written by numpy or by this module (uint8 or <f4, C order). */
export async function readNpy(path: string): Promise<NpyArray> {
  const bytes = await readFile(path);
  const { dtype, shape, dataOffset } = parseHeader(bytes, path);
  const count = shape.reduce((a, b) => a * b, 1);
  const payload = bytes.subarray(dataOffset);
  const itemSize = dtype === 'uint8' ? 1 : 4;
  if (payload.length < count * itemSize) {
    throw new Error(
      `${path}: truncated (${payload.length} data bytes for shape ${shape.join('x')})`,
    );
  }
  const copy = new Uint8Array(count * itemSize);
  copy.set(payload.subarray(0, count * itemSize));
  const data = dtype === 'uint8' ? copy : new Float32Array(copy.buffer);
  return { dtype, shape, data };
}
