// Temporary (untracked): runs the dom tests with jsdom set up in a setup file instead of as the
// worker's environment, because on the overloaded shared machine loading jsdom takes longer than
// vitest's fixed 60 s worker-start timeout.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'node',
    include: ['test/views/inspectorView.test.tsx'],
    setupFiles: ['/tmp/vt/jsdomSetup.ts', 'test/setup/dom.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
  },
});
