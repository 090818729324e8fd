// Builds the site once for all browser tests, with vite's JS API, into an ignored cache folder.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { chromiumAvailable } from './harness';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of the built site (empty when the browser tests are skipped). */
    e2eDistDir: string;
  }
}

const repoRoot = resolve(import.meta.dirname, '../..');

export default async function setup(project: TestProject): Promise<void> {
  if (!chromiumAvailable()) {
    project.provide('e2eDistDir', '');
    return;
  }
  // CI builds the site once (`npm run build`, with its size budget) and points the browser tests at
  // that build instead of building a second time.
  const prebuilt = process.env.E2E_DIST_DIR;
  if (prebuilt) {
    const dir = resolve(repoRoot, prebuilt);
    if (!existsSync(resolve(dir, 'index.html'))) {
      throw new Error(`E2E_DIST_DIR=${prebuilt}: no index.html there; run \`npm run build\` first`);
    }
    project.provide('e2eDistDir', dir);
    return;
  }
  const outDir = resolve(repoRoot, 'node_modules/.cache/e2e-dist');
  await rm(outDir, { recursive: true, force: true });
  // Vitest sets NODE_ENV=test, and Vite keeps an existing NODE_ENV, which would bundle React's
  // development build. Test what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: repoRoot,
      configFile: resolve(repoRoot, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
      // Rolldown's "slow plugin" timing report is noise in test output.
      build: { outDir, emptyOutDir: true, rolldownOptions: { checks: { bundlerTimings: false } } },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  project.provide('e2eDistDir', outDir);
}
