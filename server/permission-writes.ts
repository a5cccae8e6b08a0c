import type { Context } from 'hono';
import type { PermissionValue } from '../domain/permission';
import { badRequest, ErrorCode, HttpError } from './errors';
import type { Store } from './store/store';
import { principalKey, type Principal } from './store/types';

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

/** `If-Match: "<version>"` (a strong ETag); none, or `*`, puts no condition on the write. */
export function expectedVersionOf(header: string | undefined): number | undefined {
  const text = header?.trim();
  if (!text || text === '*') return undefined;
  const match = /^"(\d{1,15})"$/.exec(text);
  if (!match?.[1]) throw badRequest('If-Match must be the quoted version of the value, e.g. "3"');
  return Number(match[1]);
}

/** `Idempotency-Key`: the client's id of one write, the same on each retry of it. */
export function writeIdOf(header: string | undefined): string | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  if (text.length > 100) throw badRequest('Idempotency-Key must be at most 100 characters');
  return text;
}

export const etagOf = (version: number) => `"${version}"`;

/**
 * Writes one explicit value with the request's conditions. A write id already applied succeeds again
 * without a change; a stale version gets 412, whose message says who changed the value and when.
 */
export async function writeValue(
  c: Context,
  store: Store,
  flowId: string,
  principal: Principal,
  principalName: string,
  value: PermissionValue | null,
): Promise<void> {
  const expectedVersion = expectedVersionOf(c.req.header('if-match'));
  const writeId = writeIdOf(c.req.header('idempotency-key'));
  const outcome = await store.setValue(flowId, principal, value, {
    by: actorOf(c),
    at: new Date().toISOString(),
    principalName,
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
    ...(writeId === undefined ? {} : { writeId }),
  });
  if (outcome !== 'conflict') return;
  const current = (await store.getVersions(flowId, [principal])).get(principalKey(principal));
  const since = current ? ` It was changed by ${current.by} at ${current.at}` : '';
  throw new HttpError(
    412,
    ErrorCode.versionConflict,
    `${principalName} has changed since version ${expectedVersion ?? 0}.${since}; its version is now ${current?.version ?? 0}.`,
  );
}
