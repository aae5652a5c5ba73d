/**
 * `npm run data:prepare`: aligns every face of ../shared/data/faces into the canonical 240x200
 * crop with the project's face module and writes the training/benchmark data to cache/data/
 * (docs/ARCHITECTURE.md "Data locations"):
 *   faces-<split>.npy      uint8   N x 240 x 200 x 3
 *   landmarks-<split>.npy  float32 N x 478 x 2 (crop pixels)
 *   index-<split>.json     source of each row, "<face set>/<file>"
 *   sketches-<split>.npy   uint8   N x 240 x 200 ground-truth sketches (255 = paper), drawn by
 *                          the photo-to-sketch translator (models/training/data/sketch_translator.py,
 *                          weights models/training/data/sketch_translator.pt)
 *   prepare-report.json    counts and every face the detector rejected, with the reason
 * for the splits train, test-celeba and test-lfw (models/splits/).
 *
 * Resumable: sources are processed in fixed chunks, each written to cache/data/parts/ and
 * marked done only when complete; a re-run skips finished chunks. Each finished chunk's
 * sketches are drawn by a Python child while the next chunk is aligned; the merge runs once
 * every chunk and its sketches are done.
 *
 *   npm run data:prepare -- [--source DIR] [--limit N] [--out DIR] [--chunk N] [--no-sketches]
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { cacheDir, sharedDataDir } from '../electron/core/paths.js';
import { createFaceAligner, CROP_HEIGHT, CROP_WIDTH, LANDMARKS } from './data/alignFaces.js';
import { concatNpy, writeNpy } from './data/npy.js';
import { runPythonQuiet } from './data/python.js';
import { listFaceSources, readHeldOut, splitOf, SPLITS, type Split } from './data/splits.js';

interface Options {
  source: string;
  limit?: number;
  out: string;
  chunk: number;
  sketches: boolean;
}

interface ChunkRecord {
  rows: Record<Split, string[]>;
  rejects: { source: string; reason: string }[];
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`expected a whole number >= 1, got "${value}"`);
  return n;
}

const options = new Command('data:prepare')
  .description(
    'Align ../shared/data/faces into 240x200 crops, landmarks and sketches in cache/data/.',
  )
  .option('--source <dir>', 'folder holding the face sets', path.join(sharedDataDir(), 'faces'))
  .option('--limit <n>', 'at most N faces per face set (for quick checks)', positiveInteger)
  .option('--out <dir>', 'output folder', path.join(cacheDir, 'data'))
  .option('--chunk <n>', 'faces per resumable chunk', positiveInteger, 500)
  .option('--no-sketches', 'skip drawing the ground-truth sketches')
  .parse()
  .opts<Options>();

const outDir = path.resolve(options.out);
const sourceDir = path.resolve(options.source);
const partsDir = path.join(outDir, 'parts');
const partFile = (chunk: number, split: Split, what: 'faces' | 'landmarks' | 'sketches') =>
  path.join(partsDir, `chunk-${String(chunk).padStart(3, '0')}-${split}-${what}.npy`);
const chunkRecordFile = (chunk: number) =>
  path.join(partsDir, `chunk-${String(chunk).padStart(3, '0')}.json`);

/** Writes a file through a temporary name, so a crash never leaves a half-written one. */
async function writeAtomic(file: string, write: (tmp: string) => Promise<unknown>): Promise<void> {
  const tmp = `${file}.tmp`;
  await write(tmp);
  await rename(tmp, file);
}

async function selectSources(): Promise<string[]> {
  const all = await listFaceSources(sourceDir);
  if (options.limit === undefined) return all;
  const perSet = new Map<string, number>();
  return all.filter((s) => {
    const set = s.split('/')[0] ?? '';
    perSet.set(set, (perSet.get(set) ?? 0) + 1);
    return (perSet.get(set) ?? 0) <= (options.limit ?? Infinity);
  });
}

