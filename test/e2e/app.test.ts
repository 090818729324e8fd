// The end-to-end suite of issue #6: the built site, served from a sub-path, in Debian's Chromium.
// Each test opens a fresh page on one shared browser; names are DESIGN.md's "Accessibility names".
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import {
  RESULTS_DIR,
  button,
  chromiumAvailable,
  openApp,
  statusLine,
  waitForStatus,
  waitForPausedFrame,
  useApp,
} from './harness';

/** The step counter the status line shows ("Step 12 · Backward · layer 2: …" → 12). */
async function stepOf(page: Page): Promise<number> {
  const text = (await statusLine(page).textContent()) ?? '';
  const match = /^Step (\d+)/.exec(text);
  if (!match) throw new Error(`status does not start with "Step n": ${JSON.stringify(text)}`);
  return Number(match[1]);
}

/** Waits until the status line's step passes `step`, and returns it. */
async function waitForStepAbove(page: Page, step: number): Promise<number> {
  await page.waitForFunction(
    (min) => {
      const text = document.querySelector('header [role="status"]')?.textContent ?? '';
      const match = /^Step (\d+)/.exec(text);
      return match !== null && Number(match[1]) > min;
    },
    step,
    { timeout: 90_000 },
  );
  return stepOf(page);
}

const field = (page: Page, name: string) => page.getByLabel(name, { exact: true });
/** The dataset gallery is a radio group named "Dataset"; its checked radio's value is the kind. */
const datasetOf = (page: Page) =>
  page.getByRole('radiogroup', { name: 'Dataset' }).locator('input[type="radio"]:checked').inputValue();

/** The phases of one training step of a net with `layers` weight layers, as the status names them. */
function phasesOfOneStep(layers: number): RegExp[] {
  const out: RegExp[] = [];
  for (let l = 1; l <= layers; l++) out.push(new RegExp(`^Step 1 · Forward · layer ${l}\\b`));
  out.push(/^Step 1 · Loss\b/);
  for (let l = layers; l >= 1; l--) out.push(new RegExp(`^Step 1 · Backward · layer ${l}\\b`));
  out.push(/^Step 1 · Update\b/);
  return out;
}

