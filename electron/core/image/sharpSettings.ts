/**
 * Process-wide sharp settings for a photo pipeline, applied once by each entry point (the CLI,
 * the app's services, the benchmarks).
 *
 * libvips' operation cache (sharp's default: up to 50 MB, 100 operations) only pays off when the
 * same operation runs again on the same input. A pipeline that decodes each photo once never
 * hits it, and the cached results only hold memory: each 2.8 MP decode left ~17 MB behind, so
 * the next decode touched fresh pages (~7,000 page faults against ~3,200 without the cache;
 * decode CPU 146-193 ms against 75-78 ms on deepface_img13.jpg, and 25 decodes of one photo
 * grew the process to 655 MB against 245 MB).
 */
import sharp from 'sharp';

export function applyPhotoPipelineSharpSettings(): void {
  sharp.cache(false);
}
