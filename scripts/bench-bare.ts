/**
 * The benchmark's floor: a bare Hono app on @hono/node-server, in a process of its own like the real
 * server, answering every request with a constant once its body is read. What the framework, Node's
 * HTTP stack and the load generator cost, and nothing else.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import { createRequestTiming, reportTimingOnSignal } from '../server/node/request-timing';

const app = new Hono().all('*', async (c) => {
  await c.req.arrayBuffer();
  return c.json({ executionId: '00000000-0000-4000-8000-000000000000' });
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
  console.log(`Listening on http://127.0.0.1:${info.port}`),
);
// Timed as the real server times itself with REQUEST_TIMING=1: a summary on each SIGUSR2.
if (process.env.REQUEST_TIMING === '1') {
  const timing = createRequestTiming();
  (server as Server).on('request', timing.watch);
  reportTimingOnSignal(timing);
}
process.once('SIGTERM', () => server.close(() => process.exit(0)));
