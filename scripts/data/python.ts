/** Runs Debian's Python (the one with numpy, torch and scikit-image) for cross-language checks. */
import { spawn, spawnSync } from 'node:child_process';
import { repoRoot } from '../../electron/core/paths.js';

export const PYTHON = '/usr/bin/python3';

/** Runs `python3 args...` in the repo root; returns stdout, throws with stderr on failure. */
export function runPython(args: readonly string[], input?: string): string {
  const result = spawnSync(PYTHON, args, {
    cwd: repoRoot,
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (result.error) throw new Error(`${PYTHON} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `${PYTHON} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/**
 * Runs pytest on `target` (a file or folder, relative to the repo root) and returns its summary
 * line, throwing with the whole output when a test fails or none ran.
 */
export function runPytest(target: string): string {
  const out = runPython(['-m', 'pytest', '-q', '-p', 'no:cacheprovider', target]);
  if (!/\d+ passed/.test(out) || /failed|error/.test(out)) {
    throw new Error(`pytest ${target} did not pass cleanly:\n${out}`);
  }
  return out.trim().split('\n').at(-1) ?? '';
}

/**
 * Runs `python3 args...` in the repo root without blocking the event loop (long jobs beside
 * other work); its output is kept and shown only if it fails.
 */
export function runPythonQuiet(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => reject(new Error(`${PYTHON} could not start: ${error.message}`)));
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${PYTHON} ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}
