import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  test: {
    // Generous: a shared 2-core CI machine can be many times slower than a laptop, and a user-event
    // test that times out leaves its events running into the next test. Speed is measured by
    // `npm run bench`, never by test timeouts.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          // Every *.test.ts outside e2e/ (engine, worker, store, app, and pure view helpers such as
          // painters), so no test file is silently left out of a project.
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['test/**/*.test.tsx'],
          setupFiles: ['test/setup/dom.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/globalSetup.ts'],
          // Generous: launching Chromium on a busy 2-core machine can take tens of seconds.
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // One browser at a time: the machines have 2 cores.
          fileParallelism: false,
          // Run after the unit projects instead of competing with them for CPU.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
