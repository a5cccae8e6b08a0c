import type { Caller } from './decision';
import { ANONYMOUS_ROLE, AUTHENTICATED_ROLE } from './roles';

/** How a call reaches the app: which API key it used, or server code (including Call Flow). */
export const CHANNELS = ['REST', 'JS', 'Android', 'IOS', 'DotNet', 'ActionScript', 'ServerCode'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The system role each channel gives a request (README, "Runtime API"). */
export const CHANNEL_ROLES: Readonly<Record<Channel, string>> = {
  REST: 'RestUser',
  JS: 'JSUser',
  Android: 'AndroidUser',
  IOS: 'IOSUser',
  DotNet: 'DotNetUser',
  ActionScript: 'ASUser',
  ServerCode: 'ServerCodeUser',
};

/** How a user logged in; social and guest logins add their own system roles. */
export type LoginMethod = 'password' | 'facebook' | 'google' | 'twitter' | 'guest';

const LOGIN_ROLES: Readonly<Record<LoginMethod, readonly string[]>> = {
  password: [],
  facebook: ['SocialUser', 'FacebookUser'],
  google: ['SocialUser', 'GooglePlusUser'],
  twitter: ['SocialUser', 'TwitterUser'],
  guest: ['GuestUser'],
};

/** The user in a call's context, if any. */
export interface Identity {
  readonly userId: string;
  readonly roles: readonly string[];
  readonly login: LoginMethod;
}

/** Where a Call Flow block takes its user from: none, the user who started the calling execution, or the trigger's. */
export const SESSION_SOURCES = ['none', 'executionInitUser', 'triggerUser'] as const;
export type SessionSource = (typeof SESSION_SOURCES)[number];

/**
 * The roles a call holds. Nobody logged in → NonAuthenticatedUser, except for server code, which then
 * holds ServerCodeUser only (Backendless makes the same exception for business logic). A user →
 * AuthenticatedUser, their custom roles and the roles of how they logged in. Plus the channel's role.
 */
export function callerFor(identity: Identity | null, channel: Channel): Caller {
  const channelRole = CHANNEL_ROLES[channel];
  if (identity === null) {
    return {
      userId: null,
      customRoles: [],
      systemRoles: channel === 'ServerCode' ? [channelRole] : [ANONYMOUS_ROLE, channelRole],
    };
  }
  return {
    userId: identity.userId,
    customRoles: [...identity.roles],
    systemRoles: [AUTHENTICATED_ROLE, ...LOGIN_ROLES[identity.login], channelRole],
  };
}
