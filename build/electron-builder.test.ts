// The packaging configuration, checked without building installers (that needs Electron's
// binary): electron-builder's own loader and schema, then the files and rules it relies on.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../electron/core/paths.js';

// electron-builder's config loader and validator (app-builder-lib is its implementation and
// ships with it; these are the functions `electron-builder` itself calls).
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(dir: string, file: string, extra: null): Promise<Config>;
  validateConfiguration(config: Config, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (on: boolean) => unknown };

interface Target {
  target: string[];
  icon: string;
}
interface Config {
  files: { filter: string[] }[];
  asarUnpack: string[];
  extraResources: { from: string; to: string; filter: string[] }[];
  electronFuses: Record<string, boolean>;
  linux: Target;
  win: Target;
  mac: Target & { entitlements: string; entitlementsInherit: string };
  npmRebuild: boolean;
}

const configFile = path.join(repoRoot, 'build', 'electron-builder.yml');
const load = () => getConfig(repoRoot, configFile, null);
const exists = (rel: string) =>
  fs.access(path.join(repoRoot, rel)).then(
    () => true,
    () => false,
  );

describe('electron-builder configuration', () => {
  it('passes electron-builder schema validation', async () => {
    await expect(validateConfiguration(await load(), new DebugLogger(false))).resolves.toBe(
      undefined,
    );
  });

  it('the schema check would catch a mistake', async () => {
    const broken = { ...(await load()), linux: { target: ['AppImage'], iconn: 'x' } };
    await expect(validateConfiguration(broken as never, new DebugLogger(false))).rejects.toThrow(
      /configuration\.linux/,
    );
  });

  it('builds AppImage + deb, NSIS and dmg', async () => {
    const config = await load();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('unpacks native code from the asar and ships models as resources', async () => {
    const config = await load();
    for (const pattern of [
      '**/*.node',
      'native/build/Release/**',
      'node_modules/sharp/**',
      'node_modules/@img/**',
      'node_modules/onnxruntime-node/**',
      'dist/electron/*.worker.mjs',
    ]) {
      expect(config.asarUnpack).toContain(pattern);
    }
    expect(config.extraResources).toContainEqual(
      expect.objectContaining({ from: 'models', to: 'models' }),
    );
    // the manifest pins the models' sha256 and says whether they are trained: without it the
    // packaged app would refuse to restore
    expect(config.extraResources[0]?.filter).toEqual(
      expect.arrayContaining(['*.onnx', 'manifest.json']),
    );
    expect(config.npmRebuild).toBe(false);
  });

  it('packs the bundles the app starts from', async () => {
    const config = await load();
    const pkg = JSON.parse(await fs.readFile(path.join(repoRoot, 'package.json'), 'utf8')) as {
      main: string;
    };
    expect(pkg.main).toBe('dist/electron/main.cjs');
    // getConfig normalises `files` into file sets.
    expect(config.files[0]?.filter).toContain('dist/**/*');
    // scripts/build.mjs writes exactly the files main.cjs loads at run time.
    const build = await fs.readFile(path.join(repoRoot, 'scripts', 'build.mjs'), 'utf8');
    for (const out of ['dist/electron/main.cjs', 'dist/electron/preload.cjs']) {
      expect(build).toContain(`'${out}'`);
    }
  });

  it('turns off the Electron fuses an attacker could use', async () => {
    const { electronFuses: fuses } = await load();
    expect(fuses.runAsNode).toBe(false);
    expect(fuses.enableNodeOptionsEnvironmentVariable).toBe(false);
    expect(fuses.enableNodeCliInspectArguments).toBe(false);
    expect(fuses.onlyLoadAppFromAsar).toBe(true);
    expect(fuses.enableEmbeddedAsarIntegrityValidation).toBe(true);
  });

  it('references only files and folders that exist', async () => {
    const config = await load();
    const referenced = [
      config.linux.icon,
      config.win.icon,
      config.mac.icon,
      config.mac.entitlements,
      config.mac.entitlementsInherit,
      ...config.extraResources.map((r) => r.from),
    ];
    for (const rel of referenced) expect(await exists(rel), rel).toBe(true);
  });
});

describe('icons', () => {
  it('has square Linux PNGs from 16 to 1024 px named by size', async () => {
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      const meta = await sharp(
        path.join(repoRoot, 'build', 'icons', `${size}x${size}.png`),
      ).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', size, size]);
    }
  });

  it('has a Windows ICO whose entries are PNGs of the sizes they declare, up to 256', async () => {
    const ico = await fs.readFile(path.join(repoRoot, 'build', 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const e = 6 + 16 * i;
      const declared = ico.readUInt8(e) || 256;
      const data = ico.subarray(
        ico.readUInt32LE(e + 12),
        ico.readUInt32LE(e + 12) + ico.readUInt32LE(e + 8),
      );
      const meta = await sharp(data).metadata();
      expect([meta.width, meta.height]).toEqual([declared, declared]);
      sizes.push(declared);
    }
    expect(sizes).toContain(256);
    expect(sizes).toContain(16);
  });

  it('has a macOS ICNS whose entries are PNGs of their type sizes, up to 1024', async () => {
    const icns = await fs.readFile(path.join(repoRoot, 'build', 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const expected: Record<string, number> = {
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
    };
    const seen: string[] = [];
    for (let at = 8; at < icns.length;) {
      const type = icns.toString('ascii', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      const meta = await sharp(icns.subarray(at + 8, at + length)).metadata();
      expect(meta.width, type).toBe(expected[type]);
      seen.push(type);
      at += length;
    }
    expect(seen.sort()).toEqual(Object.keys(expected).sort());
  });
});
