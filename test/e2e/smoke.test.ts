import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import {
  RESULTS_DIR,
  chromiumAvailable,
  launchBrowser,
  openApp,
  startStaticServer,
  type LaunchedBrowser,
  type StaticServer,
} from './harness';

describe.skipIf(!chromiumAvailable())('smoke: the built site served from a sub-path', () => {
  let server: StaticServer;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    server = await startStaticServer(inject('e2eDistDir'));
    browser = await launchBrowser();
    await mkdir(RESULTS_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('loads with no console error, page error, failed or external request; status reads "Step 0"', async () => {
    const page = await browser.context.newPage();
    const problems = await openApp(page);

    const status = page.getByRole('banner').getByRole('status');
    try {
      await status.filter({ hasText: 'Step 0' }).waitFor();
    } catch (error) {
      await page.screenshot({ path: join(RESULTS_DIR, 'smoke-failure.png') }).catch(() => {});
      const body = await page
        .locator('body')
        .innerText()
        .catch(() => '(unreadable)');
      throw new Error(
        `status never read "Step 0". Problems: ${JSON.stringify(problems, null, 2)}\nPage text: ${body.slice(0, 500)}`,
        { cause: error },
      );
    }
    expect(await status.textContent()).toMatch(/^Step 0\b/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Backprop Lab');
    // Let the worker and any lazy chunk finish loading, so their failures are recorded too.
    await page.waitForLoadState('networkidle');

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: join(RESULTS_DIR, 'smoke-desktop.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(RESULTS_DIR, 'smoke-phone.png') });

    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], externalRequests: [] });
    await page.close();
  });
});
