import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The dev server injects React Fast Refresh's preamble as an inline module script, which the
 * strict CSP in index.html blocks. Relax script-src for `vite` (serve) only; the build keeps the
 * strict policy.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'backprop-lab:relax-csp-in-dev',
    apply: 'serve',
    transformIndexHtml: {
      order: 'pre',
      handler: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
    },
  };
}

export default defineConfig({
  // Relative asset URLs, so dist/ works from any sub-path (e.g. GitHub Pages project sites).
  base: './',
  plugins: [react(), relaxCspForDevServer()],
  worker: { format: 'es' },
  build: { target: 'es2022' },
});
