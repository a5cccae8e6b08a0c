import { describe, expect, it } from 'vitest';
import { decide, explainDecision, type Caller, type PermissionLookup } from './decision';
import type { PermissionValue } from './permission';

function lookup(flow: Record<string, PermissionValue> = {}, appWide: Record<string, PermissionValue> = {}): PermissionLookup {
  return {
    userValue: (id) => flow[`user:${id}`],
    roleValue: (role) => flow[`role:${role}`],
    appWideValue: (role) => appWide[role],
  };
}

const ana: Caller = { userId: 'ana', customRoles: ['Manager', 'Sales'], systemRoles: ['AuthenticatedUser', 'JSUser'] };
const anonymous: Caller = { userId: null, customRoles: [], systemRoles: ['NonAuthenticatedUser', 'RestUser'] };

describe('decide', () => {
  it('grants by default when nothing is set', () => {
    expect(decide(ana, lookup())).toEqual({ value: 'grant', level: 'default' });
  });

  it("lets the user's own value decide before any role", () => {
    const table = lookup({ 'user:ana': 'grant', 'role:Manager': 'deny', 'role:AuthenticatedUser': 'deny' });
    expect(decide(ana, table)).toEqual({ value: 'grant', level: 'user' });
  });

  it('lets custom roles decide before system roles', () => {
    const table = lookup({ 'role:Sales': 'grant', 'role:AuthenticatedUser': 'deny' });
    expect(decide(ana, table)).toEqual({ value: 'grant', level: 'customRole', role: 'Sales' });
  });

  it('makes a deny win among the custom roles', () => {
    const table = lookup({ 'role:Manager': 'grant', 'role:Sales': 'deny' });
    expect(decide(ana, table)).toEqual({ value: 'deny', level: 'customRole', role: 'Sales' });
  });

  it('lets system roles decide before app-wide values, deny winning', () => {
    const table = lookup({ 'role:AuthenticatedUser': 'grant', 'role:JSUser': 'deny' }, { Manager: 'grant' });
    expect(decide(ana, table)).toEqual({ value: 'deny', level: 'systemRole', role: 'JSUser' });
  });

  it('falls back to app-wide values of the custom roles, then of the system roles, deny winning within each', () => {
    expect(decide(ana, lookup({}, { Manager: 'grant', JSUser: 'deny' }))).toEqual({
      value: 'grant',
      level: 'appWideCustomRole',
      role: 'Manager',
    });
    expect(decide(ana, lookup({}, { Manager: 'grant', Sales: 'deny' }))).toEqual({
      value: 'deny',
      level: 'appWideCustomRole',
      role: 'Sales',
    });
    expect(decide(ana, lookup({}, { AuthenticatedUser: 'grant', JSUser: 'deny' }))).toEqual({
      value: 'deny',
      level: 'appWideSystemRole',
      role: 'JSUser',
    });
    expect(decide(ana, lookup({}, { Sales: 'grant' }))).toEqual({ value: 'grant', level: 'appWideCustomRole', role: 'Sales' });
  });

  it('denies an anonymous caller when NonAuthenticatedUser is denied, and not a logged-in user', () => {
    const table = lookup({ 'role:NonAuthenticatedUser': 'deny' });
    expect(decide(anonymous, table).value).toBe('deny');
    expect(decide(ana, table).value).toBe('grant');
  });

  it('grants a user explicitly granted even when their role is denied', () => {
    expect(decide(ana, lookup({ 'role:Manager': 'deny', 'user:ana': 'grant' })).value).toBe('grant');
  });

  it('ignores the user level when there is no user', () => {
    expect(decide(anonymous, lookup({ 'user:null': 'deny' })).level).toBe('default');
  });
});

describe('explainDecision', () => {
  it('names the deciding role', () => {
    expect(explainDecision({ value: 'deny', level: 'customRole', role: 'Contractor' })).toBe(
      'denied by role Contractor on this flow',
    );
    expect(explainDecision({ value: 'grant', level: 'default' })).toMatch(/by default/);
    expect(explainDecision({ value: 'deny', level: 'appWideSystemRole', role: 'GuestUser' })).toBe(
      'denied app-wide for role GuestUser',
    );
  });
});
