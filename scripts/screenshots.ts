/**
 * The README's "One step of backprop, phase by phase" images: `npm run screenshots` (after
 * `npm run build`; this script builds nothing). Serves dist/, opens the default network with
 * `#seed=1` at 1280×720 in the system Chromium (the e2e harness), the first-visit guide marked as
 * seen and reduced motion on (no half-drawn animation in a still), and writes one PNG per phase of
 * the first step to docs/step/: ready, forward 1 … L, loss, backward L … 1, update.
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG } from '../src/model/config';
import { formatPhase, phasesOfStep, shortStatus, READY, type Phase } from '../src/model/phase';
import { GUIDE_SEEN_KEY } from '../src/app/onboarding/guideSeen';
import {
  chromiumAvailable,
  launchBrowser,
  openApp,
  startStaticServer,
  statusLine,
} from '../test/e2e/harness';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = resolve(repoRoot, 'dist');
const outDir = resolve(repoRoot, 'docs/step');
/** Time for the neuron maps and the decision boundary to paint after the status line changes. */
const SETTLE_MS = 800;

/** The status line's head for a phase of step 1 ("Step 1 · Forward · layer 1"; "Step 0" at ready). */
function statusFor(phase: Phase): RegExp {
  const head = shortStatus(phase.kind === 'ready' ? 0 : phase.kind === 'update' ? 1 : 0, phase);
  return new RegExp(`^${head.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\d·])`);
}

/**
 * Chromium's PNGs of this page are about 200 kB, too big for a README strip. This re-encodes one as
 * an indexed PNG of 256 colours (median cut; the UI is mostly flat colours, only the neuron maps and
 * the boundary's shading lose a little) with deflate at level 9. Reads 8-bit RGB/RGBA,
 * non-interlaced (what Chromium writes).
 */
export function compactPng(png: Buffer): Buffer {
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [bitDepth, colorType, , , interlace] = data.subarray(8, 13);
      channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
      if (bitDepth !== 8 || channels === 0 || interlace !== 0)
        throw new Error('compactPng: unexpected PNG format');
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  // Undo the filters into plain rows.
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      pixels[y * stride + x] = (line[x] + unfilterTerm(filter, a, b, c)) & 0xff;
    }
  }

  const { palette, indexOf } = medianCutPalette(pixels, channels, 256);
  // Indexed rows (filter 0: filters do not help palette indices).
  const out = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * stride + x * channels;
      out[y * (width + 1) + 1 + x] = indexOf(pixels[i], pixels[i + 1], pixels[i + 2]);
    }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8);
  return Buffer.concat([
    png.subarray(0, 8),
    pngChunk('IHDR', header),
    pngChunk('PLTE', palette),
    pngChunk('IDAT', deflateSync(out, { level: 9, memLevel: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A palette of at most `size` colours by median cut over a 5-bit-per-channel histogram: the box
 * with the most pixels is split at its median along its longest side, until there are `size`.
 */
function medianCutPalette(
  pixels: Buffer,
  channels: number,
  size: number,
): { palette: Buffer; indexOf: (r: number, g: number, b: number) => number } {
  const bin = (r: number, g: number, b: number): number => ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
  const count = new Float64Array(1 << 15);
  const sums = new Float64Array(3 << 15);
  for (let i = 0; i < pixels.length; i += channels) {
    const k = bin(pixels[i], pixels[i + 1], pixels[i + 2]);
    count[k]++;
    sums[3 * k] += pixels[i];
    sums[3 * k + 1] += pixels[i + 1];
    sums[3 * k + 2] += pixels[i + 2];
  }
  const used: number[] = [];
  for (let k = 0; k < count.length; k++) if (count[k] > 0) used.push(k);
  const channelOf = (k: number, c: number): number => (k >> (10 - 5 * c)) & 31;
  const weight = (box: number[]): number => box.reduce((n, k) => n + count[k], 0);
  const boxes: number[][] = [used];
  while (boxes.length < size) {
    let pick = -1;
    for (let i = 0; i < boxes.length; i++)
      if (boxes[i].length > 1 && (pick < 0 || weight(boxes[i]) > weight(boxes[pick]))) pick = i;
    if (pick < 0) break;
    const box = boxes[pick];
    let axis = 0;
    let widest = -1;
    for (let c = 0; c < 3; c++) {
      const values = box.map((k) => channelOf(k, c));
      const range = Math.max(...values) - Math.min(...values);
      if (range > widest) [widest, axis] = [range, c];
    }
    box.sort((p, q) => channelOf(p, axis) - channelOf(q, axis));
    const half = weight(box) / 2;
    let acc = 0;
    let cut = 1;
    for (; cut < box.length - 1; cut++) {
      acc += count[box[cut - 1]];
      if (acc >= half) break;
    }
    boxes.splice(pick, 1, box.slice(0, cut), box.slice(cut));
  }
  const palette = Buffer.alloc(3 * boxes.length);
  const indexOfBin = new Uint8Array(1 << 15);
  boxes.forEach((box, i) => {
    const n = weight(box);
    for (let c = 0; c < 3; c++)
      palette[3 * i + c] = Math.round(box.reduce((s, k) => s + sums[3 * k + c], 0) / n);
    for (const k of box) indexOfBin[k] = i;
  });
  return { palette, indexOf: (r, g, b) => indexOfBin[bin(r, g, b)] };
}

/** What a PNG filter adds back: left a, up b, up-left c. */
function unfilterTerm(filter: number, a: number, b: number, c: number): number {
  switch (filter) {
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >> 1;
    case 4: {
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default:
      return 0;
  }
}

function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

async function main(): Promise<void> {
  if (!existsSync(resolve(distDir, 'index.html'))) throw new Error('no dist/: run `npm run build` first');
  if (!chromiumAvailable()) throw new Error('Chromium is needed: sudo apt-get install chromium');
  const L = DEFAULT_CONFIG.hiddenLayers.length + 1;
  const phases = [READY, ...phasesOfStep(L)];
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const server = await startStaticServer(distDir);
  const browser = await launchBrowser({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
  try {
    const page = await browser.context.newPage();
    await page.addInitScript({
      content: `try { localStorage.setItem(${JSON.stringify(GUIDE_SEEN_KEY)}, '1'); } catch {}`,
    });
    await openApp(page, 'seed=1', server.url);
    for (const [i, phase] of phases.entries()) {
      if (i > 0) await page.keyboard.press('ArrowRight');
      await statusLine(page)
        .filter({ hasText: statusFor(phase) })
        .waitFor();
      await page.waitForTimeout(SETTLE_MS);
      const file = resolve(outDir, `${String(i).padStart(2, '0')}-${formatPhase(phase)}.png`);
      writeFileSync(file, compactPng(await page.screenshot()));
      console.log(`${file.slice(repoRoot.length + 1)}  ${Math.round(statSync(file).size / 1024)} kB`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
