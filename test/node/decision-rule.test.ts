import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callerFor } from '../../domain/caller';
import { decide, type Caller, type PermissionLookup } from '../../domain/decision';
import { traceDecision } from '../../domain/trace';

type Value = 'grant' | 'deny';

/** A permission table as an administrator would fill it in: explicit values per user and role, and app-wide ones. */
interface Table {
  users: Partial<Record<string, Value>>;
  roles: Partial<Record<string, Value>>;
  appWide: Partial<Record<string, Value>>;
}

function lookupOf(table: Table): PermissionLookup {
  return {
    userValue: (id) => table.users[id],
    roleValue: (role) => table.roles[role],
    appWideValue: (role) => table.appWide[role],
  };
}

/**
 * The README's "How a decision is made", written again from the text and on purpose not like `decide`: collect each level's
 * values, then take the first level that has any, where a deny among them wins.
 */
function reference(caller: Caller, table: Table): { value: Value; level: string } {
  const levels: [string, (Value | undefined)[]][] = [
    ['user', caller.userId === null ? [] : [table.users[caller.userId]]],
    ['customRole', caller.customRoles.map((role) => table.roles[role])],
    ['systemRole', caller.systemRoles.map((role) => table.roles[role])],
    ['appWideCustomRole', caller.customRoles.map((role) => table.appWide[role])],
    ['appWideSystemRole', caller.systemRoles.map((role) => table.appWide[role])],
  ];
  for (const [level, found] of levels) {
    const set = found.filter((value): value is Value => value !== undefined);
    if (set.length > 0) return { value: set.includes('deny') ? 'deny' : 'grant', level };
  }
  return { value: 'grant', level: 'default' };
}

const USERS = ['u1', 'u2'];
const CUSTOM = ['Manager', 'Sales', 'Support', 'Contractor'];
const SYSTEM = ['NonAuthenticatedUser', 'AuthenticatedUser', 'SocialUser', 'GuestUser', 'RestUser', 'JSUser', 'ServerCodeUser'];

const value = fc.option(fc.constantFrom<Value>('grant', 'deny'), { nil: undefined });
const valuesFor = (keys: readonly string[]) =>
  fc.tuple(...keys.map(() => value)).map((values) => Object.fromEntries(keys.map((key, index) => [key, values[index]])));

const tables: fc.Arbitrary<Table> = fc.record({
  users: valuesFor(USERS),
  roles: valuesFor([...CUSTOM, ...SYSTEM]),
  appWide: valuesFor([...CUSTOM, ...SYSTEM]),
});
const callers: fc.Arbitrary<Caller> = fc.record({
  userId: fc.constantFrom(null, ...USERS),
  customRoles: fc.subarray(CUSTOM),
  systemRoles: fc.subarray(SYSTEM),
});

describe("decide, against a reference written from the README's rule", () => {
  it('gives the same value and deciding level for any table and caller', () => {
    fc.assert(
      fc.property(tables, callers, (table, caller) => {
        const decision = decide(caller, lookupOf(table));
        expect({ value: decision.value, level: decision.level }).toEqual(reference(caller, table));
      }),
      { numRuns: 2000 },
    );
  });

  it('names a role the caller holds, whose value on the deciding level is the decision', () => {
    fc.assert(
      fc.property(tables, callers, (table, caller) => {
        const decision = decide(caller, lookupOf(table));
        if (decision.level === 'user' || decision.level === 'default') {
          expect(decision.role).toBeUndefined();
          return;
        }
        const role = decision.role ?? '';
        const custom = decision.level === 'customRole' || decision.level === 'appWideCustomRole';
        expect(custom ? caller.customRoles : caller.systemRoles).toContain(role);
        const appWide = decision.level === 'appWideCustomRole' || decision.level === 'appWideSystemRole';
        const found = appWide ? table.appWide[role] : table.roles[role];
        expect(found).toBe(decision.value);
      }),
      { numRuns: 1000 },
    );
  });

  it('never lets a value of a principal the caller does not hold change the decision', () => {
    fc.assert(
      fc.property(
        tables,
        callers,
        fc.constantFrom(...CUSTOM, ...SYSTEM),
        fc.constantFrom<Value>('grant', 'deny'),
        (table, caller, role, extra) => {
          fc.pre(!caller.customRoles.includes(role) && !caller.systemRoles.includes(role));
          const changed: Table = {
            ...table,
            roles: { ...table.roles, [role]: extra },
            appWide: { ...table.appWide, [role]: extra },
          };
          expect(decide(caller, lookupOf(changed))).toEqual(decide(caller, lookupOf(table)));
        },
      ),
    );
  });
});

