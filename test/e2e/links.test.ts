// Issue 12, items 4 and 5 in Chromium: a copied link reopens the same run at the same step (live
// changes and imported points included), and each view's downloads happen with the right content.
import { readFile } from 'node:fs/promises';
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
  useApp,
} from './harness';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The loss curve's "Accuracy: train 58.4% · test 57.0%" line, once it shows the current step. */
async function accuracyText(page: Page): Promise<string> {
  const metric = page.locator('.lc-metric');
  await expect.poll(() => metric.textContent(), { timeout: 30_000 }).toMatch(/^Accuracy: train/);
  return (await metric.textContent()) ?? '';
}

/** Clicks Copy link and returns the link (from the clipboard, or the fallback field without one). */
async function copyLink(page: Page): Promise<string> {
  await button(page, 'Copy link').click();
  const fallback = page.getByLabel('Copy this link');
  await expect
    .poll(async () => (await page.getByText('Link copied.').count()) + (await fallback.count()), {
      timeout: 30_000,
    })
    .toBeGreaterThan(0);
  if ((await fallback.count()) > 0) return fallback.inputValue();
  return page.evaluate(() => navigator.clipboard.readText());
}

/** 250 points of two classes, with two decimals, as a CSV file would hold them. */
function csvOf250Points(): string {
  const rows = ['x1,x2,label'];
  for (let i = 0; i < 250; i++) {
    const x = Math.round(Math.sin(i * 12.9898) * 599) / 100;
    const y = Math.round(Math.cos(i * 78.233) * 599) / 100;
    rows.push(`${x},${y},${x * y > 0 ? 1 : 0}`);
  }
  return rows.join('\n');
}

describe.skipIf(!chromiumAvailable())('links and downloads in Chromium', () => {
  const app = useApp({ acceptDownloads: true }, async (browser) => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  });

  async function open(hash: string): Promise<Page> {
    const page = await app.browser.context.newPage();
    await openApp(page, hash, app.server.url);
    await statusLine(page).waitFor();
    return page;
  }

  async function stepTimes(page: Page, times: number, until: RegExp): Promise<void> {
    for (let i = 0; i < times; i++) await button(page, 'Step').click();
    await waitForStatus(page, until);
  }

  test('a learning-rate change made mid-run reopens at the same step with the same accuracy', async () => {
    const sender = await open('seed=5');
    await waitForStatus(sender, /^Step 0\b/);
    await stepTimes(sender, 20, /^Step 20\b(?! ·)/);
    const lr = sender.getByLabel('Learning rate', { exact: true });
    await lr.fill('3');
    await lr.press('Enter');
    await stepTimes(sender, 20, /^Step 40\b(?! ·)/);
    const seen = await accuracyText(sender);
    await expect
      .poll(() => sender.locator('.share-summary').textContent())
      .toBe('This link replays your 1 live change.');
    const link = await copyLink(sender);
    expect(link).toContain('events=20:learningRate:3');

    const recipient = await app.browser.context.newPage();
    await openApp(recipient, link.slice(link.indexOf('#') + 1), app.server.url);
    await waitForStatus(recipient, /^Step 40\b(?! ·)/);
    await expect.poll(() => accuracyText(recipient), { timeout: 30_000 }).toBe(seen);
    await sender.close();
    await recipient.close();
  });

  test('imported points travel in the link: the new page trains on them and sees the same accuracy', async () => {
    const sender = await open('seed=5');
    await waitForStatus(sender, /^Step 0\b/);
    await sender.getByLabel('Import CSV', { exact: true }).setInputFiles({
      name: 'points.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csvOf250Points()),
    });
    await expect.poll(() => sender.locator('.custom-data-note').textContent()).toMatch(/250 points/);
    await stepTimes(sender, 10, /^Step 10\b(?! ·)/);
    const seen = await accuracyText(sender);
    const link = await copyLink(sender);
    expect(link).toContain('data=2:');

    const recipient = await app.browser.context.newPage();
    await openApp(recipient, link.slice(link.indexOf('#') + 1), app.server.url);
    await waitForStatus(recipient, /^Step 10\b(?! ·)/);
    expect(await recipient.locator('.custom-data-note').textContent()).toMatch(/250 points/);
    await expect.poll(() => accuracyText(recipient), { timeout: 30_000 }).toBe(seen);
    await sender.close();
    await recipient.close();
  });

  test('each view downloads its pictures and data: PNGs with the PNG signature, SVG and CSV text', async () => {
    const page = await open('seed=5&step=30');
    await waitForStatus(page, /^Step 30\b/);
    const downloads: [string, string, (bytes: Buffer) => void][] = [
      ['decision boundary', 'Download the decision boundary as PNG', isPng],
      ['network graph', 'Download the network graph as PNG', isPng],
      [
        'network graph',
        'Download the network graph as SVG',
        (b) => expect(b.toString()).toMatch(/^<svg [^>]*xmlns=/),
      ],
      ['loss curve', 'Download the loss curve as PNG', isPng],
      ['loss curve', 'Download the loss curve as SVG', (b) => expect(b.toString()).toContain('<path')],
      [
        'loss curve',
        'Download the loss history as CSV',
        (b) => {
          const lines = b.toString().trim().split('\n');
          expect(lines[0]).toBe('step,batch loss,train loss,test loss,train accuracy,test accuracy');
          expect(lines.at(-1)).toMatch(/^30,/);
        },
      ],
    ];
    for (const [view, name, check] of downloads) {
      await page.getByLabel(`Download the ${view}`, { exact: true }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), button(page, name).click()]);
      // Kept with the other artefacts, to look at.
      const path = join(RESULTS_DIR, download.suggestedFilename());
      await download.saveAs(path);
      const bytes = await readFile(path);
      expect(bytes.length, name).toBeGreaterThan(0);
      check(bytes);
    }
    expect(await page.getByRole('alert').filter({ hasText: 'Could not save' }).count()).toBe(0);
    await page.close();
  });
});

function isPng(bytes: Buffer): void {
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(bytes.length).toBeGreaterThan(1000);
}
