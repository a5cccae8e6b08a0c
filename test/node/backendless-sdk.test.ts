import { createTestBackend } from './support/backend';
import { describeSdkSuite } from './support/sdk-suite';
import { serve } from './support/serve';

/** The Backendless JS SDK against the backend app over the memory store; server-sdk.test.ts runs it against the real server. */
describeSdkSuite(async () => {
  const backend = await createTestBackend();
  const served = await serve((request) => backend.app.fetch(request));
  return { url: served.url, console: backend.console, close: () => served.close() };
});
