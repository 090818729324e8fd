// The views in Chromium, driven by the real worker (issue #4's browser tests): the loss curve
// advances while playing, hovering an edge shows its weight and keeps it live, and on a touch
// screen a tap shows what hover shows.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import {
  button,
  chromiumAvailable,
  openReady,
  statusLine,
  type LaunchedBrowser,
  useApp,
  useBrowser,
} from './harness';

/** Total length of the loss chart's path data: it grows as the curves get points. */
const lossPathLength = (page: Page): Promise<number> =>
  page
    .getByRole('region', { name: 'Loss' })
    .locator('svg path')
    .evaluateAll((paths) => paths.reduce((sum, p) => sum + (p.getAttribute('d') ?? '').length, 0));

/** The number after "w = " in the tooltip (the app writes − for minus). */
async function tooltipWeight(page: Page): Promise<number> {
  const text = (await page.getByRole('tooltip').textContent()) ?? '';
  const match = /w = ([−-]?[\d.]+(?:e[−-]?\d+)?)/.exec(text);
  if (!match) throw new Error(`no "w = …" in the tooltip: ${JSON.stringify(text)}`);
  return Number(match[1].replace(/−/g, '-'));
}

describe.skipIf(!chromiumAvailable())('the views in Chromium', () => {
  const app = useApp();
  const touch = useBrowser({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  const open = (launched: LaunchedBrowser, hash: string): Promise<Page> =>
    openReady(launched, app.server.url, hash);

  test('Play makes the loss curve advance; hovering an edge shows its weight, live', async () => {
    const page = await open(app.browser, 'hiddenLayers=4,2&seed=5&learningRate=0.3');
    const before = await lossPathLength(page);
    await button(page, 'Play').click();
    await expect.poll(() => lossPathLength(page), { timeout: 60_000 }).toBeGreaterThan(before);
    // Hover an edge while training runs: the read-out shows the weight and follows it.
    await page.getByRole('button', { name: /^Weight W₁\[1,1\]/ }).hover();
    await expect.poll(() => page.getByRole('tooltip').count()).toBe(1);
    const w0 = await tooltipWeight(page);
    expect(Number.isFinite(w0)).toBe(true);
    await expect.poll(() => tooltipWeight(page), { timeout: 60_000 }).not.toBe(w0);
    await button(page, 'Pause').click();
    await page.close();
  });

  test('a big network draws its edges on canvases, every layer, every neuron map, and its weights still answer hover', async () => {
    const page = await open(app.browser, 'hiddenLayers=32,32,32&seed=4');
    await button(page, 'Step').click();
    await statusLine(page)
      .filter({ hasText: /^Step 1\b/ })
      .waitFor();
    const painted = await page.locator('canvas[data-edges-canvas]').evaluateAll((canvases) =>
      canvases.map((c) => {
        const canvas = c as HTMLCanvasElement;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let opaque = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) opaque++;
        return opaque / (canvas.width * canvas.height);
      }),
    );
    expect(painted).toHaveLength(4);
    // Every strip has strokes on it (a dense layer of 32 × 32 curves covers much of its strip).
    for (const share of painted) expect(share).toBeGreaterThan(0.01);
    expect(await page.locator('path[data-edge]').count()).toBe(0);
    // Every neuron's map is on the one maps canvas, inside its node's frame: the centre pixel of each
    // frame is opaque.
    const mapsShown = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas[data-maps]')!;
      const box = canvas.getBoundingClientRect();
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const frames = [...document.querySelectorAll('rect[data-node-frame]')];
      const shown = frames.filter((frame) => {
        const r = frame.getBoundingClientRect();
        const x = Math.floor(((r.left + r.width / 2 - box.left) / box.width) * canvas.width);
        const y = Math.floor(((r.top + r.height / 2 - box.top) / box.height) * canvas.height);
        return data[(y * canvas.width + x) * 4 + 3] === 255;
      });
      return { frames: frames.length, shown: shown.length };
    });
    expect(mapsShown.frames).toBe(2 + 3 * 32 + 1);
    expect(mapsShown.shown).toBe(mapsShown.frames);
    // The strokes are dense here, so whichever weight's hit path is on top at that point answers.
    await page.getByRole('button', { name: /^Weight W₂\[5,7\]/ }).hover({ force: true });
    await expect.poll(() => page.getByRole('tooltip').count()).toBe(1);
    expect(await page.getByRole('tooltip').textContent()).toMatch(/^Weight W₂\[/);
    expect(Number.isFinite(await tooltipWeight(page))).toBe(true);
    await page.close();
  });

  test('on a touch screen, a tap on a neuron shows its read-out, a second tap hides it', async () => {
    const page = await open(touch.browser, 'hiddenLayers=3&seed=2');
    const neuron = button(page, 'Neuron 2 of layer 1');
    await neuron.scrollIntoViewIfNeeded();
    await neuron.tap();
    const tip = page.getByRole('tooltip');
    await expect.poll(() => tip.count()).toBe(1);
    expect(await tip.textContent()).toMatch(/Neuron 2 of layer 1/);
    await neuron.tap();
    await expect.poll(() => tip.count()).toBe(0);
    await page.close();
  });
});
