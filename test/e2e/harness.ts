// Browser-test harness: a static server for the built site under a sub-path, the system Chromium via
// playwright-core (never a downloaded browser), useApp (the two, set up and torn down around a
// test file's tests), and a page opener that records everything that went wrong so tests can
// assert on it.
import { accessSync, constants, createReadStream, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

/** The site is served from here, so every asset URL must be relative (vite `base: './'`). */
export const SUB_PATH = '/courses/ml/lab/';

/** Screenshots and other artefacts (gitignored). */
export const RESULTS_DIR = resolve(import.meta.dirname, '../../test-results');

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

export interface StaticServer {
  /** Absolute URL of the app, ending in SUB_PATH. */
  url: string;
  close(): Promise<void>;
}

let lastServerUrl: string | undefined;

/** Serves `rootDir` at http://127.0.0.1:<free port>/courses/ml/lab/; anything else is a 404. */
export async function startStaticServer(rootDir: string): Promise<StaticServer> {
  const root = resolve(rootDir);
  const server = createServer((request, response) => {
    const notFound = () => {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Not found');
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' });
      response.end();
      return;
    }
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pathname === SUB_PATH.slice(0, -1)) {
      response.writeHead(301, { Location: SUB_PATH });
      response.end();
      return;
    }
    if (!pathname.startsWith(SUB_PATH)) return notFound();
    let relativePath: string;
    try {
      relativePath = decodeURIComponent(pathname.slice(SUB_PATH.length));
    } catch {
      return notFound();
    }
    if (relativePath === '' || relativePath.endsWith('/')) relativePath += 'index.html';
    const file = resolve(root, relativePath);
    if (!file.startsWith(root + sep)) return notFound();
    let size: number;
    try {
      const stats = statSync(file);
      if (!stats.isFile()) return notFound();
      size = stats.size;
    } catch {
      return notFound();
    }
    response.writeHead(200, {
      'Content-Type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}${SUB_PATH}`;
  lastServerUrl = url;
  return {
    url,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

function isCI(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/**
 * Whether the system Chromium can be run. Missing on a developer machine: false, with a loud warning
 * (the e2e tests skip). Missing in CI: throws, so CI can never pass by skipping the browser tests.
 */
export function chromiumAvailable(): boolean {
  const path = chromiumPath();
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    const how =
      `Install it with \`sudo apt-get install chromium\` (Debian/Ubuntu), or point CHROMIUM_PATH at a ` +
      `Chromium/Chrome executable. Never \`npx playwright install\`: the tests use the system browser.`;
    if (isCI()) throw new Error(`Chromium not found at ${path}; CI must run the browser tests. ${how}`);
    const bar = '!'.repeat(100);
    console.warn(
      `\n${bar}\n!! SKIPPING BROWSER TESTS: no Chromium executable at ${path}.\n!! ${how}\n${bar}\n`,
    );
    return false;
  }
}

export interface LaunchedBrowser {
  context: BrowserContext;
  /** Closes the browser and deletes its throwaway profile. */
  close(): Promise<void>;
}

/** Launches the system Chromium, headless, with a fresh profile and no background network traffic. */
export async function launchBrowser(
  options: Parameters<typeof chromium.launchPersistentContext>[1] = {},
): Promise<LaunchedBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'backprop-lab-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      viewport: { width: 1440, height: 900 },
      ...options,
      executablePath: chromiumPath(),
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
        // Nothing but this machine resolves, so a test can never reach the network; such requests
        // still show up in PageProblems.externalRequests (without per-request interception cost).
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
      ],
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  // Playwright's 30 s defaults are too tight for a cold Chromium on a busy 2-core machine.
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(90_000);
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

type BrowserOptions = Parameters<typeof launchBrowser>[0];

/**
 * A browser for the calling describe's tests: launched (with `options`, then `prepare` once: grant
 * permissions, add init scripts) before them and closed after them. Read `.browser` inside a test.
 */
export function useBrowser(
  options: BrowserOptions = {},
  prepare?: (browser: LaunchedBrowser) => Promise<void>,
): { readonly browser: LaunchedBrowser } {
  let launched: LaunchedBrowser | undefined;
  beforeAll(async () => {
    launched = await launchBrowser(options);
    await prepare?.(launched);
  });
  afterAll(async () => {
    await launched?.close();
  });
  return {
    get browser() {
      if (!launched)
        throw new Error('useBrowser: the browser is launched in beforeAll; use it inside a test');
      return launched;
    },
  };
}

export interface AppUnderTest {
  /** The built site (the global setup's E2E_DIST_DIR build), served at SUB_PATH. */
  readonly server: StaticServer;
  readonly browser: LaunchedBrowser;
}

/**
 * The setup every browser-test file shares, registered in the calling describe: before its tests the
 * built site is served, RESULTS_DIR exists and Chromium is launched (useBrowser's `options` and
 * `prepare`); after them the browser and then the server are closed.
 */
export function useApp(
  options: BrowserOptions = {},
  prepare?: (browser: LaunchedBrowser) => Promise<void>,
): AppUnderTest {
  let server: StaticServer | undefined;
  beforeAll(async () => {
    server = await startStaticServer(inject('e2eDistDir'));
    await mkdir(RESULTS_DIR, { recursive: true });
  });
  afterAll(async () => {
    await server?.close();
  });
  const launched = useBrowser(options, prepare);
  return {
    get server() {
      if (!server) throw new Error('useApp: the server starts in beforeAll; use it inside a test');
      return server;
    },
    get browser() {
      return launched.browser;
    },
  };
}

/** The header's status line ("Step 12 · Backward · layer 2: …"); the inspector has live regions too. */
export const statusLine = (page: Page) => page.getByRole('banner').getByRole('status');

/** A button by its exact accessible name (DESIGN.md's names: "Play", "Step layer", …). */
/** Waits until the status line matches `pattern` (a minute: a busy 2-core machine is slow); returns its text. */
export async function waitForStatus(page: Page, pattern: RegExp): Promise<string> {
  await statusLine(page).filter({ hasText: pattern }).waitFor({ timeout: 60_000 });
  return (await statusLine(page).textContent()) ?? '';
}

export const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** What went wrong while a page was open; every array should normally stay empty. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests that failed at the network level or got an HTTP status ≥ 400. */
  failedRequests: string[];
  /** Requests to anything but this machine (they cannot resolve: see launchBrowser). */
  externalRequests: string[];
}

function isLocalUrl(url: URL): boolean {
  if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** The first-visit guide's localStorage key (src/app/onboarding/guideSeen.ts). */
const GUIDE_SEEN_KEY = 'backprop-lab:guide-seen';

/**
 * Starts recording problems on `page`, then opens the app (at `baseUrl`, by default the last server
 * started) with an optional hash, and waits for the load event. The first-visit guide is marked as
 * seen unless `options.guide` is true: its callouts sit over the views other tests hover and click
 * (the guide has its own tests in onboarding.test.ts).
 */
export async function openApp(
  page: Page,
  hash?: string,
  baseUrl = lastServerUrl,
  options: { guide?: boolean } = {},
): Promise<PageProblems> {
  if (!baseUrl) throw new Error('openApp: start a server with startStaticServer() first, or pass baseUrl');
  if (!options.guide) {
    await page.addInitScript((key) => {
      try {
        localStorage.setItem(key, '1');
      } catch {
        // Storage unavailable: the guide then shows, as it would for such a visitor.
      }
    }, GUIDE_SEEN_KEY);
  }
  const problems: PageProblems = {
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    externalRequests: [],
  };
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const { url, lineNumber } = message.location();
      problems.consoleErrors.push(`${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.stack ?? error.message));
  page.on('request', (request) => {
    if (!isLocalUrl(new URL(request.url()))) problems.externalRequests.push(request.url());
  });
  page.on('requestfailed', (request) =>
    problems.failedRequests.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400)
      problems.failedRequests.push(`${response.url()}: HTTP ${response.status()}`);
  });
  const target = hash ? `${baseUrl}#${hash.replace(/^#/, '')}` : baseUrl;
  await page.goto(target, { waitUntil: 'load' });
  return problems;
}

/**
 * Waits until the app has shown a paused frame (src/app/App.tsx marks each on <html>: data-frame-seq,
 * data-step, data-phase such as "backward-2"), optionally at a given step and phase, and newer than
 * `afterSeq`, and the inspector has drawn all of that frame. Returns what the frame said.
 */
export async function waitForPausedFrame(
  page: Page,
  want: { step?: number; phase?: string; afterSeq?: number } = {},
  timeoutMs = 20_000,
): Promise<{ seq: number; step: number; phase: string }> {
  await page.waitForFunction(
    ({ step, phase, afterSeq }) => {
      const d = document.documentElement.dataset;
      if (d.frameSeq === undefined) return false;
      if (afterSeq !== undefined && Number(d.frameSeq) <= afterSeq) return false;
      if (step !== undefined && Number(d.step) !== step) return false;
      if (phase !== undefined && d.phase !== phase) return false;
      // The inspector (once loaded) shows that frame, all of it (its second pass, useProgressive.ts).
      const inspector = document.querySelector('.insp');
      return (
        !inspector ||
        (inspector.getAttribute('data-frame-seq') === d.frameSeq &&
          inspector.getAttribute('data-complete') === 'true')
      );
    },
    want,
    { timeout: timeoutMs },
  );
  return page.evaluate(() => {
    const d = document.documentElement.dataset;
    return { seq: Number(d.frameSeq), step: Number(d.step), phase: d.phase ?? '' };
  });
}

/** Whether the element's box lies entirely inside the viewport; the box, for the failure message. */
export async function inViewport(page: Page, locator: Locator): Promise<{ inside: boolean; box: unknown }> {
  const box = await locator.boundingBox();
  const size = page.viewportSize()!;
  const inside =
    box !== null &&
    box.width > 0 &&
    box.height > 0 &&
    box.x >= 0 &&
    box.y >= 0 &&
    box.x + box.width <= size.width + 0.5 &&
    box.y + box.height <= size.height + 0.5;
  return { inside, box };
}

/** A new page of `browser` on the app at `hash`, once it shows step 0, with no page error so far. */
export async function openReady(browser: LaunchedBrowser, url: string, hash?: string): Promise<Page> {
  const page = await browser.context.newPage();
  const problems = await openApp(page, hash, url);
  await statusLine(page)
    .filter({ hasText: /^Step 0\b/ })
    .waitFor();
  if (problems.pageErrors.length > 0) throw new Error(`page errors: ${problems.pageErrors.join('; ')}`);
  return page;
}
