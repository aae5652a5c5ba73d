// The real photos the flows use (../shared/data/photos, see its SOURCES.md), and temporary
// albums of copies for the flows that write: export and batch outputs go to a `restored/` folder
// beside the album by default, which must never be the shared data folder.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sharedDataDir } from '../../electron/core/paths.js';

export const photosDir = path.join(sharedDataDir(), 'photos');

/** A woman at f/1.4, mild defocus on her face: one face, 570x320. */
export const singleFace = path.join(photosDir, 'blurry-real', 'restormer_portrait.jpg');
/** Six people round a poker table, medium faces, some turned: 1280x886. */
export const groupPhoto = path.join(photosDir, 'group', 'insightface_t1.jpg');

/** A portrait of 3061x4600 (14 MP, one face): larger than the 2048 px preview. */
export const largePhoto = path.join(photosDir, 'portrait', 'deepface_img40.jpg');

/**
 * Small real photos (under 700 px) in which the detector finds 1 to 7 faces, for batches that
 * must be quick. (The strongly motion-blurred ones have no detectable face: they are not here.)
 */
export const smallPhotos = [
  'blurry-real/restormer_portrait.jpg',
  'blurry-real/restormer_couple.jpg',
  'blurry-real/codeformer_whole-00.jpg',
  'bw-old/bopb_old-w-scratch_b.png',
  'bw-old/bopb_old-w-scratch_d.png',
  'bw-old/bopb_old-w-scratch_a.png',
  'bw-old/facexlib_test.jpg',
  'group/dlib_2008_002470.jpg',
  'group/dlib_2008_007676.jpg',
  'group/deepface_selfie-many-people.jpg',
  'exif-orientation/insightface_image-T1_orient6.jpeg',
].map((p) => path.join(photosDir, p));

/** A fresh folder under the system's temp folder; removed by the returned function. */
export async function tempDir(
  prefix: string,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), `face-deblur-${prefix}-`)));
  return { dir, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

/**
 * Copies `count` photos (the same bytes: EXIF, ICC and all) into `album/`, cycling through
 * `sources`; copies after the first round go to a sub-folder, as a camera's second card would.
 */
export async function copyAlbum(album: string, sources: readonly string[], count = sources.length) {
  const copies: string[] = [];
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length] as string;
    const round = Math.floor(i / sources.length);
    const target = path.join(album, round === 0 ? '' : `card-${round + 1}`, path.basename(source));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.copyFile(source, target);
    copies.push(target);
  }
  return copies;
}
