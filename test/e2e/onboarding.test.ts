// The first 30 seconds (issue 13) in Chromium: the first-visit guide appears once, beside the real
// views and inside the viewport, is not shown again on reload and comes back from "?"; and Play at
// the default speed is a pace one can watch.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { button, chromiumAvailable, openApp, statusLine, waitForPausedFrame, useApp } from './harness';

const VIEWPORT = { width: 1440, height: 900 };

async function stepOf(page: Page): Promise<number> {
  const text = (await statusLine(page).textContent()) ?? '';
  const match = /^Step (\d+)/.exec(text);
  if (!match) throw new Error(`status does not start with "Step n": ${JSON.stringify(text)}`);
  return Number(match[1]);
}

describe.skipIf(!chromiumAvailable())('the first 30 seconds', () => {
  // A fresh profile: empty localStorage, so the first page is a first visit.
  const app = useApp({ viewport: VIEWPORT });

  async function open(): Promise<Page> {
    const page = await app.browser.context.newPage();
    await openApp(page, undefined, app.server.url, { guide: true });
    await statusLine(page)
      .filter({ hasText: /^Step 0\b/ })
      .waitFor();
    return page;
  }

  /** The callout's box; it must lie inside the viewport. */
  async function expectCalloutInView(page: Page): Promise<void> {
    const guide = page.getByRole('dialog');
    await expect.poll(() => guide.evaluate((el) => getComputedStyle(el).visibility)).toBe('visible');
    const box = await guide.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(VIEWPORT.width);
    expect(box!.y + box!.height).toBeLessThanOrEqual(VIEWPORT.height);
  }

  test('the guide appears on the first visit only, beside the views, and comes back from "?"', async () => {
    const page = await open();
    const guide = page.getByRole('dialog');
    await guide.waitFor();
    expect(await guide.getByRole('heading').textContent()).toBe('One neuron');
    await expectCalloutInView(page);
    // Its ring surrounds a neuron of the network, not some other place.
    const ring = await page.locator('.guide-ring').boundingBox();
    const network = await page.getByRole('region', { name: 'Network' }).boundingBox();
    expect(ring).not.toBeNull();
    expect(ring!.x).toBeGreaterThanOrEqual(network!.x - 8);
    expect(ring!.x + ring!.width).toBeLessThanOrEqual(network!.x + network!.width + 8);
    expect(ring!.width).toBeLessThan(network!.width / 2);

    await page.reload({ waitUntil: 'load' });
    await statusLine(page)
      .filter({ hasText: /^Step 0\b/ })
      .waitFor();
    // The guide decides when the app mounts; the run's first frame shown comes after that.
    await waitForPausedFrame(page, { step: 0 });
    expect(await page.getByRole('dialog').count()).toBe(0);

    await button(page, 'Show the guide').click();
    await guide.waitFor();
    // Keyboard only from here: focus is on Next; every callout stays inside the viewport.
    const titles: string[] = [];
    for (;;) {
      await expectCalloutInView(page);
      titles.push((await guide.getByRole('heading').textContent()) ?? '');
      const done = await guide.getByRole('button', { name: 'Done' }).count();
      if (done) break;
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Next');
      await page.keyboard.press('Enter');
    }
    expect(titles).toEqual(['One neuron', 'Weights', 'The decision boundary', 'Step through backprop']);
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Show the guide',
    );
    await page.close();
  });

  test('at the default speed, Play runs fewer than 300 steps in its first 2 s, and it does run', async () => {
    const page = await open();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await button(page, 'Play').click();
    await button(page, 'Pause').waitFor();
    await page.waitForTimeout(2000);
    const step = await stepOf(page);
    await button(page, 'Pause').click();
    expect(step).toBeGreaterThan(0);
    expect(step).toBeLessThan(300);
    // "Max" stays one choice away.
    const speed = page.getByLabel('Speed', { exact: true });
    expect(await speed.inputValue()).toBe('100');
    expect(await speed.locator('option[value="max"]').count()).toBe(1);
    await page.close();
  });
});
