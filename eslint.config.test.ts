// The layering rules of eslint.config.js, checked on small import snippets placed (virtually)
// in each layer: a wrong-way import must be reported, a right-way one must not.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './electron/core/paths.js';

const eslint = new ESLint({ cwd: repoRoot });

async function restricted(filePath: string, code: string): Promise<boolean> {
  const [result] = await eslint.lintText(`${code}\nconsole.log(x);\n`, { filePath });
  return (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports');
}

const cases: [file: string, code: string, refused: boolean][] = [
  ['renderer/src/a.ts', "import x from 'node:fs';", true],
  ['renderer/src/a.ts', "import x from 'path';", true],
  ['renderer/src/a.ts', "import x from 'electron';", true],
  ['renderer/src/a.ts', "import { x } from '../../electron/core/album/album.js';", true],
  ['renderer/src/a.ts', "import { x } from '../../electron/ipc/server/dispatch.js';", true],
  ['renderer/src/a.ts', "import { x } from '../../electron/ipc/contract.js';", true],
  ['renderer/src/a.ts', "import type { x } from '../../electron/ipc/contract.js';", false],
  ['renderer/src/a.ts', "import { x } from '../../electron/ipc/wire.js';", false],
  ['renderer/src/a.ts', "import { x } from './album/x.js';", false],
  ['electron/ipc/channels/a.ts', "import x from 'node:path';", true],
  ['electron/ipc/channels/a.ts', "import { x } from '../../core/paths.js';", true],
  ['electron/ipc/server/a.ts', "import { x } from '../../core/paths.js';", false],
  ['electron/core/album/a.ts', "import { x } from 'electron';", true],
  ['electron/core/album/a.ts', "import { x } from '../../main/index.js';", true],
  ['electron/core/album/a.ts', "import { x } from '../image/decode.js';", false],
  ['electron/bridge/a.ts', "import { x } from 'electron';", true],
  ['electron/cli/a.ts', "import { x } from '../main/ipc.js';", true],
  ['electron/preload/a.ts', "import x from 'node:fs';", true],
  ['electron/preload/a.ts', "import { x } from '../core/paths.js';", true],
  ['electron/preload/a.ts', "import { x } from 'electron';", false],
  ['electron/main/a.ts', "import { x } from 'electron';", false],
  ['native/a.ts', "import { x } from '../electron/core/paths.js';", true],
];

describe('layering rules', () => {
  it.each(cases)('%s: %s -> refused %s', async (file, code, refused) => {
    expect(await restricted(file, code)).toBe(refused);
  });
});
