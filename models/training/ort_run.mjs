// Runs exported models with onnxruntime-node, the runtime the app uses (Python's onnxruntime is
// not installed here), for two jobs of the training scripts:
//   node models/training/ort_run.mjs time <model.onnx>... [--threads 2] [--runs 15]
//     times the models run one after another on a 1x3x240x200 face (every input gets that
//     shape, as in the app: G takes "blurry", A takes "x0" and "blurry"); prints JSON.
//   node models/training/ort_run.mjs run <model.onnx> <dir>
//     feeds <dir>/<input>.f32 (raw float32, dims in <dir>/inputs.json {name: dims}) and writes
//     each output to <dir>/out-<name>.f32 with its dims in <dir>/outputs.json.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';

function option(args, name, fallback) {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} needs a positive integer, got ${args[i + 1]}`);
  }
  args.splice(i, 2);
  return value;
}

async function open(file, threads) {
  return ort.InferenceSession.create(file, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
}

async function time(args) {
  const threads = option(args, '--threads', 2);
  const runs = option(args, '--runs', 15);
  const dims = [1, 3, 240, 200];
  const sessions = await Promise.all(args.map((f) => open(f, threads)));
  const feed = (s) =>
    Object.fromEntries(
      s.inputNames.map((n) => [
        n,
        new ort.Tensor('float32', new Float32Array(3 * 240 * 200).fill(0.5), dims),
      ]),
    );
  const once = async () => {
    const t = performance.now();
    for (const s of sessions) await s.run(feed(s));
    return performance.now() - t;
  };
  await once();
  await once();
  const times = [];
  for (let i = 0; i < runs; i += 1) times.push(await once());
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(JSON.stringify({ models: args, threads, runs, medianMs: median, minMs: times[0] }));
}

async function run([model, dir]) {
  if (!model || !dir) throw new Error('usage: ort_run.mjs run <model.onnx> <dir>');
  const session = await open(model, 2);
  const dims = JSON.parse(readFileSync(path.join(dir, 'inputs.json'), 'utf8'));
  const feeds = {};
  for (const name of session.inputNames) {
    if (!dims[name]) throw new Error(`${dir}/inputs.json has no input "${name}" for ${model}`);
    const bytes = readFileSync(path.join(dir, `${name}.f32`));
    const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    feeds[name] = new ort.Tensor('float32', data, dims[name]);
  }
  const result = await session.run(feeds);
  const shapes = {};
  for (const [name, tensor] of Object.entries(result)) {
    writeFileSync(path.join(dir, `out-${name}.f32`), Buffer.from(tensor.data.buffer));
    shapes[name] = tensor.dims;
  }
  writeFileSync(path.join(dir, 'outputs.json'), JSON.stringify(shapes));
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'time') await time(rest);
else if (mode === 'run') await run(rest);
else throw new Error(`mode must be "time" or "run", got ${mode}`);
