import { describe, expect, it } from 'vitest';
import { isSystemRole, SYSTEM_ROLES } from './roles';

describe('isSystemRole', () => {
  it('knows every system role, in any case, and no custom role', () => {
    for (const role of SYSTEM_ROLES) expect(isSystemRole(role.name)).toBe(true);
    expect(isSystemRole('restuser')).toBe(true);
    expect(isSystemRole('AUTHENTICATEDUSER')).toBe(true);
    expect(isSystemRole('Manager')).toBe(false);
    expect(isSystemRole('RestUsers')).toBe(false);
  });
});
