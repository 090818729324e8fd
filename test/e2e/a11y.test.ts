// Accessibility in Chromium: axe-core's checks (WCAG 2 A/AA rules: names, roles, contrast, tables,
// focusable scroll regions, …) on the built page in the states a learner goes through, in both colour
// schemes and at phone width. Every violation fails, whatever its impact.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { button, chromiumAvailable, openApp, statusLine, useApp, waitForPausedFrame } from './harness';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe's violations on the page as it is now, one line each (rule, impact, where, why). */
async function violations(page: Page): Promise<string[]> {
  // page.evaluate runs outside the page's CSP, so axe needs no inline script the policy forbids.
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: unknown[] }> } }
    ).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return (found as AxeViolation[]).map(
    (v) =>
      `${v.id} (${v.impact ?? '?'}): ${v.help} at ${v.nodes
        .slice(0, 3)
        .map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`)
        .join('; ')}`,
  );
}

describe.skipIf(!chromiumAvailable())('accessibility (axe-core) of the built page', () => {
  const app = useApp();

  async function open(
    hash: string,
    options: { dark?: boolean; phone?: boolean; guide?: boolean } = {},
  ): Promise<Page> {
    const page = await app.browser.context.newPage();
    if (options.dark) await page.emulateMedia({ colorScheme: 'dark' });
    if (options.phone) await page.setViewportSize({ width: 390, height: 844 });
    await openApp(page, hash, app.server.url, { guide: options.guide });
    await statusLine(page)
      .filter({ hasText: /^Step 0\b/ })
      .waitFor();
    return page;
  }

  async function stepLayers(page: Page, n: number): Promise<void> {
    for (let i = 1; i <= n; i++) {
      await button(page, 'Step layer').click();
      // Each press moves the status on; wait for it so the inspector shows that phase.
      await statusLine(page)
        .filter({ hasText: /^Step 1 · / })
        .waitFor();
    }
  }

  for (const dark of [false, true]) {
    const scheme = dark ? 'dark' : 'light';

    // The guide shows once per browser profile (the tests share one), so the light pass scans it.
    test(`first load${dark ? '' : ' (with the first-visit guide open)'}, ${scheme}`, async () => {
      const page = await open('seed=1', { dark, guide: !dark });
      if (!dark) await page.getByRole('dialog').first().waitFor();
      expect(await violations(page)).toEqual([]);
      await page.close();
    });

    test(`a backward phase with the inspector's matrices, ${scheme}`, async () => {
      const page = await open('hiddenLayers=4,3&seed=2', { dark });
      await stepLayers(page, 6);
      await statusLine(page)
        .filter({ hasText: /Backward · layer 2/ })
        .waitFor();
      expect(await violations(page)).toEqual([]);
      await page.close();
    });
  }

  test('the gradient check result and the update phase with Adam', async () => {
    const page = await open('optimizer=adam&hiddenLayers=3&seed=2');
    await button(page, 'Run gradient check').click();
    await page
      .getByRole('region', { name: 'Checks' })
      .getByText(/relative error/i)
      .first()
      .waitFor();
    await stepLayers(page, 6);
    await statusLine(page)
      .filter({ hasText: /Update/ })
      .waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  test('phone width, with a notice from a Playground link', async () => {
    const page = await open('networkShape=3&seed=0.5&cosX=true', { phone: true });
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  test('phone width: every tab, in a backward phase', async () => {
    const page = await open('seed=1', { phone: true });
    await stepLayers(page, 6);
    await waitForPausedFrame(page, { step: 0, phase: 'backward-2' });
    const tabs = page.getByRole('tablist', { name: 'Views and settings' }).getByRole('tab');
    const names = await tabs.allTextContents();
    expect(names.length).toBeGreaterThan(1);
    for (const name of names) {
      await tabs.filter({ hasText: name }).click();
      expect(await violations(page), name).toEqual([]);
    }
    await page.close();
  });
});
