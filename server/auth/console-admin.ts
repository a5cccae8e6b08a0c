import type { Context } from 'hono';

/** Who changes values when nobody else is named: the demo's administrator (see `demoConsoleAuth`). */
export const DEMO_ADMIN = 'demo-admin@example.com';

interface Admin {
  email: string;
}

/**
 * The administrator making a request: the one the host names in the app's env (the demo's service
 * worker layer naming its second administrator), else the one the console's auth guard put in the
 * context (`c.set('consoleAdmin', …)`), else the demo's administrator. A real server's env never
 * names one: clients cannot reach it.
 */
export function actorOf(c: Context): string {
  const fromHost = (c.env as { consoleAdmin?: Admin } | undefined)?.consoleAdmin;
  const fromGuard = (c.var as { consoleAdmin?: Admin }).consoleAdmin;
  return fromHost?.email ?? fromGuard?.email ?? DEMO_ADMIN;
}
