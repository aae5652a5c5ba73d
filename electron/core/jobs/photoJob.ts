/**
 * One photo of a batch: skip when the manifest proves it done, else decode, restore, encode and
 * write atomically, then record it. Every failure becomes a per-file result, never a throw.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { restorePhotoInPlace, type FaceReport, type PhotoParams } from '../deblur/restorePhoto.js';
import { MIN_IMAGE_SIDE } from '../faces/index.js';
import { decodePhoto } from '../image/decode.js';
import { encodePhoto, EXTENSIONS, type OutputFormat, outputFormat } from '../image/encode.js';
import { writeFileAtomic, type WriteIo } from '../image/atomicWrite.js';
import { readProvenance, type Provenance } from '../image/provenance.js';
import type { RestorationModels } from '../inference/models.js';
import type { InputPhoto } from './inputs.js';
import { type Manifest, sha256 } from './manifest.js';

export interface JobContext {
  outDir: string;
  models: RestorationModels;
  params: PhotoParams;
  format: OutputFormat;
  maxPixels: number;
  overwriteOutput: boolean;
  manifest: Manifest;
  settings: string;
  provenance: Omit<Provenance, 'faces'>;
  /** Output keys already taken in this run (two inputs must not write one file). */
  claimed: Map<string, string>;
  io?: WriteIo;
  /** How reasons name the user's remedies (the app has no command-line options). */
  hints?: JobHints;
}

export interface JobHints {
  /** Where another output folder is chosen. */
  outFolder: string;
  /** How an existing foreign file may be replaced. */
  overwrite: string;
}

const CLI_HINTS: JobHints = {
  outFolder: '--out',
  overwrite: 'pass --overwrite-output to replace it',
};

export interface PhotoResult {
  input: string;
  key: string;
  status: 'done' | 'skipped' | 'failed';
  /** Why it was skipped or failed, in words a user can act on. */
  reason?: string;
  /** Stable error code for scripts (PhotoError codes, 'exists', 'collision', 'internal'). */
  code?: string;
  output?: string;
  faces?: FaceReport[];
  ms: number;
}

/** The output path (relative to the output folder) for an input key and format. */
export function outputKey(
  key: string,
  sourceExt: string,
  format: ReturnType<typeof outputFormat>,
): string {
  const ext = path.extname(key);
  const same =
    EXTENSIONS[format] === sourceExt ||
    (format === 'jpeg' && /^\.jpe?g$/i.test(sourceExt)) ||
    (format === 'tiff' && /^\.tiff?$/i.test(sourceExt));
  return same ? key : key.slice(0, key.length - ext.length) + EXTENSIONS[format];
}

/** null: no file there; true: a face-deblur output (provenance XMP); false: someone else's. */
async function existingIsOurs(file: string): Promise<boolean | null> {
  if (
    !(await fs.stat(file).then(
      () => true,
      () => false,
    ))
  )
    return null;
  try {
    return readProvenance((await sharp(file).metadata()).xmp) !== null;
  } catch {
    return false;
  }
}

export async function runPhotoJob(photo: InputPhoto, ctx: JobContext): Promise<PhotoResult> {
  const started = performance.now();
  const hints = ctx.hints ?? CLI_HINTS;
  const base = { input: photo.file, key: photo.key };
  const done = (r: Omit<PhotoResult, 'input' | 'key' | 'ms'>): PhotoResult => ({
    ...base,
    ...r,
    ms: performance.now() - started,
  });
  try {
    const decoded = await decodePhoto(photo.file, { maxPixels: ctx.maxPixels });
    const inputSha256 = sha256(decoded.bytes);
    const previous = await ctx.manifest.completed(ctx.outDir, photo.key, inputSha256, ctx.settings);
    if (previous) {
      return done({
        status: 'skipped',
        reason: 'already done (manifest)',
        code: 'already-done',
        ...(previous.output ? { output: path.join(ctx.outDir, previous.output) } : {}),
      });
    }
    const format = outputFormat(decoded.source.format, ctx.format);
    const relative = outputKey(photo.key, path.extname(photo.file).toLowerCase(), format);
    const claimant = ctx.claimed.get(relative);
    if (claimant && claimant !== photo.file) {
      return done({
        status: 'failed',
        code: 'collision',
        reason: `its output ${relative} is also the output of ${claimant}; rename one of them or run them separately`,
      });
    }
    ctx.claimed.set(relative, photo.file);
    const target = path.join(ctx.outDir, relative);
    if (path.resolve(target) === path.resolve(photo.file)) {
      return done({
        status: 'failed',
        code: 'exists',
        reason: `the output would replace the original; choose another ${hints.outFolder} folder`,
      });
    }
    if (!ctx.overwriteOutput && (await existingIsOurs(target)) === false) {
      return done({
        status: 'failed',
        code: 'exists',
        reason: `${target} already exists and was not written by face-deblur; ${hints.overwrite}`,
      });
    }
    if (Math.min(decoded.width, decoded.height) < MIN_IMAGE_SIDE) {
      return done({
        status: 'failed',
        code: 'too-small',
        reason: `${decoded.width}x${decoded.height} pixels is too small to hold a face (at least ${MIN_IMAGE_SIDE}x${MIN_IMAGE_SIDE})`,
      });
    }
    // This job decoded the photo for this one restoration: faces are pasted into its pixels
    // (no frame copy); encodePhoto reads only its bytes, size and source info after that.
    const restored = await restorePhotoInPlace(decoded, ctx.models, ctx.params);
    if (restored.restored === 0) {
      const reason =
        restored.faces.length === 0
          ? 'no face found'
          : `no face restored (${restored.faces.map((f) => f.note).join('; ')})`;
      await ctx.manifest.append({
        key: photo.key,
        inputSha256,
        settings: ctx.settings,
        output: null,
        outputBytes: null,
        status: 'no-faces',
        at: new Date().toISOString(),
      });
      return done({ status: 'skipped', code: 'no-faces', reason, faces: restored.faces });
    }
    const { data } = await encodePhoto(decoded, restored, {
      format: ctx.format,
      provenance: { ...ctx.provenance, faces: restored.restored },
    });
    try {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await writeFileAtomic(target, data, ctx.io);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? 'error';
      const hint =
        code === 'ENOSPC'
          ? 'the disk is full; free space and re-run'
          : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
            ? `the output folder is not writable; choose another ${hints.outFolder}`
            : 're-run when the cause is fixed';
      return done({
        status: 'failed',
        code: 'write-failed',
        reason: `cannot write ${target} (${code}): ${hint}`,
      });
    }
    await ctx.manifest.append({
      key: photo.key,
      inputSha256,
      settings: ctx.settings,
      output: relative,
      outputBytes: data.length,
      status: 'done',
      at: new Date().toISOString(),
    });
    return done({ status: 'done', output: target, faces: restored.faces });
  } catch (err) {
    const e = err as Error & { code?: string };
    const code = e.name === 'PhotoError' ? e.code : 'internal';
    return done({
      status: 'failed',
      ...(code ? { code } : {}),
      reason:
        e.name === 'PhotoError'
          ? e.message.slice(photo.file.length + 2)
          : `unexpected error: ${e.message}`,
    });
  }
}
