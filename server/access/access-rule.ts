import type { ActivationOutcome } from '../../contract/access';
import type { Identity, LoginMethod } from '../../domain/caller';
import type { PermissionValue } from '../../domain/permission';
import type { Caller, Decision, PermissionLookup } from '../../domain/decision';
import type { User } from '../directory/directory-store';
import type { Flow } from '../flows/flow-store';
import type { PermissionStore } from '../permissions/permission-store';
import type { KnownState } from '../runtime/decision-cache';
import { principalKey, rolePrincipal, type Principal } from '../store/types';

/** The user in a call's context as the decision rule sees them. */
export function identityOf(user: User | null, login: LoginMethod = 'password'): Identity | null {
  return user === null ? null : { userId: user.id, roles: user.roles, login };
}

/** Loads, in one store call, every explicit value the rule may consult for this caller on this flow. */
export async function permissionLookup(
  store: Pick<PermissionStore, 'getValues' | 'getAppWideValues'>,
  flowId: string,
  caller: Caller,
): Promise<PermissionLookup> {
  // Every activation passes here: the roles' principals and keys are shared (`rolePrincipal`).
  const principals: Principal[] = [];
  for (const name of caller.customRoles) principals.push(rolePrincipal(name));
  for (const name of caller.systemRoles) principals.push(rolePrincipal(name));
  if (caller.userId !== null) principals.push({ kind: 'user', id: caller.userId });
  const [values, appWide] = await Promise.all([store.getValues(flowId, principals), store.getAppWideValues()]);
  return new StoredValues(values, appWide);
}

/**
 * The same lookup from what the decision cache holds now, without a promise, when it holds every value
 * the rule may consult for this caller (else `undefined`: load them with `permissionLookup`).
 */
export function knownLookup(known: KnownState, flowId: string, caller: Caller): PermissionLookup | undefined {
  const appWide = known.appWideValues();
  const values = known.values(flowId);
  if (!appWide || !values) return undefined;
  for (const name of caller.customRoles) if (!values.has(principalKey(rolePrincipal(name)))) return undefined;
  for (const name of caller.systemRoles) if (!values.has(principalKey(rolePrincipal(name)))) return undefined;
  if (caller.userId !== null && !values.has(principalKey({ kind: 'user', id: caller.userId }))) return undefined;
  return new StoredValues(values, appWide);
}

/** One object per decision (no closures): every activation makes one. `null` is a value known to be absent. */
class StoredValues implements PermissionLookup {
  constructor(
    private readonly values: ReadonlyMap<string, PermissionValue | null>,
    private readonly appWide: ReadonlyMap<string, PermissionValue>,
  ) {}
  userValue(id: string) {
    return this.values.get(principalKey({ kind: 'user', id })) ?? undefined;
  }
  roleValue(name: string) {
    return this.values.get(principalKey(rolePrincipal(name))) ?? undefined;
  }
  appWideValue(role: string) {
    return this.appWide.get(role);
  }
}

/**
 * What the runtime answers: a denied caller is refused before anything else about the flow is said,
 * so only an allowed caller learns that the flow is not LIVE.
 */
export function outcomeOf(decision: Decision, flow: Flow): ActivationOutcome {
  if (decision.value === 'deny') return 'denied';
  return flow.status === 'LIVE' ? 'started' : 'notLive';
}
