import { callerFor, type Channel } from '../../domain/caller';
import type { Caller } from '../../domain/decision';
import { identityOf } from '../access';
import { hashToken } from '../auth/console-auth';
import { ErrorCode, HttpError } from '../errors';
import type { User } from '../directory/directory-store';
import type { Session } from './app-user-store';
import type { Store } from '../store/store';
import { channelOfKey, type AppKeys } from './api-keys';

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
  const [first = '', second = ''] = new URL(request.url).pathname.split('/').filter(Boolean);
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
export function createCallerResolver(store: Store, keys: AppKeys, now: () => Date) {
  return async function resolveCaller(request: Request): Promise<ResolvedCaller> {
    const channel = channelOf(keys, request);
    const token = request.headers.get(USER_TOKEN_HEADER);
    if (!token) return { channel, user: null, session: null, caller: callerFor(null, channel) };
    const found = await store.getSession(await hashToken(token));
    const session = found && Date.parse(found.expiresAt) > now().getTime() ? found : undefined;
    const user = session ? await store.getUser(session.userId) : undefined;
    if (!session || !user) {
      throw new HttpError(401, ErrorCode.invalidUserToken, 'Not existing user token - relogin user');
    }
    return { channel, user, session, caller: callerFor(identityOf(user, session.login), channel) };
  };
}

export type ResolveCaller = ReturnType<typeof createCallerResolver>;
