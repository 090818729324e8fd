// The phone layout (issue 13) at 390×844: Play and the network graph on the first screen without
// scrolling, every control at least 24×24 CSS px (WCAG 2.2 target size) on every tab, the Presets
// menu inside the viewport, the tabs reaching every view, the per-layer steppers apart; and at
// 1280×720 the saturation table of the dead-ReLU preset fits its panel and six layers' steppers do
// not touch.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  button,
  chromiumAvailable,
  inViewport,
  openApp,
  openReady,
  statusLine,
  useApp,
  waitForPausedFrame,
} from './harness';

const PHONE = { width: 390, height: 844 };

/**
 * Every visible control smaller than 24×24 CSS px, as "tag name w×h". A checkbox's or radio's target
 * is its label too (a tap on the label ticks it), so the larger of the two boxes counts. The network
 * graph's weights, biases and neurons are left out: they are the data drawn where it is (WCAG 2.5.8's
 * "essential" exception), and the keyboard and the inspector reach each of them too.
 */
async function smallControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = [
      'button',
      'a[href]',
      'input:not([type="hidden"])',
      'select',
      'textarea',
      'summary',
      '[role="button"]',
      '[role="tab"]',
      '[role="slider"]',
      '[role="checkbox"]',
      '[role="radio"]',
      '[tabindex]:not([tabindex="-1"])',
    ].join(', ');
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      if (el.closest('.nn-svg')) continue;
      let { width, height } = el.getBoundingClientRect();
      if (el instanceof HTMLInputElement) {
        const label = el.closest('label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`) : null);
        if (label) {
          const box = label.getBoundingClientRect();
          width = Math.max(width, box.width);
          height = Math.max(height, box.height);
        }
      }
      // Not rendered (a closed menu, a hidden tab): nothing to tap.
      if (width === 0 && height === 0) continue;
      if (getComputedStyle(el).visibility === 'hidden') continue;
      if (width < 24 || height < 24) {
        const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '';
        small.push(`${el.tagName.toLowerCase()} "${name}" ${width.toFixed(1)}×${height.toFixed(1)}`);
      }
    }
    return small;
  });
}

/**
 * The per-layer "+ n −" groups over the graph's columns, left to right, and how far each one
 * reaches into the next (positive: they overlap or touch).
 */
async function stepperOverlaps(page: Page): Promise<{ count: number; overlaps: number[]; smallest: number }> {
  const groups = page.getByRole('region', { name: 'Network' }).getByRole('group', { name: /^Layer \d+$/ });
  const boxes = await groups.evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      const buttons = Array.from(el.querySelectorAll('button'), (b) => b.getBoundingClientRect());
      return {
        left: r.left,
        right: r.right,
        smallest: Math.min(...buttons.map((b) => Math.min(b.width, b.height))),
      };
    }),
  );
  boxes.sort((a, b) => a.left - b.left);
  return {
    count: boxes.length,
    overlaps: boxes.slice(1).map((box, i) => boxes[i].right - box.left),
    smallest: Math.min(...boxes.map((b) => b.smallest)),
  };
}

