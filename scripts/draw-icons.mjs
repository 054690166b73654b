// Draws Lifeline's toolbar icons (a lifebuoy) as PNGs with no image library: the healthy icon for
// the manifest and one per tab look (healthy / warning / failure) for `action.setIcon`.
// Run: node scripts/draw-icons.mjs (the PNGs are committed; run again only to change them).
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const LOOKS = {
  healthy: [0x1a, 0x7f, 0x64],
  warning: [0xf2, 0x99, 0x00],
  failure: [0xd9, 0x30, 0x25],
};

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++)
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// A ring in four coloured and four white bands, supersampled 4x4 for smooth edges.
function lifebuoy(size, [r, g, b]) {
  const out = Buffer.alloc(size * size * 4);
  const outer = 0.47,
    inner = 0.24,
    edge = 0.035;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let cr = 0,
        cg = 0,
        cb = 0,
        ca = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const px = (x + (sx + 0.5) / 4) / size - 0.5;
          const py = (y + (sy + 0.5) / 4) / size - 0.5;
          const d = Math.hypot(px, py);
          if (d > outer || d < inner) continue;
          const onEdge = d > outer - edge || d < inner + edge;
          const angle = (Math.atan2(py, px) + Math.PI * 2 + Math.PI / 8) % (Math.PI * 2);
          const coloured = onEdge || Math.floor(angle / (Math.PI / 4)) % 2 === 0;
          const [pr, pg, pb] = coloured ? [r, g, b] : [255, 255, 255];
          cr += pr;
          cg += pg;
          cb += pb;
          ca += 1;
        }
      }
      const i = (y * size + x) * 4;
      if (ca) out.set([cr / ca, cg / ca, cb / ca, (ca / 16) * 255].map(Math.round), i);
    }
  }
  return out;
}

const root = new URL('../public/', import.meta.url);
mkdirSync(new URL('icon/', root), { recursive: true });
mkdirSync(new URL('state/', root), { recursive: true });
for (const size of [16, 32, 48, 128]) {
  writeFileSync(new URL(`icon/${size}.png`, root), png(size, lifebuoy(size, LOOKS.healthy)));
}
for (const [look, colour] of Object.entries(LOOKS)) {
  for (const size of [16, 32, 48]) {
    writeFileSync(new URL(`state/${look}-${size}.png`, root), png(size, lifebuoy(size, colour)));
  }
}
console.log('Icons written to public/icon and public/state');
