import { Hono, type Context } from 'hono';
import { createApiTokenSchema, type CreatedApiToken } from '../../contract/api-tokens';
import { ErrorCode, HttpError, notFound } from '../http/errors';
import { jsonBody } from '../http/validate';
import type { Clock } from '../platform/clock';
import type { NewId } from '../platform/ids';
import type { AuditFields } from '../audit/auditor';
import { actorOf } from './console-admin';
import { hashToken, newToken } from './tokens';
import type { AdminAccount, ApiToken, AuthStore } from './types';

/** Every API token starts so: the guard tells it from a session token without a lookup. */
export const API_TOKEN_PREFIX = 'flt_';

export const isApiToken = (token: string) => token.startsWith(API_TOKEN_PREFIX);

/** Requests a read-only token may make: reads, plans, permission tests and access checks change nothing. */
const READ_ONLY_POSTS = [
  /^\/api\/console\/permissions\/document\/plan$/,
  /^\/api\/console\/permissions\/tests\/run$/,
  /^\/api\/console\/flows\/[^/]+\/check-access$/,
];

export function isReadRequest(c: Context): boolean {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return true;
  return c.req.method === 'POST' && READ_ONLY_POSTS.some((pattern) => pattern.test(c.req.path));
}

/** The administrator a token acts as: history and audit name the token. */
export const tokenActor = (token: ApiToken): AdminAccount => ({ id: `token:${token.id}`, email: `${token.name} (API token)` });

/**
 * Admits a request made with an API token, or refuses it: 401 for an unknown, revoked or expired token,
 * 403 for a write with a read-only token, 403 for token management (only a signed-in administrator may).
 */
export function checkApiToken(c: Context, token: ApiToken | undefined): AdminAccount | Response {
  if (!token) {
    return new Response(
      JSON.stringify({ code: ErrorCode.signInRequired, message: 'This API token is unknown, revoked or expired' }),
      { status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' } },
    );
  }
  if (c.req.path.startsWith('/api/console/api-tokens') || c.req.path.startsWith('/api/console/auth/')) {
    throw new HttpError(403, ErrorCode.tokenNotAllowed, 'API tokens cannot manage tokens or sessions: sign in to the console');
  }
  if (token.access === 'read' && !isReadRequest(c)) {
    throw new HttpError(
      403,
      ErrorCode.tokenNotAllowed,
      `The API token "${token.name}" is read-only: use a read-write token to change permissions`,
    );
  }
  return tokenActor(token);
}

/** Manage page, API tokens: list, create (the token is shown once; only its hash is kept), revoke. */
export function apiTokenRoutes({
  authStore,
  now,
  newId,
  record,
}: {
  authStore: AuthStore;
  now: Clock;
  newId: NewId;
  /** Writes an audit entry: the token's name and access, never the token. */
  record: (fields: AuditFields) => Promise<void>;
}) {
  const described = (token: Pick<ApiToken, 'name' | 'access'>) =>
    `${token.name} (${token.access === 'read' ? 'read-only' : 'read-write'})`;
  return new Hono()
    .get('/', async (c) => c.json({ items: await authStore.listApiTokens() }))
    .post('/', jsonBody(createApiTokenSchema), async (c) => {
      const { name, access, expiresInDays } = c.req.valid('json');
      const at = now();
      const token = `${API_TOKEN_PREFIX}${newToken()}`;
      const saved: ApiToken = {
        id: newId(),
        name,
        access,
        createdBy: actorOf(c),
        createdAt: at.toISOString(),
        expiresAt: expiresInDays === undefined ? null : new Date(at.getTime() + expiresInDays * 86_400_000).toISOString(),
        revokedAt: null,
      };
      await authStore.createApiToken({ ...saved, tokenHash: await hashToken(token) });
      await record({ kind: 'api-token.create', by: actorOf(c), after: described(saved) });
      return c.json({ ...saved, token } satisfies CreatedApiToken, 201);
    })
    .delete('/:id', async (c) => {
      const id = c.req.param('id');
      const token = (await authStore.listApiTokens()).find((candidate) => candidate.id === id);
      if (!token || !(await authStore.revokeApiToken(id, now().toISOString()))) {
        throw notFound(ErrorCode.notFound, 'No live API token has this id');
      }
      await record({ kind: 'api-token.revoke', by: actorOf(c), before: described(token) });
      return c.body(null, 204);
    });
}
