/** Spawning the real `face-deblur` command (TypeScript source through tsx) for tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../core/paths.js';

export const MAIN = path.join(repoRoot, 'electron', 'cli', 'main.ts');
export const FIXTURE_MODELS = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'core',
  'inference',
  'test',
  'fixtures',
);

/**
 * The arguments of a batch over `input` into `out` with the test fixture models (marked
 * untrained, so allowed explicitly) and --json lines, then `extra`.
 */
export function fixtureArgs(input: string, out: string, ...extra: string[]): string[] {
  return [input, '--out', out, '--models', FIXTURE_MODELS, '--allow-untrained', '--json', ...extra];
}

export function startCli(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: repoRoot,
    env: { ...process.env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[]): Promise<CliRun> {
  const child = startCli(args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

/** The --json lines of a run, parsed. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
