// Builds the site once for all browser tests, with vite's JS API, into an ignored cache folder.
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
  const outDir = resolve(repoRoot, 'node_modules/.cache/e2e-dist');
  await rm(outDir, { recursive: true, force: true });
  await build({
    root: repoRoot,
    configFile: resolve(repoRoot, 'vite.config.ts'),
    logLevel: 'warn',
    // Rolldown's "slow plugin" timing report is noise in test output.
    build: { outDir, emptyOutDir: true, rolldownOptions: { checks: { bundlerTimings: false } } },
  });
  project.provide('e2eDistDir', outDir);
}
