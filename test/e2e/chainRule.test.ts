// The "Chain rule" region in the built site: stepping with → into a backward phase shows the region,
// the product of its factors is its per-example gradient, and its batch sum is the dW cell the
// inspector draws; the cells its factors are read from are ringed in the matrices with the same
// values, the graph marks the weight's edge, and both follow another dW cell chosen. Screenshots at
// 1280×720 (a backward phase, the update) for a person to look at.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { RESULTS_DIR, chromiumAvailable, openApp, statusLine, useApp } from './harness';

/** The value at the end of a matrix cell's tooltip ("dW3, n1, ŷ: 0.0113…[, used in the chain rule]"). */
function cellValue(title: string): number {
  return Number((/: (−?[\d.]+(?:e[-−]?\d+)?)/.exec(title)?.[1] ?? 'NaN').replace(/−/g, '-'));
}

/** Presses → (Step layer) until the status line matches `pattern`, waiting for each phase to land. */
async function stepUntil(page: Page, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const before = (await statusLine(page).textContent()) ?? '';
    if (pattern.test(before)) return;
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(
      (prev) => (document.querySelector('header [role="status"]')?.textContent ?? '') !== prev,
      before,
      { timeout: 60_000 },
    );
  }
  throw new Error(`status never matched ${pattern}`);
}

describe.skipIf(!chromiumAvailable())('the Chain rule region', () => {
  const app = useApp({ viewport: { width: 1280, height: 720 } });

  test('→ into a backward phase: the region is there, its factors multiply to its gradient, its sum is the dW cell', async () => {
    const page = await app.browser.context.newPage();
    const problems = await openApp(page, 'seed=1', app.server.url);
    await statusLine(page)
      .filter({ hasText: /^Step 0\b/ })
      .waitFor();
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await stepUntil(page, /^Step 1 · Backward/);
    await statusLine(page)
      .filter({ hasText: /^Step 1 · Backward · layer \d+/ })
      .waitFor();
    const region = page.getByRole('region', { name: 'Chain rule' });
    await region.waitFor();
    await region.scrollIntoViewIfNeeded();
    expect(await region.isVisible()).toBe(true);

    const read = await region.evaluate((el) => ({
      weight: el.getAttribute('data-weight') ?? '',
      gradient: Number(el.getAttribute('data-gradient')),
      sum: Number(el.getAttribute('data-batch-sum')),
      cell: Number(el.getAttribute('data-dw-cell')),
      factors: Array.from(el.querySelectorAll('[data-factor]')).map((f) =>
        Number(f.getAttribute('data-factor')),
      ),
      text: el.textContent ?? '',
    }));
    const product = read.factors.reduce((a, b) => a * b, 1);
    expect(read.factors.length).toBeGreaterThanOrEqual(2);
    expect(Math.abs(product - read.gradient)).toBeLessThanOrEqual(Math.abs(read.gradient) * 1e-12);
    expect(Math.abs(read.sum - read.cell)).toBeLessThanOrEqual(Math.abs(read.cell) * 1e-5 + 1e-9);

    // The same dW cell as the inspector's matrix draws it (its title holds 9 digits).
    const layer = /^W(\d+)\[1,1\]$/.exec(read.weight)?.[1];
    expect(layer).toBeDefined();
    const title =
      (await page
        .getByRole('region', { name: 'Inspector' })
        .locator(`figure[data-matrix="dW${layer}"] td[data-ri="0"][data-ci="0"]`)
        .first()
        .getAttribute('title')) ?? '';
    const drawn = cellValue(title);
    expect(Math.abs(drawn - read.sum)).toBeLessThanOrEqual(Math.abs(drawn) * 1e-5 + 1e-9);
    expect(title).toMatch(/used in the chain rule$/);

    // The factors' cells, ringed in the matrices, hold the factors' values (those on this phase's cards).
    const inspector = page.getByRole('region', { name: 'Inspector' });
    const ringed = await inspector.evaluate((root) =>
      Array.from(root.querySelectorAll('[data-factor][data-cell]')).map((f) => ({
        factor: Number(f.getAttribute('data-factor')),
        titles: Array.from(
          root.querySelectorAll(`td.mx-chain[data-chain-cell="${f.getAttribute('data-cell')}"]`),
          (td) => td.getAttribute('title') ?? '',
        ),
      })),
    );
    const onCards = ringed.filter((r) => r.titles.length > 0);
    expect(onCards.length).toBeGreaterThanOrEqual(1);
    for (const { factor, titles } of onCards)
      for (const t of titles)
        expect(Math.abs(cellValue(t) - factor)).toBeLessThanOrEqual(Math.abs(factor) * 1e-6);

    // The graph marks the weight's edge (W[layer][1,1]: index 0), drawn with its halo.
    const l = Number(layer) - 1;
    const graph = page.getByRole('region', { name: 'Network' });
    const chosenEdge = () =>
      graph.evaluate((root) => {
        const marked = Array.from(root.querySelectorAll('[data-chain="weight"]'));
        const halo = root.querySelector('path[data-chain-halo="weight"]');
        return {
          keys: marked.map((el) => el.getAttribute('data-key')),
          current: marked.map((el) => el.getAttribute('aria-current')),
          halo: halo?.getAttribute('d') ?? '',
          haloWidth: halo ? getComputedStyle(halo).strokeWidth : '',
          path: marked[0]?.getAttribute('d') ?? null,
        };
      });
    const before = await chosenEdge();
    expect(before.keys).toEqual([`w:${l}:0`]);
    expect(before.current).toEqual(['true']);
    expect(before.halo).toBe(before.path);
    expect(parseFloat(before.haloWidth)).toBeGreaterThan(4);
    // Each neuron on the path has a dashed ring (an outline 1 + 2 px beyond its box); its value below
    // starts below it, so the number stays readable.
    const clearances = await graph.evaluate((root) =>
      Array.from(root.querySelectorAll('.nn-node[data-chain="path"]')).map((node) => {
        const value = node.parentElement?.querySelector('.nn-node-value');
        return value ? value.getBoundingClientRect().top - node.getBoundingClientRect().bottom : null;
      }),
    );
    expect(clearances.length).toBeGreaterThan(0);
    for (const gap of clearances) expect(gap).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: join(RESULTS_DIR, 'chain-rule-1280.png') });

    // Another dW cell (row 2): the region, the rings and the graph's mark follow it.
    const dW = inspector.locator(`figure[data-matrix="dW${layer}"]`).first();
    await dW.locator('td[data-ri="1"][data-ci="0"]').click();
    await page.waitForFunction(
      (name) => document.querySelector('#chain-rule')?.getAttribute('data-weight') === name,
      `W${layer}[2,1]`,
    );
    const units = await dW.locator('thead th').count();
    await page.waitForFunction(
      (key) => document.querySelector('[data-chain="weight"]')?.getAttribute('data-key') === key,
      `w:${l}:${units}`,
    );
    expect((await chosenEdge()).keys).toEqual([`w:${l}:${units}`]);
    expect(
      await dW.locator('td.mx-chain').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-ri'))),
    ).toEqual(['1']);

    // On to the update (focus off the dW grid first, whose arrow keys move between its cells): no
    // horizontal overflow at 1280 px.
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await stepUntil(page, /^Step 1 · Update/);
    await statusLine(page)
      .filter({ hasText: /^Step 1 · Update/ })
      .waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole('region', { name: 'Update rule' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS_DIR, 'update-1280.png') });
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });
});
