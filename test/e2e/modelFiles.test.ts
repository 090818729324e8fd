// Model files in Chromium (issue 12): Mazur's worked example from the presets menu shows the
// article's E = 0.298371109 at the Loss phase, and "Export model" downloads a file that imports back.
// CS231n's spiral case study shows its notes' numbers on a plane of radius 1.
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { button, chromiumAvailable, openApp, statusLine, useApp } from './harness';

describe.skipIf(!chromiumAvailable())('model files', () => {
  const app = useApp({ acceptDownloads: true });

  /** A fresh page at step 0 that then picks the model preset named `name` from the Presets menu. */
  async function openWithPreset(name: RegExp) {
    const page = await app.browser.context.newPage();
    const problems = await openApp(page, undefined, app.server.url);
    await statusLine(page)
      .filter({ hasText: /^Step 0\b/ })
      .waitFor();
    // The first-visit guide may be open: close it.
    await page.keyboard.press('Escape');
    await page.getByText('Presets', { exact: true }).click();
    await page.getByRole('button', { name }).click();
    return { page, problems };
  }

  test('Mazur’s example: E = 0.298371109 at the Loss phase; Export model re-imports', async () => {
    const { page, problems } = await openWithPreset(/Step-by-step example \(Mazur\)/);
    const boundary = page.getByRole('region', { name: 'Decision boundary' });
    await boundary.getByText(/This model's data is not a set of 2-D points/).waitFor();

    // forward 1, forward 2, loss
    for (let i = 0; i < 3; i++) await button(page, 'Step layer').click();
    await statusLine(page).filter({ hasText: /Loss/ }).waitFor();
    await expect
      .poll(() => page.getByRole('region', { name: 'Inspector' }).textContent())
      .toContain('0.298371109');

    // Export at step 1, import the file back: the run is at step 1 with the same weights.
    await button(page, 'Step').click();
    await statusLine(page)
      .filter({ hasText: /^Step 1\b/ })
      .waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      button(page, 'Export model').click(),
    ]);
    expect(download.suggestedFilename()).toBe('backprop-lab-step-1.json');
    const path = await download.path();
    const text = await readFile(path, 'utf8');
    const exported = JSON.parse(text) as { step: number; layers: { W: number[][] }[] };
    expect(exported.step).toBe(1);
    expect(exported.layers[1].W[0][0]).toBeCloseTo(0.35891648, 8);

    await button(page, 'Reset').click();
    await statusLine(page)
      .filter({ hasText: /^Step 0\b/ })
      .waitFor();
    await page.getByLabel('Import model').setInputFiles(path);
    await statusLine(page)
      .filter({ hasText: /^Step 1\b/ })
      .waitFor();
    await expect.poll(() => page.locator('.alerts').textContent()).not.toMatch(/Import model/);

    // (The banner, role="alert", is empty and so hidden while all is well: read it by its class.)
    // A broken file: one error in the alert banner, and the run stays at step 1.
    await page.getByLabel('Import model').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text.slice(0, 80)),
    });
    await expect.poll(() => page.locator('.alerts').textContent()).toMatch(/Import model: not valid JSON/);
    await expect.poll(() => statusLine(page).textContent()).toMatch(/^Step 1\b/);

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.externalRequests).toEqual([]);
    await page.close();
  });

  test('CS231n’s case study: loss ln 3 at step 0 with its own shapes, a plane of radius 1, 98 % at Max', async () => {
    const { page, problems } = await openWithPreset(/Spiral case study \(CS231n\)/);
    const boundary = page.getByRole('region', { name: 'Decision boundary' });
    await boundary
      .getByRole('img', { name: /from −1 to 1 on both axes, with 300 training points/ })
      .waitFor();
    await expect.poll(() => page.locator('.lc-metric').textContent()).toMatch(/· no test set$/);

    for (let i = 0; i < 3; i++) await button(page, 'Step layer').click();
    await statusLine(page)
      .filter({ hasText: 'Loss: cross-entropy = 1.099; dZ2 = (ŷ − y) / n, (300×3)' })
      .waitFor();

    await page.getByLabel('Speed').selectOption('max');
    await button(page, 'Play').click();
    await expect
      .poll(() => page.locator('.lc-metric').textContent(), { timeout: 60_000, interval: 500 })
      .toMatch(/Accuracy: train 9[89]\.\d%/);

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  }, 90_000);
});
