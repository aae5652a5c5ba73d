/**
 * The command line's grammar (commander) and the validation of every value, with errors that
 * name the option and the accepted range. Usage errors exit with code 2.
 */
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { checkFaceSelection, type FaceSelection } from '../core/deblur/restorePhoto.js';
import { DEFAULT_MAX_PIXELS } from '../core/image/decode.js';
import type { OutputFormat } from '../core/image/encode.js';
import { parseShard, type Shard } from '../core/jobs/shard.js';

export interface CliOptions {
  inputs: string[];
  out: string;
  recursive: boolean;
  kernelSize: number | 'auto';
  strength: number;
  faces: FaceSelection;
  wholePhoto: boolean;
  format: OutputFormat;
  jobs: number;
  json: boolean;
  overwriteOutput: boolean;
  dryRun: boolean;
  shard: Shard | null;
  models: string | undefined;
  allowUntrained: boolean;
  maxPixels: number;
}

const wrap =
  <T>(parse: (v: string) => T) =>
  (value: string): T => {
    try {
      return parse(value);
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
  };

function parseKernelSize(v: string): number | 'auto' {
  if (v === 'auto') return 'auto';
  const n = Number(v);
  if (!Number.isInteger(n) || n < 11 || n > 75 || n % 2 === 0) {
    throw new Error(`expected 'auto' or an odd integer 11..75, got "${v}"`);
  }
  return n;
}

function parseStrength(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !(n >= 0 && n <= 1)) throw new Error(`expected a number 0..1, got "${v}"`);
  return n;
}

function parseFaces(v: string): FaceSelection {
  if (v === 'all' || v === 'largest') return v;
  const n = Number(v);
  if (!/^\d+$/.test(v)) throw new Error(`expected all, largest or a positive integer, got "${v}"`);
  return checkFaceSelection(n);
}

function parsePositive(name: string, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < 1 || n > max) {
      throw new Error(`${name} must be an integer 1..${max}, got "${v}"`);
    }
    return n;
  };
}

/** The default output folder: `restored/` beside the first input. */
export function defaultOutDir(firstInput: string): string {
  return path.join(path.dirname(path.resolve(firstInput)), 'restored');
}

export function buildProgram(version: string): Command {
  return new Command('face-deblur')
    .description(
      'Restore blurry faces in photos (sketch synthesis, kernel estimation, Wiener deconvolution).\n' +
        'Originals are never modified: results go to --out, mirroring the input tree.',
    )
    .version(version, '-V, --version')
    .argument('<inputs...>', 'photo files or folders')
    .option('-o, --out <dir>', 'output folder (default: "restored" beside the first input)')
    .option('-r, --recursive', 'include photos in sub-folders', false)
    .addOption(
      new Option(
        '--kernel-size <auto|N>',
        'blur kernel size in face-crop pixels: auto or odd 11..75',
      )
        .default('auto')
        .argParser(wrap(parseKernelSize)),
    )
    .addOption(
      new Option('--strength <0..1>', '0 = physically faithful Wiener result, 1 = network output')
        .default(1)
        .argParser(wrap(parseStrength)),
    )
    .addOption(
      new Option('--faces <all|largest|N>', 'which faces to restore (N: the N largest)')
        .default('all')
        .argParser(wrap(parseFaces)),
    )
    .option('--whole-photo', 'EXPERIMENTAL: deblur the whole photo with the face kernel', false)
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['same', 'jpeg', 'png', 'tiff'])
        .default('same'),
    )
    .addOption(
      new Option('-j, --jobs <N>', 'photos processed at once')
        .default(1)
        .argParser(wrap(parsePositive('--jobs', Math.max(64, os.availableParallelism())))),
    )
    .option('--json', 'one JSON object per line (per photo, then a summary) on stdout', false)
    .option('--overwrite-output', 'replace existing files in the output folder', false)
    .option('--dry-run', 'list what would be done, change nothing', false)
    .addOption(
      new Option(
        '--shard <K/N>',
        'process only the K-th of N slices of the inputs (1-based)',
      ).argParser(wrap(parseShard)),
    )
    .option('--models <dir>', 'folder with the ONNX models and manifest.json (default: models/)')
    .option(
      '--allow-untrained',
      'run with models the manifest marks untrained (testing only)',
      false,
    )
    .addOption(
      new Option('--max-pixels <N>', 'refuse photos with more pixels than this')
        .default(DEFAULT_MAX_PIXELS)
        .argParser(wrap(parsePositive('--max-pixels', 1_000_000_000))),
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 all photos done or skipped, 1 some failed, 2 usage error, 130 interrupted.\n' +
        'A re-run skips photos already done (manifest in the output folder). See docs/cli.md.',
    )
    .showHelpAfterError('(run face-deblur --help for usage)')
    .exitOverride();
}

/** What commander hands back: the options without the inputs, `out` and `shard` unset by default. */
type RawOptions = Omit<CliOptions, 'inputs' | 'out' | 'shard'> & { out?: string; shard?: Shard };

/** Parses argv (node, script, ...args); throws commander's CommanderError on usage errors. */
export function parseArgs(program: Command, argv: readonly string[]): CliOptions {
  program.parse(argv as string[]);
  const { out, shard, ...rest } = program.opts<RawOptions>();
  const inputs = program.args;
  return {
    ...rest,
    inputs,
    out: path.resolve(out ?? defaultOutDir(inputs[0] ?? '.')),
    shard: shard ?? null,
  };
}
