import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * `vite build` is the production console (no demo code, into dist/). `vite build --mode demo`
 * (`npm run build:demo`) is the demo for static hosting, into dist-demo/: relative URLs, so it works
 * from any path on the host, with the service worker that serves its data.
 */
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  base: mode === 'demo' ? './' : '/',
  // public/ holds only the demo's service worker: production has no use for it.
  publicDir: mode === 'production' ? false : 'public',
  build: {
    outDir: mode === 'demo' ? 'dist-demo' : 'dist',
    // The demo's backend (MSW, Hono, the seed) is one chunk of ~500 kB, loaded apart: expected.
    chunkSizeWarningLimit: mode === 'demo' ? 800 : 500,
  },
  // Listing the demo's dependencies up front stops Vite from discovering them on the first page
  // load and reloading the page mid-test.
  optimizeDeps: {
    include: [
      'react',
      'react-dom/client',
      'react/jsx-runtime',
      'react/jsx-dev-runtime',
      '@tanstack/react-query',
      '@radix-ui/react-dialog',
      '@radix-ui/react-tabs',
      '@radix-ui/react-tooltip',
      'zod',
      'zod/mini',
      'zod/locales',
      'hono',
      'msw/browser',
    ],
  },
}));
