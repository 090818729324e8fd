import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RESULTS_DIR, button, chromiumAvailable, openApp, statusLine, useApp } from './harness';

describe.skipIf(!chromiumAvailable())('smoke: the built site served from a sub-path', () => {
  const app = useApp();

  test('loads with no console error, page error, failed or external request; status reads "Step 0"', async () => {
    const page = await app.browser.context.newPage();
    const problems = await openApp(page);

    const status = statusLine(page);
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

  test('runs under a strict Content-Security-Policy that really forbids eval and inline script', async () => {
    const page = await app.browser.context.newPage();
    const problems = await openApp(page);
    await statusLine(page).filter({ hasText: 'Step 0' }).waitFor();
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    const directives = new Map(
      (policy ?? '').split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('worker-src')).toEqual(["'self'"]);
    // blob: only for the views' PNG downloads (an SVG drawn through an <img>); no data:, no origin.
    expect(directives.get('img-src')).toEqual(["'self'", 'blob:']);
    // The browser enforces it: code from a string (a string timer, compiled later in the page's own
    // context; page.evaluate itself is exempt) and an injected inline script are refused, each with a
    // violation event.
    const attempts = await page.evaluate(async () => {
      const w = window as unknown as { __stringRan?: boolean; __inlineRan?: boolean };
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      (setTimeout as unknown as (code: string, ms: number) => void)('window.__stringRan = true;', 0);
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.head.append(script);
      // Both refusals report a violation event; wait for them (at most 2 s, so a missing one fails below).
      const until = Date.now() + 2000;
      while (violations.length < 2 && Date.now() < until) await new Promise(requestAnimationFrame);
      return {
        stringRan: w.__stringRan === true,
        inlineRan: w.__inlineRan === true,
        violations: violations.sort(),
      };
    });
    expect(attempts).toEqual({
      stringRan: false,
      inlineRan: false,
      violations: ['script-src-elem', 'script-src'].sort(),
    });
    // The worker trained under the same policy: a step goes through.
    await button(page, 'Step').click();
    await statusLine(page)
      .filter({ hasText: /^Step 1\b/ })
      .waitFor();
    expect(problems.pageErrors).toEqual([]);
    await page.close();
  });
});
