import { createServer, type ViteDevServer } from 'vite';

/** Starts the Vite dev server (demo mode) on a free port; the caller closes it. */
export async function startDevServer(): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    configFile: 'vite.config.ts',
    logLevel: 'error',
    // No file watching and no HMR: an edit made while the tests run (others work in this tree)
    // must not reload the page under test.
    server: { port: 0, host: '127.0.0.1', strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('Vite did not report its port');
  return { server, url: `http://127.0.0.1:${address.port}/` };
}
