import { describe, expect, it } from 'vitest';
import { exposureOf, exposureWarning, type ExposureInput, type FlowExposure } from './exposure';
import { nextValue, type PermissionValue } from './permission';

const input = (flow: Record<string, PermissionValue>, extra: Partial<ExposureInput> = {}): ExposureInput => ({
  roleValue: (role) => flow[role],
  appWideValue: () => undefined,
  heldCustomRoles: ['Manager'],
  userGrants: 0,
  ...extra,
});

describe('exposureOf', () => {
  it('is open to everyone by default', () => {
    expect(exposureOf(input({}))).toEqual({ anonymous: 'all', startable: true });
  });

  it('sees that denying NonAuthenticatedUser closes the flow to anonymous callers only', () => {
    expect(exposureOf(input({ NonAuthenticatedUser: 'deny' }))).toEqual({ anonymous: 'none', startable: true });
  });

  it('sees a channel-only restriction as partial', () => {
    expect(exposureOf(input({ JSUser: 'deny' })).anonymous).toBe('some');
  });

  it('sees a flow nobody can start', () => {
    const closed = { NonAuthenticatedUser: 'deny', AuthenticatedUser: 'deny', ServerCodeUser: 'deny' } as const;
    expect(exposureOf(input(closed)).startable).toBe(false);
    expect(exposureOf(input({ ...closed, Manager: 'grant' })).startable).toBe(true);
    expect(exposureOf(input(closed, { userGrants: 1 })).startable).toBe(true);
    expect(exposureOf(input({ ...closed, Manager: 'grant' }, { heldCustomRoles: [] })).startable).toBe(false);
  });

  it('uses app-wide values where the flow sets nothing', () => {
    expect(
      exposureOf(input({}, { appWideValue: (role) => (role === 'NonAuthenticatedUser' ? 'deny' : undefined) })).anonymous,
    ).toBe('none');
  });
});

describe('exposureWarning', () => {
  it('warns when the last way in closes, or when a restricted flow opens to all anonymous callers', () => {
    expect(exposureWarning({ anonymous: 'none', startable: true }, { anonymous: 'none', startable: false })).toBe('nobody');
    expect(exposureWarning({ anonymous: 'none', startable: true }, { anonymous: 'all', startable: true })).toBe(
      'openedToAnonymous',
    );
    expect(exposureWarning({ anonymous: 'some', startable: true }, { anonymous: 'all', startable: true })).toBe(
      'openedToAnonymous',
    );
    expect(exposureWarning({ anonymous: 'all', startable: true }, { anonymous: 'all', startable: true })).toBeNull();
    expect(exposureWarning({ anonymous: 'all', startable: true }, { anonymous: 'none', startable: true })).toBeNull();
  });
});

/**
 * The guard rail click by click, as an administrator closes every way into a flow that sets nothing
 * (the demo's Generate Monthly Invoices: every custom role held, no user granted, no app-wide value).
 * Each click takes a row one step round the cycle and is compared with the picture before it.
 */
describe('closing every way in, one click at a time', () => {
  const CUSTOM = ['Manager', 'Sales', 'Support', 'Finance', 'Contractor', 'Auditor'];
  const SYSTEM = ['NonAuthenticatedUser', 'ServerCodeUser', 'AuthenticatedUser'];
  const WAYS_IN = [...CUSTOM, ...SYSTEM];

  /** Every click of denying `roles` in order (inherited → granted → denied), with the warning each one gets. */
  function walk(roles: readonly string[], start: Record<string, PermissionValue> = {}) {
    const values: Record<string, PermissionValue | undefined> = { ...start };
    const exposure = () => exposureOf(input({ ...values } as Record<string, PermissionValue>, { heldCustomRoles: CUSTOM }));
    const steps: {
      role: string;
      to: PermissionValue | null;
      warning: ReturnType<typeof exposureWarning>;
      after: FlowExposure;
    }[] = [];
    for (const role of roles) {
      while (values[role] !== 'deny') {
        const before = exposure();
        const to = nextValue(values[role] ?? null);
        values[role] = to ?? undefined;
        const after = exposure();
        steps.push({ role, to, warning: exposureWarning(before, after), after });
      }
    }
    return { steps, values };
  }

  it('warns once, on the click that denies the last way in, and not on the 17 clicks before it', () => {
    const { steps } = walk(WAYS_IN);
    expect(steps.map(({ role, to, warning }) => [role, to, warning])).toEqual([
      ['Manager', 'grant', null],
      ['Manager', 'deny', null],
      ['Sales', 'grant', null],
      ['Sales', 'deny', null],
      ['Support', 'grant', null],
      ['Support', 'deny', null],
      ['Finance', 'grant', null],
      ['Finance', 'deny', null],
      ['Contractor', 'grant', null],
      ['Contractor', 'deny', null],
      ['Auditor', 'grant', null],
      ['Auditor', 'deny', null],
      ['NonAuthenticatedUser', 'grant', null],
      ['NonAuthenticatedUser', 'deny', null],
      ['ServerCodeUser', 'grant', null],
      ['ServerCodeUser', 'deny', null],
      ['AuthenticatedUser', 'grant', null],
      ['AuthenticatedUser', 'deny', 'nobody'],
    ]);
    expect(steps.at(-1)?.after).toEqual({ anonymous: 'none', startable: false });
  });

  it('Undo of the last click (AuthenticatedUser back to granted) makes the flow startable again, with no warning', () => {
    const { values } = walk(WAYS_IN);
    const shut = exposureOf(input(values as Record<string, PermissionValue>, { heldCustomRoles: CUSTOM }));
    const undone = exposureOf(
      input({ ...(values as Record<string, PermissionValue>), AuthenticatedUser: 'grant' }, { heldCustomRoles: CUSTOM }),
    );
    expect(undone.startable).toBe(true);
    expect(exposureWarning(shut, undone)).toBeNull();
  });

  // A custom role left inherited is no way in once AuthenticatedUser is denied: only an explicit grant
  // is. So when a custom role is closed last, the flow shuts on AuthenticatedUser's deny, opens again
  // on that role's grant, and shuts again on its deny.
  it.each([
    { last: 'NonAuthenticatedUser', warned: [['NonAuthenticatedUser', 'deny']] },
    { last: 'ServerCodeUser', warned: [['ServerCodeUser', 'deny']] },
    { last: 'AuthenticatedUser', warned: [['AuthenticatedUser', 'deny']] },
    ...CUSTOM.map((last) => ({
      last,
      warned: [
        ['AuthenticatedUser', 'deny'],
        [last, 'deny'],
      ],
    })),
  ])('closing $last last warns on exactly these clicks: $warned', ({ last, warned }) => {
    const { steps } = walk([...WAYS_IN.filter((role) => role !== last), last]);
    expect(steps.filter((step) => step.warning !== null).map(({ role, to, warning }) => [role, to, warning])).toEqual(
      warned.map(([role, to]) => [role, to, 'nobody']),
    );
    expect(steps.at(-1)?.after.startable).toBe(false);
  });

  it('a user granted on the flow keeps it startable through every click', () => {
    const values: Record<string, PermissionValue> = Object.fromEntries(WAYS_IN.map((role) => [role, 'deny']));
    expect(exposureOf(input(values, { heldCustomRoles: CUSTOM, userGrants: 1 })).startable).toBe(true);
  });
});
