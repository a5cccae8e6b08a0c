import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The Permissions dialog's chunks are compiled as they load (on hover, or when the page is idle), not
 * function by function when the dialog first renders: V8's explicit compile hint, a magic comment
 * at the top of the file (decision 023).
 */
const EAGER_CHUNKS = new Set(['permissions-dialog', 'user-row']);
function compileDialogEagerly(): Plugin {
  return {
    name: 'compile-dialog-eagerly',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle))
        if (output.type === 'chunk' && EAGER_CHUNKS.has(output.name))
          output.code = `//# allFunctionsCalledOnLoad\n${output.code}`;
    },
  };
}

/**
 * `vite build` is the production console (no demo code, into dist/). `vite build --mode demo`
 * (`npm run build:demo`) is the demo for static hosting, into dist-demo/: relative URLs, so it works
 * from any path on the host, with the service worker that serves its data.
 */
export default defineConfig(({ mode }) => ({
  plugins: [react(), compileDialogEagerly()],
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
      'zod',
      'zod/mini',
      'zod/locales',
      'hono',
      'msw/browser',
    ],
  },
}));
