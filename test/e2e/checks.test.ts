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

  test('the gradient check reads no "wrong" for correct backprop, and "wrong" on layer 1 with the derivative broken', async () => {
    const page = await app.browser.context.newPage();
    await openApp(page, GRADIENT_LINK);
    const section = gradientSection(page);
    await button(page, 'Run gradient check').click();
    await section.getByText(/^At step 10: /).waitFor({ timeout: 15_000 });
    expect(await resultText(page)).not.toMatch(/\bwrong\b/i);
    await section.getByLabel("Break layer 1's activation derivative").check();
    await button(page, 'Run gradient check').click();
    // The label comes with the broken check's own result (the old one stays as it was until then:
    // relabelling it on click once made this read the correct backprop's "suspicious" as broken).
    await section.getByText(/activation derivative broken/).waitFor({ timeout: 15_000 });
    expect(await resultText(page)).toMatch(
      /^At step 10, with layer 1’s activation derivative broken: ✗ wrong/,
    );
    const layer1 = section.getByRole('row', { name: /^━?\s*1\b/ });
    expect(await layer1.getByText(/wrong/).count()).toBe(2);
    const layer2 = section.getByRole('row', { name: /^━?\s*2\b/ });
    expect(await layer2.getByText(/good/).count()).toBe(2);
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
