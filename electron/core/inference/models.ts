/**
 * The restoration models: the sketch generator G and the de-artifact network A, found in a
 * models folder with a manifest.json that pins each file's sha256 and says whether it holds
 * trained weights. Nothing is loaded without a matching hash; without trained weights callers
 * are told so (restorations from untrained weights are never presented as restorations).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { repoRoot } from '../paths.js';
import { loadModel, type ModelSession, type SessionOptions } from './session.js';

export const SKETCH_MODEL = 'sketch_generator.onnx';
export const DEARTIFACT_MODEL = 'deartifact.onnx';

const manifestSchema = z.object({
  files: z.record(
    z.string(),
    z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), trained: z.boolean() }),
  ),
});
export type ModelManifest = z.infer<typeof manifestSchema>;

/** models/ of the repository or unpacked app; FACE_DEBLUR_ONNX_MODELS overrides. */
export function defaultModelsDir(): string {
  return path.resolve(process.env.FACE_DEBLUR_ONNX_MODELS ?? path.join(repoRoot, 'models'));
}

export interface RestorationModels {
  dir: string;
  /** G: blurry RGB -> sketch. Required for the per-face method. */
  sketch: ModelSession;
  /** A: x0 (and optionally the blurry face) -> restored face; absent = Wiener result only. */
  deartifact: ModelSession | null;
  /** True only when every loaded model is marked as trained weights in the manifest. */
  trained: boolean;
  /** File name -> sha256 of the loaded models (for the provenance record). */
  hashes: Record<string, string>;
}

export class ModelsUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelsUnavailableError';
  }
}

export async function readManifest(dir: string): Promise<ModelManifest> {
  const file = path.join(dir, 'manifest.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new ModelsUnavailableError(
      `No trained restoration models: ${file} is missing. The face restoration needs ` +
        `${SKETCH_MODEL} (and ideally ${DEARTIFACT_MODEL}) listed there with their sha256; ` +
        'see models/README.md, or pass --models DIR.',
    );
  }
  const parsed = manifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new ModelsUnavailableError(
      `${file} is not a valid model manifest: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}

/** Loads G (required) and A (optional) from `dir`, verified against its manifest. */
export async function loadRestorationModels(
  dir: string = defaultModelsDir(),
  opts: SessionOptions = {},
): Promise<RestorationModels> {
  const manifest = await readManifest(dir);
  const pin = (name: string) => manifest.files[name];
  const sketchPin = pin(SKETCH_MODEL);
  if (!sketchPin) {
    throw new ModelsUnavailableError(
      `${path.join(dir, 'manifest.json')} lists no ${SKETCH_MODEL}: without the sketch generator no kernel can be estimated, so faces cannot be restored.`,
    );
  }
  const sketch = await loadModel(path.join(dir, SKETCH_MODEL), sketchPin.sha256, opts);
  const aPin = pin(DEARTIFACT_MODEL);
  const deartifact = aPin
    ? await loadModel(path.join(dir, DEARTIFACT_MODEL), aPin.sha256, opts)
    : null;
  const hashes: Record<string, string> = { [SKETCH_MODEL]: sketchPin.sha256 };
  if (aPin) hashes[DEARTIFACT_MODEL] = aPin.sha256;
  return {
    dir,
    sketch,
    deartifact,
    trained: sketchPin.trained && (aPin?.trained ?? true),
    hashes,
  };
}
