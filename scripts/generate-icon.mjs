// Draws the extension's 128×128 icon (images/icon.png): two parallel lanes, the threads, joined by
// a padlock, the thing they must share safely. Shapes are signed-distance functions sampled 4×4 per
// pixel for smooth edges; the PNG is written by hand with zlib, so no image library is needed.
// Run: node scripts/generate-icon.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;

/** Distance to a rounded rectangle (negative inside). */
function roundedRect(x, y, x0, y0, x1, y1, r) {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function circle(x, y, cx, cy, r) {
  return Math.hypot(x - cx, y - cy) - r;
}

const union = (a, b) => Math.min(a, b);
const subtract = (a, b) => Math.max(a, -b);

// Layers from back to front: [distance function, RGBA colour].
const layers = [
  [(x, y) => roundedRect(x, y, 0, 0, 128, 128, 26), [30, 41, 59, 255]], // slate tile
  [(x, y) => roundedRect(x, y, 26, 12, 44, 116, 9), [56, 189, 248, 255]], // first thread lane
  [(x, y) => roundedRect(x, y, 84, 12, 102, 116, 9), [52, 211, 153, 255]], // second thread lane
  [
    // padlock shackle: the upper half of a ring, with short legs down into the body
    (x, y) => {
      const ring = subtract(circle(x, y, 64, 58, 19), circle(x, y, 64, 58, 11));
      const upper = y <= 58 ? ring : Infinity;
      const legs = union(roundedRect(x, y, 45, 56, 53, 70, 1), roundedRect(x, y, 75, 56, 83, 70, 1));
      return union(upper, legs);
    },
    [226, 232, 240, 255],
  ],
  [(x, y) => roundedRect(x, y, 36, 64, 92, 106, 8), [251, 191, 36, 255]], // padlock body
  [(x, y) => union(circle(x, y, 64, 80, 6), roundedRect(x, y, 61, 80, 67, 95, 2)), [30, 41, 59, 255]], // keyhole
];

function render() {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = px + (sx + 0.5) / SAMPLES;
          const y = py + (sy + 0.5) / SAMPLES;
          let colour = [0, 0, 0, 0];
          for (const [distance, fill] of layers) if (distance(x, y) <= 0) colour = fill;
          // Premultiplied accumulation, so transparent samples do not darken the edge.
          const alpha = colour[3] / 255;
          r += colour[0] * alpha;
          g += colour[1] * alpha;
          b += colour[2] * alpha;
          a += alpha;
        }
      }
      const i = (py * SIZE + px) * 4;
      pixels[i] = a ? Math.round(r / a) : 0;
      pixels[i + 1] = a ? Math.round(g / a) : 0;
      pixels[i + 2] = a ? Math.round(b / a) : 0;
      pixels[i + 3] = Math.round((a / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    rows[y * (SIZE * 4 + 1)] = 0; // filter: none
    pixels.copy(rows, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync('images', { recursive: true });
const file = png(render());
writeFileSync('images/icon.png', file);
console.log(`images/icon.png: ${SIZE}x${SIZE}, ${file.length} bytes`);
