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

/** Within one level, any deny wins; else any grant; else the level says nothing. */
function decideAmong(
  roles: readonly string[],
  valueOf: (role: string) => PermissionValue | undefined,
): { value: PermissionValue; role: string } | undefined {
  let granted: string | undefined;
  for (const role of roles) {
    const value = valueOf(role);
    if (value === 'deny') return { value, role };
    if (value === 'grant') granted ??= role;
  }
  return granted === undefined ? undefined : { value: 'grant', role: granted };
}

/**
 * The decision rule (README, "How a decision is made"): the most specific level with an explicit value decides
 * (user, custom roles, system roles, app-wide custom roles, app-wide system roles), deny wins within a level, and the default grants.
 */
export function decide(caller: Caller, lookup: PermissionLookup): Decision {
  if (caller.userId !== null) {
    const own = lookup.userValue(caller.userId);
    if (own !== undefined) return { value: own, level: 'user' };
  }
  const custom = decideAmong(caller.customRoles, (role) => lookup.roleValue(role));
  if (custom) return { ...custom, level: 'customRole' };
  const system = decideAmong(caller.systemRoles, (role) => lookup.roleValue(role));
  if (system) return { ...system, level: 'systemRole' };
  const appWideCustom = decideAmong(caller.customRoles, (role) => lookup.appWideValue(role));
  if (appWideCustom) return { ...appWideCustom, level: 'appWideCustomRole' };
  const appWideSystem = decideAmong(caller.systemRoles, (role) => lookup.appWideValue(role));
  if (appWideSystem) return { ...appWideSystem, level: 'appWideSystemRole' };
  return { value: 'grant', level: 'default' };
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
