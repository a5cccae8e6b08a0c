import type { PasswordHasher } from './password-hasher';
import type { AdminAccount, AuthStore } from './types';

export interface EnsuredAdmin {
  readonly admin: AdminAccount;
  /** What happened at this start: the account was made, its password set, or left as it was. */
  readonly action: 'created' | 'updated' | 'unchanged';
  /** Only when no password was given and the account is new: to print once, never stored. */
  readonly generatedPassword?: string;
}

function generatePassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/**
 * The administrator account of ADMIN_EMAIL/ADMIN_PASSWORD, made or updated at start. With no password
 * an existing account is left alone, and a new one gets a generated password for the caller to print.
 * A changed password ends the account's sessions.
 */
export async function ensureAdmin(options: {
  authStore: AuthStore;
  hasher: PasswordHasher;
  email: string;
  password: string | undefined;
  newId: () => string;
}): Promise<EnsuredAdmin> {
  const { authStore, hasher, email, password, newId } = options;
  const existing = await authStore.findAdmin(email);
  if (existing && (password === undefined || (await hasher.verify(password, existing.passwordHash)))) {
    return { admin: existing.admin, action: 'unchanged' };
  }
  const chosen = password ?? generatePassword();
  const admin = await authStore.saveAdmin({ id: newId(), email, passwordHash: await hasher.hash(chosen) });
  return {
    admin,
    action: existing ? 'updated' : 'created',
    ...(password === undefined ? { generatedPassword: chosen } : {}),
  };
}
