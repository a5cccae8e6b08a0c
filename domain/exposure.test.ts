import { describe, expect, it } from 'vitest';
import { exposureOf, exposureWarning, type ExposureInput } from './exposure';
import type { PermissionValue } from './permission';

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
    expect(exposureOf(input({}, { appWideValue: (role) => (role === 'NonAuthenticatedUser' ? 'deny' : undefined) })).anonymous).toBe('none');
  });
});

describe('exposureWarning', () => {
  it('warns when the last way in closes, or when a restricted flow opens to all anonymous callers', () => {
    expect(exposureWarning({ anonymous: 'none', startable: true }, { anonymous: 'none', startable: false })).toBe('nobody');
    expect(exposureWarning({ anonymous: 'none', startable: true }, { anonymous: 'all', startable: true })).toBe('openedToAnonymous');
    expect(exposureWarning({ anonymous: 'some', startable: true }, { anonymous: 'all', startable: true })).toBe('openedToAnonymous');
    expect(exposureWarning({ anonymous: 'all', startable: true }, { anonymous: 'all', startable: true })).toBeNull();
    expect(exposureWarning({ anonymous: 'all', startable: true }, { anonymous: 'none', startable: true })).toBeNull();
  });
});