describe.skipIf(!chromiumAvailable())('the app in Chromium, served from a sub-path', () => {
  const app = useApp();

  async function open(hash?: string): Promise<{ page: Page; problems: Awaited<ReturnType<typeof openApp>> }> {
    const page = await app.browser.context.newPage();
    const problems = await openApp(page, hash, app.server.url);
    await waitForStatus(page, /^Step 0\b/);
    return { page, problems };
  }

  test('play, then pause: the step counter runs, then stops', async () => {
    const { page, problems } = await open();
    await button(page, 'Play').click();
    await button(page, 'Pause').waitFor();
    const running = await waitForStepAbove(page, 5);
    await button(page, 'Pause').click();
    await button(page, 'Play').waitFor();
    // The button flips at once; the worker's first paused frame says the step it paused at (steps
    // trained before the pause reached it), and after that the counter must not move: one layer step
    // later the frame is still in that step.
    const paused = await waitForPausedFrame(page);
    expect(paused.step).toBeGreaterThanOrEqual(running);
    await expect.poll(() => stepOf(page)).toBe(paused.step);
    await button(page, 'Step layer').click();
    const probe = await waitForPausedFrame(page, { phase: 'forward-1', afterSeq: paused.seq });
    expect(probe.step).toBe(paused.step);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });

  test('step layer walks one full step of a 2-hidden-layer net, phase by phase; step back walks back', async () => {
    const { page } = await open('hiddenLayers=4,3&seed=3');
    const phases = phasesOfOneStep(3);
    for (const phase of phases) {
      await button(page, 'Step layer').click();
      await waitForStatus(page, phase);
    }
    // The backward phases narrate the chain rule with shapes, e.g. "dW3 = A2ᵀ · dZ3".
    // Back from the update to backward 1, then to backward 2.
    await button(page, 'Step back').click();
    await waitForStatus(page, /^Step 1 · Backward · layer 1\b/);
    await button(page, 'Step back').click();
    await waitForStatus(page, /^Step 1 · Backward · layer 2\b/);
    // "Step" finishes the step in progress.
    await button(page, 'Step').click();
    await waitForStatus(page, /^Step 1\b(?! ·)/);
    // From the boundary, step back enters the step just done at its update, then its backward phases.
    await button(page, 'Step back').click();
    await waitForStatus(page, /^Step 1 · Update\b/);
    await button(page, 'Step back').click();
    await waitForStatus(page, /^Step 1 · Backward · layer 1\b/);
    await page.close();
  });

  test('the status narrates each backward phase with its equation and shapes', async () => {
    const { page } = await open('hiddenLayers=4,3&seed=3&batchSize=10');
    for (let i = 0; i < 5; i++) await button(page, 'Step layer').click();
    const text = await waitForStatus(page, /^Step 1 · Backward · layer 3\b/);
    expect(text).toContain('dW3');
    expect(text).toMatch(/\d+×\d+/);
    await page.close();
  });

  test('a live learning-rate change applies without a reset: the step counter keeps going', async () => {
    const { page } = await open();
    await button(page, 'Play').click();
    const before = await waitForStepAbove(page, 10);
    const lr = field(page, 'Learning rate');
    await lr.fill('0.1');
    await lr.press('Enter');
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('learningRate=0.1');
    const after = await waitForStepAbove(page, before + 5);
    expect(after).toBeGreaterThan(before);
    expect(await lr.inputValue()).toBe('0.1');
    await button(page, 'Pause').click();
    await page.close();
  });

  test('a link with settings reproduces them', async () => {
    const { page } = await open('dataset=xor&hiddenLayers=5,3&activation=relu&learningRate=0.1&seed=7');
    expect(await datasetOf(page)).toBe('xor');
    expect(await field(page, 'Learning rate').inputValue()).toBe('0.1');
    expect(await field(page, 'Activation').inputValue()).toBe('relu');
    expect(await field(page, 'Seed').inputValue()).toBe('7');
    // Five neurons in the first hidden layer, three in the second.
    await expect
      .poll(() => page.locator('g[data-node-layer="1"] rect[data-node-frame]').count(), { timeout: 30_000 })
      .toBe(5);
    expect(await page.locator('g[data-node-layer="2"] rect[data-node-frame]').count()).toBe(3);
    await page.close();
  });

  test('a hostile hash opens with defaults and a visible notice', async () => {
    const junk = Array.from({ length: 200 }, (_, i) => String.fromCharCode(1 + ((i * 7919) % 250))).join('');
    const hash =
      `learningRate=1e400&hiddenLayers=99999,-3,x&seed=-1e308&batchSize=NaN&noise=%E0%A4%A` +
      `&unknownKey=1&__proto__=polluted&constructor=x&dataset=<script>&` +
      encodeURIComponent(junk);
    const { page, problems } = await open(hash);
    const notices = page.locator('.notices');
    await expect.poll(() => notices.textContent(), { timeout: 30_000 }).toMatch(/\S/);
    const lr = Number(await field(page, 'Learning rate').inputValue());
    expect(lr).toBeGreaterThan(0);
    expect(lr).toBeLessThanOrEqual(10);
    expect(await datasetOf(page)).toBe('circle');
    expect(problems.pageErrors).toEqual([]);
    // It still trains.
    await button(page, 'Step').click();
    await waitForStatus(page, /^Step 1\b/);
    expect(await page.evaluate(() => ({}) as Record<string, unknown>)).not.toHaveProperty('polluted');
    await page.close();
  });

  test('a CSV with a bad row shows an error naming the row and changes nothing', async () => {
    const { page } = await open('seed=5');
    await button(page, 'Step').click();
    await waitForStatus(page, /^Step 1\b/);
    const url = page.url();
    await field(page, 'Import CSV').setInputFiles({
      name: 'points.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('x1,x2,label\n0.5,1,0\n1,2,1\n3,oops,1\n'),
    });
    const alert = page.getByRole('alert').filter({ hasText: 'Could not import' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/row 4|line 4|row 3/i);
    expect(await alert.textContent()).toContain('Nothing was changed');
    expect(await stepOf(page)).toBe(1);
    expect(page.url()).toBe(url);
    expect(await page.getByText('Use generated data').count()).toBe(0);
    await page.close();
  });

  test('keyboard only: → steps a layer, Shift+→ finishes the step, ← steps back, Space plays', async () => {
    const { page } = await open('hiddenLayers=4,3');
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('ArrowRight');
    await waitForStatus(page, /^Step 1 · Forward · layer 1\b/);
    await page.keyboard.press('ArrowRight');
    await waitForStatus(page, /^Step 1 · Forward · layer 2\b/);
    await page.keyboard.press('ArrowLeft');
    await waitForStatus(page, /^Step 1 · Forward · layer 1\b/);
    await page.keyboard.press('Shift+ArrowRight');
    await waitForStatus(page, /^Step 1\b(?! ·)/);
    // Tab reaches the controls, and each has a visible focus ring.
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? { tag: el.tagName, outline: getComputedStyle(el).outlineStyle } : null;
    });
    expect(focused?.tag).not.toBe('BODY');
    expect(focused?.outline).not.toBe('none');
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('Space');
    await button(page, 'Pause').waitFor();
    await waitForStepAbove(page, 3);
    await page.keyboard.press('Space');
    await button(page, 'Play').waitFor();
    await page.close();
  });

  test('a killed worker is noticed and replaced; training goes on', async () => {
    const page = await app.browser.context.newPage();
    // Keep a handle on every Worker the page creates, so the test can kill one.
    await page.addInitScript(() => {
      const Original = window.Worker;
      const made: Worker[] = [];
      (window as unknown as { __workers: Worker[] }).__workers = made;
      window.Worker = class extends Original {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          made.push(this);
        }
      };
    });
    await openApp(page, 'seed=2', app.server.url);
    await waitForStatus(page, /^Step 0\b/);
    await button(page, 'Play').click();
    const before = await waitForStepAbove(page, 5);
    await page.evaluate(() => {
      for (const w of (window as unknown as { __workers: Worker[] }).__workers) w.terminate();
    });
    const alert = page.getByRole('alert').filter({ hasText: /worker/i });
    await alert.waitFor({ timeout: 60_000 });
    const after = await waitForStepAbove(page, before + 5);
    expect(after).toBeGreaterThan(before);
    await page.close();
  });

  test('a diverging run pauses with a rewind offer, and no "NaN" is ever on the page', async () => {
    const { page } = await open(
      'dataset=plane&output=linear-mse&activation=relu&hiddenLayers=8,8&learningRate=10',
    );
    await button(page, 'Play').click();
    // The shell's alert offers the rewind (the checks panel may offer it too).
    const rewind = page.locator('.alerts').getByRole('button', { name: /^Rewind to step \d+$/ });
    await rewind.waitFor({ timeout: 90_000 });
    await button(page, 'Play').waitFor();
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/NaN|Infinity/);
    const svgText = await page.evaluate(() =>
      Array.from(document.querySelectorAll('svg, [style], [title], [aria-label]'))
        .map((el) => el.outerHTML)
        .join('\n'),
    );
    expect(svgText).not.toContain('NaN');
    await page.screenshot({ path: join(RESULTS_DIR, 'diverged.png') });
    await rewind.click();
    await expect.poll(() => rewind.count(), { timeout: 30_000 }).toBe(0);
    await page.close();
  });

  test('a phone viewport loads and trains', async () => {
    const page = await app.browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const problems = await openApp(page, undefined, app.server.url);
    await waitForStatus(page, /^Step 0\b/);
    await button(page, 'Play').click();
    await waitForStepAbove(page, 5);
    await button(page, 'Pause').click();
    await button(page, 'Play').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    // The playback bar stays on screen while the page scrolls: at the inspector (its tab on a
    // phone), Step layer is a tap away.
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await page.getByRole('region', { name: 'Inspector' }).scrollIntoViewIfNeeded();
    const bar = await page.getByRole('group', { name: 'Playback' }).boundingBox();
    expect(bar).not.toBeNull();
    expect(bar!.y + bar!.height).toBeLessThanOrEqual(844 + 1);
    expect(bar!.y).toBeGreaterThan(844 / 2);
    await button(page, 'Step layer').click();
    await waitForStatus(page, /Forward · layer 1/);
    // Stepping did not take the learner away from what they were reading.
    const inspector = await page.getByRole('region', { name: 'Inspector' }).boundingBox();
    expect(inspector!.y).toBeLessThan(844);
    expect(inspector!.y + inspector!.height).toBeGreaterThan(0);
    // At the very bottom, the bar covers nothing: the page ends with room for it.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const footer = await page.locator('footer').boundingBox();
    const barNow = await page.getByRole('group', { name: 'Playback' }).boundingBox();
    expect(footer!.y + footer!.height).toBeLessThanOrEqual(barNow!.y + 1);
    await page.screenshot({ path: join(RESULTS_DIR, 'phone.png'), fullPage: true });
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });
});
