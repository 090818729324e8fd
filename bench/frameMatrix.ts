/**
 * Frame times while training, for issue #13's table: three networks × three speeds, measured from
 * 1 s after Play over 5 s, from requestAnimationFrame gaps in the page (1440×900). Run quiet, and
 * again with a second page that keeps one core busy (a student laptop with other tabs open).
 *
 * Target (issue #13): p95 ≤ 20 ms and no gap over 50 ms at 10, 60 steps/s and Max, for all three
 * networks, quiet.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { button, openApp, statusLine } from '../test/e2e/harness';

export const MATRIX_NETWORKS = [
  { name: 'default 2→[4,2]→1', hash: 'seed=1' },
  {
    name: '2→[8×6]→1 tanh, every neuron map',
    hash: 'hiddenLayers=8,8,8,8,8,8&activation=tanh&batchSize=10&seed=1',
  },
  { name: '2→[32×8]→1 relu', hash: 'hiddenLayers=32,32,32,32,32,32,32,32&activation=relu&seed=1' },
] as const;

export const MATRIX_SPEEDS = ['10', '60', 'max'] as const;

const SETTLE_MS = 1000;
const WINDOW_MS = 5000;
/** Issue #13's targets. */
export const FRAME_P95_MS = 20;
export const FRAME_MAX_GAP_MS = 50;

export interface MatrixCell {
  network: string;
  speed: string;
  frames: number;
  p95: number;
  max: number;
  gapsOver50: number;
  steps: number;
}

/** Records requestAnimationFrame gaps once `__frames.recording` is set. */
const RECORD_FRAMES = `
(() => {
  const probe = { gaps: [], recording: false, last: 0 };
  window.__frames = probe;
  const tick = (t) => {
    if (probe.recording && probe.last > 0) probe.gaps.push(t - probe.last);
    probe.last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
`;

interface FrameProbe {
  gaps: number[];
  recording: boolean;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const stepOf = async (page: Page): Promise<number> =>
  Number(/^Step (\d+)/.exec((await statusLine(page).textContent()) ?? '')?.[1] ?? NaN);

async function measureCell(
  context: BrowserContext,
  url: string,
  network: (typeof MATRIX_NETWORKS)[number],
  speed: string,
): Promise<MatrixCell> {
  const page = await context.newPage();
  await page.addInitScript({ content: RECORD_FRAMES });
  await openApp(page, `${network.hash}&speed=${speed}`, url);
  await statusLine(page)
    .filter({ hasText: /^Step 0/ })
    .waitFor();
  await button(page, 'Play').click();
  await page.waitForTimeout(SETTLE_MS);
  const step0 = await stepOf(page);
  await page.evaluate(() => {
    (window as unknown as { __frames: FrameProbe }).__frames.recording = true;
  });
  await page.waitForTimeout(WINDOW_MS);
  const gaps = await page.evaluate(() => {
    const probe = (window as unknown as { __frames: FrameProbe }).__frames;
    probe.recording = false;
    return probe.gaps;
  });
  const steps = (await stepOf(page)) - step0;
  await page.close();
  const sorted = [...gaps].sort((a, b) => a - b);
  return {
    network: network.name,
    speed,
    frames: sorted.length,
    p95: quantile(sorted, 0.95),
    max: sorted.at(-1) ?? NaN,
    gapsOver50: sorted.filter((g) => g > FRAME_MAX_GAP_MS).length,
    steps,
  };
}

/**
 * A page on another site (so another renderer process) whose worker spins forever: one core busy,
 * as with other tabs open. Returns a function that closes it.
 */
export async function openBusyPage(context: BrowserContext, url: string): Promise<() => Promise<void>> {
  const page = await context.newPage();
  // Another site than the app's 127.0.0.1, so Chromium gives it its own renderer process.
  await page.goto(url.replace('127.0.0.1', 'localhost'));
  await page.evaluate(() => {
    const spin = new Blob(['for (;;) {}'], { type: 'text/javascript' });
    new Worker(URL.createObjectURL(spin));
  });
  return () => page.close();
}

/** Every network at every speed; prints one line per cell. */
export async function frameMatrix(
  context: BrowserContext,
  url: string,
  label: string,
): Promise<MatrixCell[]> {
  const cells: MatrixCell[] = [];
  for (const network of MATRIX_NETWORKS) {
    for (const speed of MATRIX_SPEEDS) {
      const cell = await measureCell(context, url, network, speed);
      const pass = cell.p95 <= FRAME_P95_MS && cell.max <= FRAME_MAX_GAP_MS;
      console.log(
        `  ${pass ? 'ok ' : 'MISS'} ${label}: ${cell.network} at ${speed === 'max' ? 'Max' : `${speed} steps/s`}: ` +
          `p95 ${cell.p95.toFixed(1)} ms, worst gap ${cell.max.toFixed(0)} ms, ${cell.gapsOver50} gaps > 50 ms, ` +
          `${cell.frames} frames in ${WINDOW_MS / 1000} s, ${cell.steps.toLocaleString('en')} steps`,
      );
      cells.push(cell);
    }
  }
  return cells;
}
