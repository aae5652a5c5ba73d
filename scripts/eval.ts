/**
 * `npm run eval`: the quality benchmark (docs/benchmark.md). Blurs held-out aligned faces with
 * the benchmark kernels and scores every method on the product's own inference path.
 *
 *   npm run eval -- [--faces DIR] [--kernels DIR] [--limit N] [--noise SIGMA] [--json]
 *                   [--grid FILE.png] [--rows blurry,oracle,classical,naive,paper-g,full]
 */
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { repoRoot } from '../electron/core/paths.js';
import { degradeFace, quantise8 } from './eval/degrade.js';
import { loadFaceFolder, loadHeldOutFaces, type FaceSet } from './eval/faceSets.js';
import { writeGrid, type GridLine } from './eval/grid.js';
import { loadKernelDir } from './eval/kernelFiles.js';
import { psnr, ssim } from './eval/metrics.js';
import {
  FACE_HEIGHT,
  FACE_WIDTH,
  blurryRow,
  classicalRow,
  fullMethodRow,
  naiveRow,
  oracleRow,
  PAPER_G_MODELS,
  type Row,
} from './eval/rows.js';
import { formatTable, summarise, type BenchmarkSummary, type Measurement } from './eval/summary.js';

interface Options {
  faces?: string;
  kernels: string;
  limit?: number;
  noise: number;
  json?: boolean;
  grid?: string;
  rows: RowKey[];
}

/** The rows by their `--rows` name, built only when asked for (the model rows load ONNX). */
const ROW_MAKERS = {
  blurry: () => blurryRow,
  oracle: () => oracleRow(),
  classical: () => classicalRow(),
  naive: () => naiveRow(),
  'paper-g': () => fullMethodRow(PAPER_G_MODELS, "full method, the paper's G (sigmoid)"),
  full: () => fullMethodRow(),
} satisfies Record<string, () => Row | Promise<Row>>;
type RowKey = keyof typeof ROW_MAKERS;
const ROW_KEYS = Object.keys(ROW_MAKERS) as RowKey[];

function rowList(value: string): RowKey[] {
  const keys = value.split(',').map((k) => k.trim());
  const unknown = keys.filter((k) => !(ROW_KEYS as string[]).includes(k));
  if (unknown.length > 0 || keys.length === 0)
    throw new InvalidArgumentError(
      `unknown row(s) ${unknown.join(', ')}: choose from ${ROW_KEYS.join(', ')}`,
    );
  return keys as RowKey[];
}

/** Faces shown in the --grid picture (the first of each face set, one kernel each). */
const GRID_FACES = 6;

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`expected a whole number >= 1, got "${value}"`);
  return n;
}

function noiseSigma(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 0.5)
    throw new InvalidArgumentError(`expected a sigma in 0..0.5, got "${value}"`);
  return n;
}

function parseOptions(argv: readonly string[]): Options {
  return new Command('eval')
    .description(
      'Quality benchmark: PSNR/SSIM of every restoration method on blurred held-out faces.',
    )
    .option(
      '--faces <dir>',
      'a folder of face photos to align and use instead of the held-out split',
    )
    .option(
      '--kernels <dir>',
      'a folder of kernel PNGs',
      path.join(repoRoot, 'models', 'benchmark'),
    )
    .option('--limit <n>', 'at most N faces per face set', positiveInteger)
    .option(
      '--noise <sigma>',
      'Gaussian noise sigma added after blurring ([0, 1] scale)',
      noiseSigma,
      0,
    )
    .option('--json', 'print one JSON summary on stdout instead of tables')
    .option('--grid <file.png>', 'write a picture of a few faces through the best available row')
    .option(
      '--rows <list>',
      `comma-separated rows to run (${ROW_KEYS.join(', ')}); the table's other rows are left out`,
      rowList,
      ROW_KEYS,
    )
    .exitOverride()
    .parse(argv, { from: 'user' })
    .opts<Options>();
}

/** Seed of the noise of one face and kernel: the same blurry input for every row. */
const noiseSeed = (set: number, face: number, kernel: number) =>
  (set * 1_000_003 + face * 101 + kernel) >>> 0;

