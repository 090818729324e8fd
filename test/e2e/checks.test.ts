import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { button, chromiumAvailable, openApp, useApp } from './harness';

const GRADIENT_LINK =
  'dataset=xor&hiddenLayers=16&activation=relu&init=small&seed=1&learningRate=0.1&batchSize=250&step=10';

/** The gradient check's section (its heading names it). */
const gradientSection = (page: Page) => page.getByRole('region', { name: 'Gradient check' });

/** The section's result (from "At step …" on; the explanation above it names the verdicts). */
async function resultText(page: Page): Promise<string> {
  const text = await gradientSection(page).innerText();
  return text.slice(text.indexOf('At step'));
}

async function expectNoNonFiniteText(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/NaN|Infinity/);
}

describe.skipIf(!chromiumAvailable())('checks that tell the truth', () => {
  const app = useApp();

  test('the gradient check reads no "wrong" for correct backprop, and not "good" with the derivative broken', async () => {
    const page = await app.browser.context.newPage();
    await openApp(page, GRADIENT_LINK);
    const section = gradientSection(page);
    await button(page, 'Run gradient check').click();
    await section.getByText(/^At step \d+/).waitFor({ timeout: 15_000 });
    expect(await resultText(page)).not.toMatch(/\bwrong\b/i);
    await section.getByLabel("Break layer 1's activation derivative").check();
    await button(page, 'Run gradient check').click();
    await section.getByText(/activation derivative broken/).waitFor({ timeout: 15_000 });
    // Measured at step 10 of this link: "wrong" in one run, "suspicious" (b1 5.4e-7) in another: nearly every layer-1
    // ReLU is active there, so f′(Z1) = 1 almost everywhere and forgetting it changes little. The
    // overall verdict must at least not be "good".
    expect(await resultText(page)).toMatch(
      /^At step \d+, with layer 1’s activation derivative broken: (⚠ suspicious|✗ wrong)/,
    );
    await expectNoNonFiniteText(page);
    await page.close();
  }, 60_000);

  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 390, height: 844 },
  ]) {
    for (const speed of ['1', '60', 'max']) {
      test(`relu at learning rate 10: the alert shows within 5 s at speed ${speed}, in view at ${viewport.width}×${viewport.height}`, async () => {
        const page = await app.browser.context.newPage();
        await page.setViewportSize(viewport);
        await openApp(page, `activation=relu&learningRate=10&seed=1&speed=${speed}`);
        await button(page, 'Play').click();
        const alert = page.getByRole('alert').filter({ hasText: 'is probably too high' });
        await alert.waitFor({ timeout: 5_000 });
        expect(await page.getByRole('alert').count()).toBe(1);
        const box = await alert.boundingBox();
        expect(box).not.toBeNull();
        expect(box!.y).toBeGreaterThanOrEqual(0);
        expect(box!.y).toBeLessThan(viewport.height);
        await expect(alert.getByRole('button', { name: /^Lower it ÷10/ }).isVisible()).resolves.toBe(true);
        expect(await alert.innerText()).toMatch(/units dead/);
        await expectNoNonFiniteText(page);
        // "Lower it ÷10" sets the learning rate to 1 and plays on; the banner goes.
        await alert.getByRole('button', { name: /^Lower it ÷10/ }).click();
        await page
          .getByRole('alert')
          .filter({ hasText: 'is probably too high' })
          .waitFor({ state: 'detached' });
        await page.close();
      }, 30_000);
    }
  }

  test('typing 50 in the learning-rate field says it was clamped to 10', async () => {
    const page = await app.browser.context.newPage();
    await openApp(page);
    const field = page.getByRole('textbox', { name: 'Learning rate' });
    await field.fill('50');
    await field.press('Enter');
    await page.getByText('50 is above the maximum 10; using 10.').waitFor({ timeout: 5_000 });
    await page.close();
  }, 30_000);
});
