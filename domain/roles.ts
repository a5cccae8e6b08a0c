type SystemRoleGroup = 'authentication' | 'channel';

interface SystemRole {
  readonly name: string;
  readonly group: SystemRoleGroup;
  readonly description: string;
}

export const ROLE_KINDS = ['system', 'custom'] as const;

/** Roles Backendless assigns to every request by itself (README, "How a decision is made"). */
export const SYSTEM_ROLES: readonly SystemRole[] = [
  { name: 'NonAuthenticatedUser', group: 'authentication', description: 'No user is logged in' },
  { name: 'AuthenticatedUser', group: 'authentication', description: 'Any logged-in user' },
  { name: 'SocialUser', group: 'authentication', description: 'Logged in through a social network' },
  { name: 'FacebookUser', group: 'authentication', description: 'Logged in with Facebook' },
  { name: 'GooglePlusUser', group: 'authentication', description: 'Logged in with Google' },
  { name: 'TwitterUser', group: 'authentication', description: 'Logged in with Twitter' },
  { name: 'GuestUser', group: 'authentication', description: 'Guest login' },
  { name: 'RestUser', group: 'channel', description: 'Called with the REST API key' },
  { name: 'JSUser', group: 'channel', description: 'Called with the JavaScript API key' },
  { name: 'AndroidUser', group: 'channel', description: 'Called with the Android API key' },
  { name: 'IOSUser', group: 'channel', description: 'Called with the iOS API key' },
  { name: 'DotNetUser', group: 'channel', description: 'Called with the .NET API key' },
  { name: 'ASUser', group: 'channel', description: 'Called with the ActionScript API key' },
  { name: 'ServerCodeUser', group: 'channel', description: 'Called by server code, including the Call Flow block' },
];

const SYSTEM_ROLE_NAMES = new Set(SYSTEM_ROLES.map((role) => role.name.toLowerCase()));

/**
 * Whether the name is a system role's, in any case. Backendless compares role names case-sensitively,
 * but a custom role named like a system role in another case would read as that system role, so it is
 * refused (and never taken for a custom role).
 */
export function isSystemRole(name: string): boolean {
  return SYSTEM_ROLE_NAMES.has(name.toLowerCase());
}

/** The system role every logged-in user holds; a user row inherits through it. */
export const AUTHENTICATED_ROLE = 'AuthenticatedUser';
export const ANONYMOUS_ROLE = 'NonAuthenticatedUser';