interface SetResult {
  name: string;
  summary: BenchmarkSummary;
  rejected: number;
}

async function run(options: Options): Promise<void> {
  const kernels = await loadKernelDir(path.resolve(options.kernels));
  const sets: FaceSet[] = options.faces
    ? [await loadFaceFolder(path.resolve(options.faces), options.limit)]
    : await loadHeldOutFaces(options.limit);
  const rows: Row[] = [];
  for (const key of ROW_KEYS) if (options.rows.includes(key)) rows.push(await ROW_MAKERS[key]());
  const total = sets.reduce((a, s) => a + s.faces.length, 0) * kernels.length;
  const bar = new cliProgress.SingleBar(
    {
      format: 'eval [{bar}] {value}/{total} face x kernel | {eta_formatted} left',
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 30_000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  const all: Measurement[] = [];
  const results: SetResult[] = [];
  const gridLines: GridLine[] = [];
  const gridRow = [...rows]
    .reverse()
    .find((r) => r.restore && r.name !== blurryRow.name && !r.name.includes('oracle'));
  for (const [s, set] of sets.entries()) {
    const measurements: Measurement[] = [];
    for (const [f, face] of set.faces.entries()) {
      const truth = { data: face, width: FACE_WIDTH, height: FACE_HEIGHT, channels: 3 };
      for (const [k, kernel] of kernels.entries()) {
        const blurry = degradeFace(
          face,
          FACE_WIDTH,
          FACE_HEIGHT,
          kernel,
          options.noise,
          noiseSeed(s, f, k),
        );
        for (const row of rows) {
          if (!row.restore) continue;
          const start = performance.now();
          const restoration = await row.restore({ blurry, kernel });
          const ms = performance.now() - start;
          const image = quantise8(restoration.image);
          const test = { ...truth, data: image };
          measurements.push({
            row: row.name,
            kernelSize: kernel.size,
            psnr: psnr(truth, test),
            ssim: ssim(truth, test),
            ms,
          });
          const wanted =
            gridLines.length < GRID_FACES &&
            f < Math.ceil(GRID_FACES / sets.length) &&
            k === f % kernels.length;
          if (options.grid && row === gridRow && wanted) {
            gridLines.push({
              label: `${set.name} #${f} ${kernel.name}`,
              blurry,
              sharp: face,
              trueKernel: kernel,
              restoration: { ...restoration, image },
            });
          }
        }
        bar.increment();
      }
    }
    all.push(...measurements);
    const context = {
      faces: set.faces.length,
      kernels: kernels.map((k) => k.name),
      noiseSigma: options.noise,
    };
    results.push({
      name: set.name,
      summary: summarise(measurements, rows, context),
      rejected: set.rejected,
    });
  }
  bar.stop();
  if (sets.length > 1) {
    const faces = sets.reduce((a, s) => a + s.faces.length, 0);
    const context = { faces, kernels: kernels.map((k) => k.name), noiseSigma: options.noise };
    results.push({
      name: 'all',
      summary: summarise(all, rows, context),
      rejected: sets.reduce((a, s) => a + s.rejected, 0),
    });
  }
  if (options.grid && gridLines.length > 0) await writeGrid(path.resolve(options.grid), gridLines);
  if (options.json) {
    console.log(
      JSON.stringify({
        sets: results,
        grid: options.grid ? { file: options.grid, row: gridRow?.name } : undefined,
      }),
    );
    return;
  }
  for (const r of results) {
    console.log(
      `\n== ${r.name} (${r.summary.faces} faces aligned, ${r.rejected} rejected by the face detector)`,
    );
    console.log(formatTable(r.summary));
  }
  if (options.grid) console.log(`\ngrid (${gridRow?.name ?? 'no row'}): ${options.grid}`);
}

try {
  await run(parseOptions(process.argv.slice(2)));
} catch (error) {
  const e = error as { code?: string; message: string };
  if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') process.exit(0);
  console.error(`eval: ${e.message}`);
  process.exit(e.code?.startsWith('commander.') ? 2 : 1);
}
