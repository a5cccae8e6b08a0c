import { emailKeyOf, type AdminAccount, type AdminSession, type AuthStore } from './types';

/** Console accounts in memory, for tests; the real server keeps them in PostgreSQL. */
export function createMemoryAuthStore(): AuthStore {
  const admins = new Map<string, AdminAccount & { passwordHash: string }>();
  const sessions = new Map<string, AdminSession>();
  return {
    async findAdmin(email) {
      const found = admins.get(emailKeyOf(email));
      return found && { admin: { id: found.id, email: found.email }, passwordHash: found.passwordHash };
    },
    async saveAdmin({ id, email, passwordHash }) {
      const existing = admins.get(emailKeyOf(email));
      const saved = { id: existing?.id ?? id, email: existing?.email ?? email.trim(), passwordHash };
      admins.set(emailKeyOf(email), saved);
      if (existing) for (const [hash, session] of sessions) if (session.adminId === saved.id) sessions.delete(hash);
      return { id: saved.id, email: saved.email };
    },
    async createAdminSession(session) {
      for (const [hash, other] of sessions) if (other.expiresAt < session.createdAt) sessions.delete(hash);
      sessions.set(session.tokenHash, session);
    },
    async findAdminSession(tokenHash, now) {
      const session = sessions.get(tokenHash);
      if (!session || Date.parse(session.expiresAt) <= now.getTime()) return undefined;
      const admin = [...admins.values()].find((candidate) => candidate.id === session.adminId);
      return admin && { admin: { id: admin.id, email: admin.email }, expiresAt: session.expiresAt };
    },
    async deleteAdminSession(tokenHash) {
      sessions.delete(tokenHash);
    },
  };
}
