/**
 * Atomic output: bytes go to a temporary file beside the target, are flushed to disk, then
 * renamed over the target, so a crash, kill -9 or full disk never leaves a partial photo under
 * the final name. Temporary names carry the writer's host and pid so a later run can remove the
 * leftovers of dead processes without touching those of a live sibling (parallel shards, also
 * on other machines sharing the folder: their files are left alone).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const PARTIAL_SUFFIX = '.face-deblur-partial';

/** The file-system calls used, replaceable to inject faults (disk full) in tests. */
export interface WriteIo {
  writeFile(file: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
}

export const nodeIo: WriteIo = {
  async writeFile(file, data) {
    const handle = await fs.open(file, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => fs.rename(from, to),
  unlink: (file) => fs.unlink(file),
};

let counter = 0;
/** Host names can hold dots; keep the temp name parseable. */
const host = os.hostname().replace(/[^A-Za-z0-9-]/g, '_');

/** Writes `data` to `target` atomically; on failure nothing is left behind and the error is rethrown. */
export async function writeFileAtomic(
  target: string,
  data: Uint8Array,
  io: WriteIo = nodeIo,
): Promise<void> {
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${host}.${process.pid}.${counter++}${PARTIAL_SUFFIX}`,
  );
  try {
    await io.writeFile(temp, data);
    await io.rename(temp, target);
  } catch (err) {
    await io.unlink(temp).catch(() => undefined);
    throw err;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary files left in `dir` (recursively) by writers that are no longer running. */
export async function removeStalePartials(dir: string): Promise<number> {
  let removed = 0;
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(PARTIAL_SUFFIX)) continue;
    const [, writerHost, writerPid] =
      /\.([\w-]+)\.(\d+)\.\d+\.face-deblur-partial$/.exec(entry.name) ?? [];
    if (writerHost !== host) continue;
    const pid = Number(writerPid);
    if (pid !== process.pid && isAlive(pid)) continue;
    await fs.unlink(path.join(entry.parentPath, entry.name)).catch(() => undefined);
    removed++;
  }
  return removed;
}
