// The stepping layout: while the run is paused inside a step, the network graph, the full status and
// the equation being read are on screen together, at the common laptop and desktop sizes, also when
// the inspector is scrolled to its last matrix; the status is never cut; one colour per value.
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { phaseLabel, phasesOfStep } from '../../src/model/phase';
import { RESULTS_DIR, button, chromiumAvailable, inViewport, openApp, statusLine, useApp } from './harness';

const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
];

const NETWORKS = [
  { name: 'default', hash: '', layers: DEFAULT_CONFIG.hiddenLayers.length + 1 },
  { name: '16 hidden units on xor', hash: 'hiddenLayers=16&dataset=xor&seed=1', layers: 2 },
];

describe.skipIf(!chromiumAvailable())('stepping layout', () => {
  const app = useApp({}, async (browser) => {
    // The first-visit guide would cover the page: these tests are about the layout under it.
    await browser.context.addInitScript(() => localStorage.setItem('backprop-lab:guide-seen', '1'));
  });

  for (const viewport of VIEWPORTS) {
    for (const network of NETWORKS) {
      test(`${viewport.width}×${viewport.height}, ${network.name}: graph, status and equation stay on screen in every phase`, async () => {
        const page = await app.browser.context.newPage();
        await page.setViewportSize(viewport);
        const problems = await openApp(page, network.hash);
        const status = statusLine(page);
        await status.filter({ hasText: 'Step 0' }).waitFor();
        const graph = page.getByRole('region', { name: 'Network' }).locator('.nn-figure');
        const inspector = page.getByRole('region', { name: 'Inspector' });

        for (const phase of phasesOfStep(network.layers)) {
          const label = phaseLabel(phase);
          await button(page, 'Step layer').click();
          await inspector.locator('.insp-title', { hasText: label }).waitFor();
          await inspector.locator('.eq .mx').first().waitFor();
          await page.evaluate(() => window.scrollTo(0, 0));
          const where = `${label} at ${viewport.width}×${viewport.height}`;

          // The status is whole: wrapped, never cut with an ellipsis.
          const cut = await status.evaluate((el) => ({
            overflow: el.scrollWidth > el.clientWidth,
            ellipsis: getComputedStyle(el).textOverflow === 'ellipsis',
            text: (el as HTMLElement).innerText,
          }));
          expect(cut.overflow, where).toBe(false);
          expect(cut.ellipsis, where).toBe(false);
          expect(cut.text, where).toContain(label);

          const check = async (equationLine: Locator, moment: string): Promise<void> => {
            for (const [name, locator] of [
              ['graph', graph],
              ['status', status],
              ['equation', equationLine],
            ] as const) {
              const { inside, box } = await inViewport(page, locator);
              if (!inside)
                await page.screenshot({
                  path: join(RESULTS_DIR, `stepping-${viewport.width}-${phase.kind}.png`),
                });
              expect(inside, `${name} in the viewport, ${where}, ${moment}: ${JSON.stringify(box)}`).toBe(
                true,
              );
            }
          };
          await check(inspector.locator('.eq-line').first(), 'at the top');

          // Scrolled to the end of the phase's matrices: the last equation's line is still there.
          await inspector
            .locator('.eq .mx')
            .last()
            .evaluate((el) => el.scrollIntoView({ block: 'end' }));
          await check(inspector.locator('.eq').last().locator('.eq-line'), 'scrolled to the last matrix');

          if (phase.kind === 'backward' && phase.layer === network.layers - 1) {
            // dZ of the output layer is an operand of dW, db and dA: the same value, the same colour.
            const dZ = inspector.locator(`[data-matrix="dZ${network.layers}"]`);
            expect(await dZ.count()).toBeGreaterThan(1);
            const colours = await dZ.evaluateAll((figures) =>
              figures.map((f) => getComputedStyle(f.querySelector('[role="gridcell"]')!).backgroundColor),
            );
            expect(new Set(colours).size, where).toBe(1);
          }
        }
        expect(problems.pageErrors).toEqual([]);
        expect(problems.consoleErrors).toEqual([]);
        await page.close();
      });
    }
  }
});
