/**
 * The `--grid FILE.png` picture: one line per face, columns blurry input, structure image
 * (sketch or L0 latent), estimated kernel over the true kernel, x0 (plain Wiener), final
 * result, ground truth. Missing pieces (a row without a sketch) are left grey.
 */
import sharp from 'sharp';
import { FACE_HEIGHT, FACE_WIDTH, type Restoration } from './rows.js';

export interface GridLine {
  label: string;
  blurry: Float32Array;
  sharp: Float32Array;
  trueKernel: { data: Float32Array; size: number };
  restoration: Restoration;
}

export const GRID_COLUMNS = [
  'blurry',
  'structure',
  'kernel est./true',
  'x0',
  'result',
  'ground truth',
];

const GAP = 4;
const GREY = 96;

function rgbTile(image: Float32Array | undefined, channels: 1 | 3): Buffer {
  const tile = Buffer.alloc(FACE_WIDTH * FACE_HEIGHT * 3, GREY);
  if (!image) return tile;
  for (let p = 0; p < FACE_WIDTH * FACE_HEIGHT; p += 1) {
    for (let c = 0; c < 3; c += 1) {
      const v = image[channels === 3 ? 3 * p + c : p] as number;
      tile[3 * p + c] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
  }
  return tile;
}

/** Draws a kernel scaled to its maximum, nearest-neighbour enlarged into a side x side box. */
function drawKernel(
  tile: Buffer,
  kernel: { data: Float32Array; size: number },
  top: number,
  side: number,
): void {
  const max = Math.max(...kernel.data) || 1;
  const left = Math.floor((FACE_WIDTH - side) / 2);
  for (let y = 0; y < side; y += 1) {
    for (let x = 0; x < side; x += 1) {
      const a = Math.floor((y * kernel.size) / side);
      const b = Math.floor((x * kernel.size) / side);
      const v = Math.round(Math.sqrt((kernel.data[a * kernel.size + b] as number) / max) * 255);
      const o = ((top + y) * FACE_WIDTH + left + x) * 3;
      tile[o] = v;
      tile[o + 1] = v;
      tile[o + 2] = v;
    }
  }
}

function kernelTile(
  estimated: Restoration['kernel'],
  truth: { data: Float32Array; size: number },
): Buffer {
  const tile = Buffer.alloc(FACE_WIDTH * FACE_HEIGHT * 3, GREY);
  const side = FACE_HEIGHT / 2 - 6;
  if (estimated) drawKernel(tile, estimated, 2, side);
  drawKernel(tile, truth, FACE_HEIGHT / 2 + 4, side);
  return tile;
}

/** Writes the grid PNG; kernels are drawn on a square-root scale so faint tails show. */
export async function writeGrid(file: string, lines: readonly GridLine[]): Promise<void> {
  const width = GRID_COLUMNS.length * (FACE_WIDTH + GAP) + GAP;
  const height = lines.length * (FACE_HEIGHT + GAP) + GAP;
  const composites = lines.flatMap((line, row) => {
    const r = line.restoration;
    const tiles = [
      rgbTile(line.blurry, 3),
      rgbTile(r.structure, 1),
      kernelTile(r.kernel, line.trueKernel),
      rgbTile(r.x0, 3),
      rgbTile(r.image, 3),
      rgbTile(line.sharp, 3),
    ];
    return tiles.map((tile, col) => ({
      input: tile,
      raw: { width: FACE_WIDTH, height: FACE_HEIGHT, channels: 3 as const },
      left: GAP + col * (FACE_WIDTH + GAP),
      top: GAP + row * (FACE_HEIGHT + GAP),
    }));
  });
  await sharp({ create: { width, height, channels: 3, background: '#202020' } })
    .composite(composites)
    .png()
    .toFile(file);
}
