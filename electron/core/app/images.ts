/**
 * Images made in main for the renderer (it turns them into blob: URLs): lossless PNG for the
 * 240x200 face crops and the kernel (small, and the user compares pixels), JPEG for the
 * photo-sized compare renditions (a 2048 px PNG would be several MB through IPC).
 */
import sharp from 'sharp';
import type { EncodedImage } from '../../ipc/channels/shared.js';
import type { RgbaImage } from '../image/rgba.js';

/** Side the kernel is enlarged to at least (nearest neighbour: every tap stays a square). */
export const KERNEL_DISPLAY = 160;

const to8bit = (values: Float32Array, scale = 1): Uint8Array =>
  Uint8Array.from(values, (v) => Math.round(Math.min(1, Math.max(0, v * scale)) * 255));

async function png(
  data: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 3,
  enlarge = 1,
): Promise<EncodedImage> {
  let pipeline = sharp(data, { raw: { width, height, channels } });
  if (enlarge > 1)
    pipeline = pipeline.resize(width * enlarge, height * enlarge, { kernel: 'nearest' });
  // Without it libvips writes grey input as RGB (three times the bytes, same pixels).
  if (channels === 1) pipeline = pipeline.toColourspace('b-w');
  const buffer = await pipeline.png({ compressionLevel: 6 }).toBuffer();
  return {
    mime: 'image/png',
    width: width * enlarge,
    height: height * enlarge,
    base64: buffer.toString('base64'),
  };
}

/** A float image in [0, 1] (RGB interleaved or grey) as PNG. */
export function floatPng(
  values: Float32Array,
  width: number,
  height: number,
  channels: 1 | 3,
): Promise<EncodedImage> {
  return png(to8bit(values), width, height, channels);
}

/** An 8-bit RGB image (an aligned crop) as PNG. */
export function rgbPng(data: Uint8Array, width: number, height: number): Promise<EncodedImage> {
  return png(data, width, height, 3);
}

/**
 * The kernel for display: scaled so its largest tap is white (the weights themselves are tiny),
 * enlarged by a whole factor to at least KERNEL_DISPLAY pixels.
 */
export function kernelPng(kernel: { data: Float32Array; size: number }): Promise<EncodedImage> {
  const max = kernel.data.reduce((m, v) => Math.max(m, v), 0);
  const enlarge = Math.ceil(KERNEL_DISPLAY / kernel.size);
  return png(to8bit(kernel.data, max > 0 ? 1 / max : 1), kernel.size, kernel.size, 1, enlarge);
}

/** An RGBA photo as a JPEG whose long edge is at most `maxEdge` (never enlarged). */
export async function photoJpeg(image: RgbaImage, maxEdge: number): Promise<EncodedImage> {
  const { data, info } = await sharp(
    Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length),
    { raw: { width: image.width, height: image.height, channels: 4 } },
  )
    .removeAlpha()
    .resize(maxEdge, maxEdge, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 90, chromaSubsampling: '4:4:4' })
    .toBuffer({ resolveWithObject: true });
  return {
    mime: 'image/jpeg',
    width: info.width,
    height: info.height,
    base64: data.toString('base64'),
  };
}
