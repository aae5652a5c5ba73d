/**
 * The `face-deblur` command: parse and validate, collect and shard the inputs, load the
 * verified models once, run the batch, report, and return the exit code
 * (0 all done/skipped, 1 some failed or setup failed, 2 usage, 130 interrupted).
 */
import os from 'node:os';
import path from 'node:path';
import { CommanderError } from 'commander';
import { closeSharedDetector, startSharedDetector } from '../core/faces/index.js';
import {
  loadRestorationModels,
  defaultModelsDir,
  type RestorationModels,
} from '../core/inference/models.js';
import { releaseModels } from '../core/inference/session.js';
import { runBatch } from '../core/jobs/batch.js';
import { collectInputs } from '../core/jobs/inputs.js';
import { inShard } from '../core/jobs/shard.js';
import { appVersion } from '../core/paths.js';
import { buildProgram, type CliOptions, parseArgs } from './options.js';
import { barReporter, jsonReporter, plainReporter, type Reporter } from './report.js';
import { applyPhotoPipelineSharpSettings } from '../core/image/sharpSettings.js';

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Cancels the batch (Ctrl-C); main.ts wires SIGINT/SIGTERM to it. */
  signal?: AbortSignal;
}

function reporterFor(opts: CliOptions, io: CliIo): Reporter {
  if (opts.json)
    return jsonReporter(
      (s) => io.stdout.write(s),
      (s) => io.stderr.write(s),
    );
  if (io.stderr.isTTY) return barReporter(io.stderr);
  return plainReporter((s) => io.stdout.write(s));
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  applyPhotoPipelineSharpSettings();
  const version = appVersion();
  const program = buildProgram(version).configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
  });
  let opts: CliOptions;
  try {
    opts = parseArgs(program, argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    throw err;
  }
  const report = reporterFor(opts, io);
  const { photos: all, missing } = await collectInputs(opts.inputs, {
    recursive: opts.recursive,
    outDir: opts.out,
  });
  for (const m of missing) report.note(`face-deblur: ${m.path}: ${m.reason}`);
  if (all.length === 0) {
    io.stderr.write(
      `face-deblur: no photos found in ${opts.inputs.join(', ')}${opts.recursive ? '' : ' (use --recursive for sub-folders)'}\n`,
    );
    return 2;
  }
  const photos = opts.shard ? inShard(all, opts.shard) : all;

  if (opts.dryRun) {
    for (const p of photos) {
      const line = { type: 'plan', input: p.file, output: path.join(opts.out, p.key) };
      io.stdout.write(
        opts.json ? JSON.stringify(line) + '\n' : `would restore ${line.input} -> ${line.output}\n`,
      );
    }
    io.stdout.write(
      opts.json
        ? JSON.stringify({ type: 'summary', planned: photos.length, total: all.length }) + '\n'
        : `${photos.length} photo(s) planned${opts.shard ? ` (shard ${opts.shard.index}/${opts.shard.count} of ${all.length})` : ''}; nothing written (--dry-run)\n`,
    );
    return 0;
  }

  // The face detector's workers start while the networks load (each takes about a second).
  startSharedDetector().catch(() => undefined); // its error, if any, comes with the first photo
  let models: RestorationModels;
  try {
    models = await loadRestorationModels(
      opts.models ? path.resolve(opts.models) : defaultModelsDir(),
      {
        // Photos in parallel share the cores: each session gets its slice of them.
        intraOpThreads: Math.max(1, Math.floor(os.availableParallelism() / opts.jobs)),
        log: (m) => report.note(m),
      },
    );
  } catch (err) {
    io.stderr.write(`face-deblur: ${(err as Error).message}\n`);
    await closeSharedDetector();
    return 1;
  }
  try {
    if (!models.trained) {
      if (!opts.allowUntrained) {
        io.stderr.write(
          `face-deblur: the models in ${models.dir} are marked UNTRAINED in its manifest.json; their output is not a restoration. Install trained models (models/README.md), or pass --allow-untrained for testing.\n`,
        );
        return 1;
      }
      report.note(
        `face-deblur: WARNING: untrained models (${models.dir}): outputs are NOT restorations (recorded in each file's XMP).`,
      );
    }
    report.start(photos.length);
    const summary = await runBatch({
      photos,
      outDir: opts.out,
      models,
      params: {
        kernelSize: opts.kernelSize,
        strength: opts.strength,
        faces: opts.faces,
        wholePhoto: opts.wholePhoto,
      },
      format: opts.format,
      jobs: opts.jobs,
      maxPixels: opts.maxPixels,
      overwriteOutput: opts.overwriteOutput,
      provenance: {
        software: 'face-deblur',
        version,
        models: models.hashes,
        trainedModels: models.trained,
        mode: opts.wholePhoto ? 'whole-photo' : 'faces',
        kernelSize: String(opts.kernelSize),
        strength: opts.strength,
      },
      ...(io.signal ? { signal: io.signal } : {}),
      onResult: (r, p) => report.result(r, p),
    });
    report.summary(summary);
    if (summary.cancelled) return 130;
    return summary.failed > 0 ? 1 : 0;
  } finally {
    await closeSharedDetector();
    await releaseModels();
  }
}