describe.skipIf(!chromiumAvailable())('the phone layout', () => {
  const app = useApp({ viewport: PHONE, hasTouch: true, isMobile: true });

  const open = (hash?: string): Promise<Page> => openReady(app.browser, app.server.url, hash);

  test('Play and the network graph are on the first screen, without scrolling', async () => {
    const page = await open();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const graph = page.getByRole('region', { name: 'Network' }).locator('.nn-figure');
    const play = button(page, 'Play');
    for (const [name, locator] of [
      ['graph', graph],
      ['Play', play],
      ['tab bar', page.getByRole('tablist')],
    ] as const) {
      const { inside, box } = await inViewport(page, locator);
      expect(inside, `${name}: ${JSON.stringify(box)}`).toBe(true);
    }
    // The graph is not under the pinned playback bar.
    const graphBox = (await graph.boundingBox())!;
    const bar = (await page.getByRole('group', { name: 'Playback' }).boundingBox())!;
    expect(graphBox.y + graphBox.height).toBeLessThanOrEqual(bar.y);
    // And it trains from there.
    await play.tap();
    await button(page, 'Pause').tap();
    await page.close();
  });

  test('the tabs reach every view and the settings; arrow keys move between them', async () => {
    const page = await open();
    const tabs = page.getByRole('tablist', { name: 'Views and settings' });
    const regions: [string, string][] = [
      ['Boundary', 'Decision boundary'],
      ['Inspector', 'Inspector'],
      ['Loss', 'Loss'],
      ['Checks', 'Checks'],
      ['Settings', 'Controls'],
    ];
    for (const [tab, region] of regions) {
      await tabs.getByRole('tab', { name: tab }).tap();
      expect(await tabs.getByRole('tab', { name: tab }).getAttribute('aria-selected')).toBe('true');
      const panel = page.getByRole('tabpanel', { name: tab });
      expect(await panel.getByRole('region', { name: region, exact: true }).isVisible()).toBe(true);
      // Only the chosen tab's view is shown.
      for (const [, other] of regions)
        if (other !== region)
          expect(await page.getByRole('region', { name: other, exact: true }).count()).toBe(0);
    }
    // The settings are the real ones (names per DESIGN.md).
    expect(await page.getByRole('textbox', { name: 'Learning rate' }).isVisible()).toBe(true);
    // Keyboard: → from the last tab wraps to the first; the app's → shortcut (Step layer) does not fire.
    await tabs.getByRole('tab', { name: 'Settings' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Boundary');
    expect(await tabs.getByRole('tab', { name: 'Boundary' }).getAttribute('aria-selected')).toBe('true');
    expect(await statusLine(page).textContent()).toMatch(/^Step 0$/);
    await page.close();
  });

  test('stepping into a step opens the Inspector tab, once; another tab stays chosen after that', async () => {
    const page = await open();
    const tabs = page.getByRole('tablist', { name: 'Views and settings' });
    expect(await tabs.getByRole('tab', { name: 'Boundary' }).getAttribute('aria-selected')).toBe('true');
    await button(page, 'Step layer').tap();
    await waitForPausedFrame(page, { phase: 'forward-1' });
    expect(await tabs.getByRole('tab', { name: 'Inspector' }).getAttribute('aria-selected')).toBe('true');
    await tabs.getByRole('tab', { name: 'Loss' }).tap();
    await button(page, 'Step layer').tap();
    await waitForPausedFrame(page, { phase: 'forward-2' });
    expect(await tabs.getByRole('tab', { name: 'Loss' }).getAttribute('aria-selected')).toBe('true');
    await page.close();
  });

  test('no control on any tab is smaller than 24×24 CSS px', async () => {
    const page = await open();
    await button(page, 'Step').tap();
    await statusLine(page)
      .filter({ hasText: /^Step 1\b/ })
      .waitFor();
    const found: string[] = [];
    for (const tab of ['Boundary', 'Inspector', 'Loss', 'Checks', 'Settings']) {
      await page.getByRole('tab', { name: tab }).tap();
      if (tab === 'Inspector') await page.locator('.insp-title').first().waitFor();
      if (tab === 'Checks') await button(page, 'Run gradient check').waitFor();
      found.push(...(await smallControls(page)).map((s) => `${tab}: ${s}`));
    }
    // The header's menus, opened.
    await page.getByText('Files and link', { exact: true }).tap();
    found.push(...(await smallControls(page)).map((s) => `Files menu: ${s}`));
    expect(found).toEqual([]);
    await page.close();
  });

  test("with four hidden layers each layer's + n − stays apart from the next", async () => {
    const page = await open('hiddenLayers=4,4,4,4&seed=1');
    const { count, overlaps, smallest } = await stepperOverlaps(page);
    expect(count).toBe(4);
    for (const overlap of overlaps) expect(overlap).toBeLessThan(-2);
    expect(smallest).toBeGreaterThanOrEqual(24);
    await page.close();
  });

  test('the Presets menu opens inside the viewport, and a preset applies from it', async () => {
    const page = await open();
    await page.getByText('Presets', { exact: true }).tap();
    const list = page.locator('.presets .menu-list');
    await list.waitFor();
    const { inside, box } = await inViewport(page, list);
    expect(inside, JSON.stringify(box)).toBe(true);
    // Its last entry scrolls into reach inside the sheet, still inside the viewport.
    const last = list.getByRole('listitem').last();
    await last.scrollIntoViewIfNeeded();
    expect((await inViewport(page, last)).inside).toBe(true);
    await list.getByRole('link', { name: /Dead ReLUs/ }).tap();
    await expect.poll(() => list.isVisible()).toBe(false);
    await page.getByRole('tab', { name: 'Settings' }).tap();
    expect(await page.getByRole('combobox', { name: 'Activation' }).inputValue()).toBe('relu');
    // A tap outside an open menu closes it (a phone has no Escape key).
    await page.getByText('Presets', { exact: true }).tap();
    await list.waitFor();
    await page.getByRole('heading', { name: 'Backprop Lab' }).tap();
    await expect.poll(() => list.isVisible()).toBe(false);
    await page.close();
  });

  test('the first-visit guide opens the tab of the view it is about', async () => {
    const page = await app.browser.context.newPage();
    // A first visit (the other tests of this browser profile marked the guide as seen).
    await page.addInitScript(() => localStorage.removeItem('backprop-lab:guide-seen'));
    await openApp(page, undefined, app.server.url, { guide: true });
    const guide = page.getByRole('dialog');
    await guide.waitFor();
    const titles: string[] = [];
    for (;;) {
      const title = (await guide.getByRole('heading').textContent()) ?? '';
      titles.push(title);
      await expect.poll(() => guide.evaluate((el) => getComputedStyle(el).visibility)).toBe('visible');
      expect((await inViewport(page, guide)).inside, title).toBe(true);
      // The ring marks something that is on screen (not a view hidden on another tab).
      const ring = page.locator('.guide-ring');
      await expect.poll(() => ring.count(), { message: title }).toBe(1);
      expect((await ring.boundingBox())!.width, title).toBeGreaterThan(8);
      if (title === 'The decision boundary')
        expect(await page.getByRole('tab', { name: 'Boundary' }).getAttribute('aria-selected')).toBe('true');
      if (await guide.getByRole('button', { name: 'Done' }).count()) break;
      await guide.getByRole('button', { name: 'Next' }).tap();
    }
    expect(titles).toEqual(['One neuron', 'Weights', 'The decision boundary', 'Step through backprop']);
    await page.close();
  });
});

describe.skipIf(!chromiumAvailable())('the saturation table on a laptop', () => {
  const app = useApp({ viewport: { width: 1280, height: 720 } });

  test("with six hidden layers each layer's + n − stays apart from the next", async () => {
    const page = await openReady(app.browser, app.server.url, 'hiddenLayers=8,8,8,8,8,8&seed=1');
    const { count, overlaps, smallest } = await stepperOverlaps(page);
    expect(count).toBe(6);
    for (const overlap of overlaps) expect(overlap).toBeLessThan(-2);
    expect(smallest).toBeGreaterThanOrEqual(24);
    await page.close();
  });

  test('at 1280×720 with the dead-ReLU preset, the Dead column lies inside the Checks panel', async () => {
    const page = await app.browser.context.newPage();
    await openApp(page, undefined, app.server.url);
    await statusLine(page)
      .filter({ hasText: /^Step 0\b/ })
      .waitFor();
    await page.getByText('Presets', { exact: true }).click();
    await page.getByRole('link', { name: /Dead ReLUs/ }).click();
    await expect.poll(() => page.getByRole('combobox', { name: 'Activation' }).inputValue()).toBe('relu');
    for (let i = 0; i < 3; i++) await button(page, 'Step').click();
    await statusLine(page)
      .filter({ hasText: /^Step 3\b/ })
      .waitFor();
    const checks = page.getByRole('region', { name: 'Checks' });
    const table = checks.getByRole('region', { name: 'Per-layer saturation table' });
    const dead = table.getByRole('columnheader', { name: 'Dead' });
    await dead.scrollIntoViewIfNeeded();
    // Nothing to scroll sideways, and the Dead column's header is within the panel's content box.
    const scroll = await table.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(scroll).toBeLessThanOrEqual(0);
    const tableBox = (await table.boundingBox())!;
    const deadBox = (await dead.boundingBox())!;
    const lastBox = (await table.getByRole('columnheader', { name: '‖dW‖' }).boundingBox())!;
    expect(deadBox.x + deadBox.width).toBeLessThanOrEqual(tableBox.x + tableBox.width + 0.5);
    expect(lastBox.x + lastBox.width).toBeLessThanOrEqual(tableBox.x + tableBox.width + 0.5);
    await page.close();
  });
});
