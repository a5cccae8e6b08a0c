import type { MiddlewareHandler } from 'hono';
import type { Auditor } from './auditor';

/**
 * Records console sign-ins and failed sign-ins (wrong email or password) around the sign-in route,
 * whichever way the host authenticates. The email is read from the body the route itself checks: a
 * body it refuses (400) is not recorded.
 */
export function auditSignIns(auditor: Auditor): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const text = await c.req.text().catch(() => '');
    await next();
    const status = c.res.status;
    if (status !== 200 && status !== 401) return;
    let email = '';
    try {
      const body = JSON.parse(text) as { email?: unknown };
      if (typeof body.email === 'string') email = body.email.trim();
    } catch {
      return;
    }
    await auditor.record({ kind: status === 200 ? 'sign-in' : 'sign-in.failed', by: email });
  };
}
