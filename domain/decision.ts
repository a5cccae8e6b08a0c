import type { PermissionValue } from './permission';

/** Who is asking: the user (if any), their custom roles, and the system roles of the request. */
export interface Caller {
  readonly userId: string | null;
  readonly customRoles: readonly string[];
  readonly systemRoles: readonly string[];
}

/** Where explicit values come from; `undefined` means nothing is set. */
export interface PermissionLookup {
  userValue(userId: string): PermissionValue | undefined;
  roleValue(role: string): PermissionValue | undefined;
  appWideValue(role: string): PermissionValue | undefined;
}

/** The levels of the rule, most specific first. */
export const DECISION_LEVELS = ['user', 'customRole', 'systemRole', 'appWideCustomRole', 'appWideSystemRole', 'default'] as const;
export type DecisionLevel = (typeof DECISION_LEVELS)[number];

/** The levels a row can inherit from: every level but its own (the user's) explicit value. */
export const INHERITED_LEVELS = [
  'customRole',
  'systemRole',
  'appWideCustomRole',
  'appWideSystemRole',
  'default',
] as const satisfies readonly DecisionLevel[];

export interface Decision {
  readonly value: PermissionValue;
  readonly level: DecisionLevel;
  /** The role whose value decided, for the role levels. */
  readonly role?: string;
}

type RoleLevel = Exclude<DecisionLevel, 'user' | 'default'>;

/** Within one level, any deny wins; else any grant; else the level says nothing. */
function decideAmong(roles: readonly string[], lookup: PermissionLookup, level: RoleLevel): Decision | undefined {
  // No closure per level: the runtime decides at every activation.
  const appWide = level === 'appWideCustomRole' || level === 'appWideSystemRole';
  let granted: string | undefined;
  for (const role of roles) {
    const value = appWide ? lookup.appWideValue(role) : lookup.roleValue(role);
    if (value === 'deny') return { value, level, role };
    if (value === 'grant') granted ??= role;
  }
  return granted === undefined ? undefined : { value: 'grant', level, role: granted };
}

const GRANTED_BY_DEFAULT: Decision = Object.freeze({ value: 'grant', level: 'default' });

/**
 * The decision rule (README, "How a decision is made"): the most specific level with an explicit value decides
 * (user, custom roles, system roles, app-wide custom roles, app-wide system roles), deny wins within a level, and the default grants.
 */
export function decide(caller: Caller, lookup: PermissionLookup): Decision {
  if (caller.userId !== null) {
    const own = lookup.userValue(caller.userId);
    if (own !== undefined) return { value: own, level: 'user' };
  }
  return (
    decideAmong(caller.customRoles, lookup, 'customRole') ??
    decideAmong(caller.systemRoles, lookup, 'systemRole') ??
    decideAmong(caller.customRoles, lookup, 'appWideCustomRole') ??
    decideAmong(caller.systemRoles, lookup, 'appWideSystemRole') ??
    GRANTED_BY_DEFAULT
  );
}

/** A sentence for a tooltip: why a row has the value it has. */
export function explainDecision(decision: Decision): string {
  const verb = decision.value === 'grant' ? 'granted' : 'denied';
  switch (decision.level) {
    case 'user':
      return `${verb} for this user on this flow`;
    case 'customRole':
    case 'systemRole':
      return `${verb} by role ${decision.role ?? ''} on this flow`;
    case 'appWideCustomRole':
    case 'appWideSystemRole':
      return `${verb} app-wide for role ${decision.role ?? ''}`;
    case 'default':
      return 'granted by default (nothing is set)';
  }
}