async function prepareChunk(
  chunk: number,
  sources: readonly string[],
  heldOut: Awaited<ReturnType<typeof readHeldOut>>,
  aligner: Awaited<ReturnType<typeof createFaceAligner>>,
  tick: () => void,
): Promise<ChunkRecord> {
  const record: ChunkRecord = {
    rows: { train: [], 'test-celeba': [], 'test-lfw': [] },
    rejects: [],
  };
  const crops: Record<Split, Uint8Array[]> = { train: [], 'test-celeba': [], 'test-lfw': [] };
  const marks: Record<Split, Float32Array[]> = { train: [], 'test-celeba': [], 'test-lfw': [] };
  for (const source of sources) {
    const result = await aligner.alignFile(path.join(sourceDir, source));
    if ('reason' in result) {
      record.rejects.push({ source, reason: result.reason });
    } else {
      const split = splitOf(source, heldOut);
      record.rows[split].push(source);
      crops[split].push(result.crop);
      marks[split].push(result.landmarks);
    }
    tick();
  }
  for (const split of SPLITS) {
    const n = record.rows[split].length;
    if (n === 0) continue;
    const faces = new Uint8Array(n * CROP_HEIGHT * CROP_WIDTH * 3);
    crops[split].forEach((c, i) => faces.set(c, i * c.length));
    const landmarks = new Float32Array(n * LANDMARKS * 2);
    marks[split].forEach((l, i) => landmarks.set(l, i * l.length));
    await writeNpy(partFile(chunk, split, 'faces'), {
      dtype: 'uint8',
      shape: [n, CROP_HEIGHT, CROP_WIDTH, 3],
      data: faces,
    });
    await writeNpy(partFile(chunk, split, 'landmarks'), {
      dtype: 'float32',
      shape: [n, LANDMARKS, 2],
      data: landmarks,
    });
  }
  await writeAtomic(chunkRecordFile(chunk), (tmp) => writeFile(tmp, JSON.stringify(record)));
  return record;
}

async function merge(records: ChunkRecord[]): Promise<Record<Split, number>> {
  const counts = { train: 0, 'test-celeba': 0, 'test-lfw': 0 } as Record<Split, number>;
  for (const split of SPLITS) {
    const chunks = records.map((r, c) => ({ r, c })).filter(({ r }) => r.rows[split].length > 0);
    const index = chunks.flatMap(({ r }) => r.rows[split]);
    const faces = chunks.map(({ c }) => partFile(c, split, 'faces'));
    const landmarks = chunks.map(({ c }) => partFile(c, split, 'landmarks'));
    const sketches = chunks.map(({ c }) => partFile(c, split, 'sketches'));
    const target = (what: string) => path.join(outDir, `${what}-${split}.npy`);
    const indexFile = path.join(outDir, `index-${split}.json`);
    counts[split] = index.length;
    // Same rows as the last merge: the arrays are already there.
    const previous = existsSync(indexFile) ? await readFile(indexFile, 'utf8') : undefined;
    const wanted = ['faces', 'landmarks', ...(options.sketches ? ['sketches'] : [])];
    if (previous === JSON.stringify(index) && wanted.every((w) => existsSync(target(w)))) continue;
    if (options.sketches) {
      await writeAtomic(target('sketches'), (tmp) =>
        concatNpy(tmp, sketches, [CROP_HEIGHT, CROP_WIDTH], 'uint8'),
      );
    }
    await writeAtomic(target('faces'), (tmp) =>
      concatNpy(tmp, faces, [CROP_HEIGHT, CROP_WIDTH, 3], 'uint8'),
    );
    await writeAtomic(target('landmarks'), (tmp) =>
      concatNpy(tmp, landmarks, [LANDMARKS, 2], 'float32'),
    );
    await writeAtomic(indexFile, (tmp) => writeFile(tmp, JSON.stringify(index)));
  }
  return counts;
}

/**
 * Draws the ground-truth sketches of one finished chunk (a Python child process running the
 * sketch translator), while the next chunk is being aligned: the two jobs overlap.
 */
