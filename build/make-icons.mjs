#!/usr/bin/env node
// Renders build/icon.svg into every icon electron-builder needs, with sharp:
//   build/icons/<n>x<n>.png   Linux (AppImage, deb), 16..1024
//   build/icon.ico            Windows: PNG-compressed entries 16, 24, 32, 48, 64, 128, 256
//   build/icon.icns           macOS: PNG entries icp4 (16) .. ic10 (1024)
// ICO and ICNS are simple containers of PNG images, written here directly.
// Run after editing icon.svg: node build/make-icons.mjs (outputs are committed).
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const dir = path.dirname(fileURLToPath(import.meta.url));
const svg = await fs.readFile(path.join(dir, 'icon.svg'));

const png = (size) =>
  sharp(svg, { density: Math.ceil((72 * size) / 1024) * 4 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer();

/** ICONDIR + ICONDIRENTRY table + PNG payloads (Vista+ ICO). */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(data.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}

/** 'icns' + total length, then (type, length incl. 8-byte header, PNG) per entry. */
function icns(entries) {
  const parts = entries.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const rendered = new Map();
for (const size of sizes) rendered.set(size, await png(size));

await fs.mkdir(path.join(dir, 'icons'), { recursive: true });
for (const size of sizes) {
  await fs.writeFile(path.join(dir, 'icons', `${size}x${size}.png`), rendered.get(size));
}
await fs.writeFile(
  path.join(dir, 'icon.ico'),
  ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: rendered.get(size) }))),
);
const icnsTypes = { icp4: 16, icp5: 32, icp6: 64, ic07: 128, ic08: 256, ic09: 512, ic10: 1024 };
await fs.writeFile(
  path.join(dir, 'icon.icns'),
  icns(Object.entries(icnsTypes).map(([type, size]) => ({ type, data: rendered.get(size) }))),
);
console.log(`icons: ${sizes.length} PNGs, icon.ico, icon.icns written to ${dir}`);