describe('traceDecision', () => {
  it('decides as decide does and shows why: nothing above the deciding level, the decider on it', () => {
    fc.assert(
      fc.property(tables, callers, (table, caller) => {
        const lookup = lookupOf(table);
        const { decision, levels } = traceDecision(caller, lookup);
        expect(decision).toEqual(decide(caller, lookup));
        expect(levels.map((level) => level.level)).toEqual([
          'user',
          'customRole',
          'systemRole',
          'appWideCustomRole',
          'appWideSystemRole',
          'default',
        ]);
        const decidedAt = levels.findIndex((level) => level.outcome === 'decided');
        expect(levels[decidedAt]?.level).toBe(decision.level);
        levels.slice(0, decidedAt).forEach((level) => {
          expect(level.outcome).toBe('noValue');
          expect(level.entries.every((entry) => entry.value === null)).toBe(true);
        });
        levels.slice(decidedAt + 1).forEach((level) => expect(level.outcome).toBe('notReached'));
        const deciding = levels[decidedAt]?.entries ?? [];
        if (decision.level === 'user') expect(deciding).toEqual([{ principal: caller.userId, value: decision.value }]);
        if (decision.role) expect(deciding).toContainEqual({ principal: decision.role, value: decision.value });
        if (decision.value === 'grant') expect(deciding.some((entry) => entry.value === 'deny')).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("the examples of the README's rule", () => {
  const ana = { userId: 'ana', roles: ['Manager', 'Sales'], login: 'password' } as const;
  const empty: Table = { users: {}, roles: {}, appWide: {} };
  const decideFor = (caller: Caller, table: Partial<Table>) => decide(caller, lookupOf({ ...empty, ...table }));

  it('grants every user and role by default', () => {
    expect(decideFor(callerFor(null, 'REST'), {})).toEqual({ value: 'grant', level: 'default' });
    expect(decideFor(callerFor(ana, 'JS'), {})).toEqual({ value: 'grant', level: 'default' });
  });

  it('gives a browser app with nobody logged in NonAuthenticatedUser + JSUser', () => {
    expect(callerFor(null, 'JS')).toEqual({ userId: null, customRoles: [], systemRoles: ['NonAuthenticatedUser', 'JSUser'] });
  });

  it('lets only logged-in users start a flow that denies NonAuthenticatedUser', () => {
    const table = { roles: { NonAuthenticatedUser: 'deny' as const } };
    expect(decideFor(callerFor(null, 'JS'), table)).toEqual({ value: 'deny', level: 'systemRole', role: 'NonAuthenticatedUser' });
    expect(decideFor(callerFor(ana, 'JS'), table).value).toBe('grant');
  });

  it('gives server code with no user ServerCodeUser only, so that deny does not refuse a Call Flow with session source None', () => {
    expect(callerFor(null, 'ServerCode')).toEqual({ userId: null, customRoles: [], systemRoles: ['ServerCodeUser'] });
    expect(decideFor(callerFor(null, 'ServerCode'), { roles: { NonAuthenticatedUser: 'deny' } }).value).toBe('grant');
  });

  it("gives server code with a session user that user's roles plus ServerCodeUser", () => {
    expect(callerFor(ana, 'ServerCode')).toEqual({
      userId: 'ana',
      customRoles: ['Manager', 'Sales'],
      systemRoles: ['AuthenticatedUser', 'ServerCodeUser'],
    });
    expect(decideFor(callerFor(ana, 'ServerCode'), { roles: { Sales: 'deny' } }).value).toBe('deny');
  });

  it('adds the social roles of a social login', () => {
    expect(callerFor({ ...ana, login: 'facebook' }, 'IOS').systemRoles).toEqual([
      'AuthenticatedUser',
      'SocialUser',
      'FacebookUser',
      'IOSUser',
    ]);
  });

  it('decides user, then custom roles, then system roles, then app-wide: the most specific level with a value', () => {
    const caller = callerFor(ana, 'JS');
    expect(decideFor(caller, { users: { ana: 'grant' }, roles: { Manager: 'deny', JSUser: 'deny' } })).toEqual({
      value: 'grant',
      level: 'user',
    });
    expect(decideFor(caller, { roles: { Sales: 'grant', AuthenticatedUser: 'deny' } })).toMatchObject({
      value: 'grant',
      level: 'customRole',
    });
    expect(decideFor(caller, { roles: { JSUser: 'deny' }, appWide: { Manager: 'grant' } })).toMatchObject({
      value: 'deny',
      level: 'systemRole',
    });
    expect(decideFor(caller, { appWide: { Sales: 'deny' } })).toEqual({
      value: 'deny',
      level: 'appWideCustomRole',
      role: 'Sales',
    });
  });

  it("decides app-wide by the caller's custom roles before its system roles", () => {
    const caller = callerFor(ana, 'JS');
    expect(decideFor(caller, { appWide: { Sales: 'grant', JSUser: 'deny' } })).toEqual({
      value: 'grant',
      level: 'appWideCustomRole',
      role: 'Sales',
    });
    expect(decideFor(caller, { appWide: { JSUser: 'deny', AuthenticatedUser: 'grant' } })).toEqual({
      value: 'deny',
      level: 'appWideSystemRole',
      role: 'JSUser',
    });
  });

  it('makes a deny win among the roles of one level', () => {
    expect(decideFor(callerFor(ana, 'JS'), { roles: { Manager: 'grant', Sales: 'deny' } })).toEqual({
      value: 'deny',
      level: 'customRole',
      role: 'Sales',
    });
  });

  it('denies a user in a denied role, naming the role', () => {
    expect(decideFor(callerFor(ana, 'REST'), { roles: { Manager: 'deny' } })).toEqual({
      value: 'deny',
      level: 'customRole',
      role: 'Manager',
    });
  });
});
