import type { MiddlewareHandler } from 'hono';
import { callerFor, type Channel } from '../../domain/caller';
import type { Caller } from '../../domain/decision';
import { identityOf } from '../access/access-rule';
import { hashToken } from '../auth/console-auth';
import { knownTokenHash } from '../auth/tokens';
import { ErrorCode, HttpError } from '../http/errors';
import type { DirectoryStore, User } from '../directory/directory-store';
import type { Clock } from '../platform/clock';
import { channelOfKey, type AppKeys } from './api-keys';
import type { AppUserStore, Session } from './app-user-store';
import type { KnownState } from './decision-cache';

/** Who is calling the runtime API, and the roles that gives them. */
export interface ResolvedCaller {
  readonly channel: Channel;
  readonly user: User | null;
  readonly session: Session | null;
  readonly caller: Caller;
}

export const USER_TOKEN_HEADER = 'user-token';

/** `/api/…` is the REST channel; `/<appId>/<apiKey>/…` is the channel of that key (else 401). */
export function channelOf(keys: AppKeys, request: Request): Channel {
  // Every runtime call asks: `/api/…` is told from the URL's text, without parsing a URL.
  const { url } = request;
  const path = url.indexOf('/', url.indexOf('//') + 2);
  if (path !== -1 && url.startsWith('/api/', path)) return 'REST';
  const [first = '', second = ''] = new URL(url).pathname.split('/').filter(Boolean);
  if (first === 'api') return 'REST';
  const channel = channelOfKey(keys, decodeURIComponent(first), decodeURIComponent(second));
  if (!channel) throw new HttpError(401, ErrorCode.unknownApiKey, 'Unknown application id or API key');
  return channel;
}

/**
 * The one place a runtime request becomes a caller: the channel from the URL's API key, the user from
 * the `user-token` header (an unknown or expired token is refused, as Backendless does, rather than treated as
 * anonymous), and the roles from `callerFor`, the rule the access checker uses too.
 */
export function createCallerResolver(
  store: Pick<AppUserStore, 'getSession'> & Pick<DirectoryStore, 'getUser'>,
  keys: AppKeys,
  now: Clock,
  /** The decision cache's sessions and users at hand: a known token is resolved without a promise. */
  known?: Pick<KnownState, 'session' | 'user'>,
) {
  // Nobody logged in: the caller depends on the channel alone, so each channel's is made once (read-only).
  const anonymous = new Map<Channel, ResolvedCaller>();
  const anonymousOn = (channel: Channel): ResolvedCaller => {
    let known = anonymous.get(channel);
    if (!known) {
      known = Object.freeze({ channel, user: null, session: null, caller: callerFor(null, channel) });
      anonymous.set(channel, known);
    }
    return known;
  };
  // A logged-in caller is made once per session (and channel) while the cache hands out the same
  // session and user: a changed user or session is a new object, and makes a new caller.
  const callers = new WeakMap<Session, { resolved: ResolvedCaller; expiresAt: number }>();
  const make = (channel: Channel, session: Session, user: User) => {
    const resolved: ResolvedCaller = Object.freeze({
      channel,
      user,
      session,
      caller: callerFor(identityOf(user, session.login), channel),
    });
    callers.set(session, { resolved, expiresAt: Date.parse(session.expiresAt) });
    return resolved;
  };
  const refused = () => new HttpError(401, ErrorCode.invalidUserToken, 'Not existing user token - relogin user');
  async function loggedIn(channel: Channel, token: string): Promise<ResolvedCaller> {
    const found = await store.getSession(await hashToken(token));
    const session = found && Date.parse(found.expiresAt) > now().getTime() ? found : undefined;
    const user = session ? await store.getUser(session.userId) : undefined;
    if (!session || !user) throw refused();
    return make(channel, session, user);
  }
  function knownCaller(channel: Channel, token: string): ResolvedCaller | undefined {
    const tokenHash = known && knownTokenHash(token);
    const session = tokenHash === undefined ? undefined : known?.session(tokenHash);
    const user = session && known?.user(session.userId);
    if (!session || !user) return undefined;
    const made = callers.get(session);
    if (made && made.resolved.user === user && made.resolved.channel === channel) {
      if (made.expiresAt <= now().getTime()) throw refused();
      return made.resolved;
    }
    if (Date.parse(session.expiresAt) <= now().getTime()) throw refused();
    return make(channel, session, user);
  }
  /**
   * At once when nobody is logged in, or when the token's session and user are in the cache (no
   * promise to wait for); an unknown API key throws (401), and so does a known token that expired.
   */
  return function resolveCaller(request: Request): ResolvedCaller | Promise<ResolvedCaller> {
    const channel = channelOf(keys, request);
    const token = request.headers.get(USER_TOKEN_HEADER);
    if (!token) return anonymousOn(channel);
    return knownCaller(channel, token) ?? loggedIn(channel, token);
  };
}

export type ResolveCaller = ReturnType<typeof createCallerResolver>;

declare module 'hono' {
  interface ContextVariableMap {
    /** The runtime request's caller; `resolvedCaller` middleware sets it. */
    caller: ResolvedCaller;
  }
}

/**
 * Resolves the caller (`c.get('caller')`) before the request's body is looked at: 401 comes first.
 * Routes read it with `c.get`: Hono's `c.var` builds an object of all the variables at each use.
 */
export const resolvedCaller =
  (resolveCaller: ResolveCaller): MiddlewareHandler =>
  (c, next) => {
    const resolved = resolveCaller(c.req.raw);
    if (!(resolved instanceof Promise)) {
      c.set('caller', resolved);
      return next();
    }
    return resolved.then((caller) => {
      c.set('caller', caller);
      return next();
    });
  };

/** Checks the API key only (401 first), for register and login: a stale user-token must not lock its user out. */
export const knownApiKey =
  (keys: AppKeys): MiddlewareHandler =>
  async (c, next) => {
    channelOf(keys, c.req.raw);
    await next();
  };
