import type { RegisteredUser, StoreDelta } from '../server/store/memory/memory-store';
import type { CustomRole } from '../server/directory/directory-store';

/**
 * Demo only (`?hostile=1`): names that try to break the console — markup, right-to-left text, emoji and
 * a 500-character name. They must render as text and keep the layout. Their emails all contain
 * "hostile", so searching for it lists them.
 */
export const HOSTILE_ROLE: CustomRole = { name: '<i>Night shift</i> 🌙', description: 'نوبة الليل — <b>not bold</b>' };

const LONG_NAME = `Hubert ${'Wolfeschlegelsteinhausenbergerdorff '.repeat(14)}`.slice(0, 500);

export const HOSTILE_USERS: readonly RegisteredUser[] = [
  { name: '<img src=x onerror="window.__hostile=1">Mallory', email: 'mallory.hostile@example.test' },
  { name: '<script>window.__hostile=2</script>Eve', email: 'eve.hostile@example.test' },
  { name: 'מרים כהן (מנהלת) — مريم', email: 'rtl.hostile@example.test' },
  { name: '🦄 Zoë 👩🏽‍💻 O’Brien 🎉', email: 'emoji.hostile@example.test' },
  { name: LONG_NAME, email: 'long.hostile@example.test' },
  { name: null, email: '"><svg onload=alert(1)>@hostile.example.test' },
].map((user, index) => ({
  id: `u_hostile_${index + 1}`,
  roles: index === 0 ? [HOSTILE_ROLE.name] : [],
  passwordHash: '',
  ...user,
}));

/** The saved delta plus the hostile users and role (once, whatever the delta holds already). */
export function withHostileUsers(delta: Partial<StoreDelta> = {}): Partial<StoreDelta> {
  const ids = new Set(HOSTILE_USERS.map((user) => user.id));
  return {
    ...delta,
    users: [...(delta.users ?? []).filter((user) => !ids.has(user.id)), ...HOSTILE_USERS],
    createdRoles: [...(delta.createdRoles ?? []).filter((role) => role.name !== HOSTILE_ROLE.name), HOSTILE_ROLE],
  };
}