async function sketchChunk(chunk: number, record: ChunkRecord): Promise<void> {
  for (const split of SPLITS) {
    if (record.rows[split].length === 0 || existsSync(partFile(chunk, split, 'sketches'))) continue;
    await runPythonQuiet([
      '-m',
      'models.training.data.sketch_translator',
      'translate',
      partFile(chunk, split, 'faces'),
      partFile(chunk, split, 'sketches'),
    ]);
  }
}

async function main(): Promise<void> {
  await mkdir(partsDir, { recursive: true });
  const heldOut = await readHeldOut();
  const sources = await selectSources();
  const chunks: string[][] = [];
  for (let i = 0; i < sources.length; i += options.chunk)
    chunks.push(sources.slice(i, i + options.chunk));
  // A finished chunk is only reused if it covers exactly the same sources (same --chunk/--limit).
  const records: (ChunkRecord | undefined)[] = await Promise.all(
    chunks.map(async (sourcesOfChunk, c) => {
      if (!existsSync(chunkRecordFile(c))) return undefined;
      const record = JSON.parse(await readFile(chunkRecordFile(c), 'utf8')) as ChunkRecord;
      const covered = [
        ...Object.values(record.rows).flat(),
        ...record.rejects.map((r) => r.source),
      ].sort();
      return covered.join('\n') === [...sourcesOfChunk].sort().join('\n') ? record : undefined;
    }),
  );
  const done = records.reduce((a, r, c) => a + (r ? (chunks[c]?.length ?? 0) : 0), 0);
  const bar = new cliProgress.SingleBar(
    {
      format: 'aligning [{bar}] {value}/{total} faces | {rejected} rejected | ETA {eta_formatted}',
      etaBuffer: 200,
      // Also report in logs (no TTY), every 30 s.
      noTTYOutput: true,
      notTTYSchedule: 30_000,
    },
    cliProgress.Presets.shades_classic,
  );
  let rejected = records.reduce((a, r) => a + (r?.rejects.length ?? 0), 0);
  bar.start(sources.length, done, { rejected });
  // One sketch job at a time, queued behind each finished chunk (and the ones found done).
  let sketching: Promise<void> = Promise.resolve();
  const queueSketches = (c: number, record: ChunkRecord) => {
    if (options.sketches) sketching = sketching.then(() => sketchChunk(c, record));
  };
  records.forEach((r, c) => r && queueSketches(c, r));
  const aligner = await createFaceAligner();
  try {
    for (const [c, sourcesOfChunk] of chunks.entries()) {
      if (records[c]) continue;
      const record = await prepareChunk(c, sourcesOfChunk, heldOut, aligner, () =>
        bar.increment(1, { rejected }),
      );
      rejected += record.rejects.length;
      bar.update({ rejected });
      records[c] = record;
      queueSketches(c, record);
    }
  } finally {
    bar.stop();
    await aligner.close();
  }
  if (options.sketches) {
    console.log("waiting for the last chunks' sketches");
    await sketching;
  }
  const complete = records as ChunkRecord[];
  const counts = await merge(complete);
  const rejects = complete.flatMap((r) => r.rejects);
  const rejectsBySet = Object.fromEntries(
    [...new Set(sources.map((s) => s.split('/')[0]))].map((set) => [
      set,
      rejects.filter((r) => r.source.startsWith(`${set}/`)).length,
    ]),
  );
  const report = {
    sources: sources.length,
    faces: counts,
    rejected: rejects.length,
    rejectsBySet,
    rejects,
  };
  await writeFile(path.join(outDir, 'prepare-report.json'), JSON.stringify(report, null, 1));
  console.log(
    `aligned ${sources.length - rejects.length} of ${sources.length} faces: ${JSON.stringify(counts)}`,
  );
  console.log(`rejected by the face detector: ${rejects.length} ${JSON.stringify(rejectsBySet)}`);
}

try {
  await main();
} catch (error) {
  console.error(`data:prepare: ${(error as Error).message}`);
  process.exit(1);
}
