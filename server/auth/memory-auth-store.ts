import { emailKeyOf, type AdminAccount, type AdminSession, type ApiToken, type AuthStore } from './types';

/** Console accounts in memory, for tests; the real server keeps them in PostgreSQL. */
export function createMemoryAuthStore(): AuthStore {
  const admins = new Map<string, AdminAccount & { passwordHash: string }>();
  const sessions = new Map<string, AdminSession>();
  const tokens: (ApiToken & { tokenHash: string })[] = [];
  const publicOf = ({ tokenHash: _tokenHash, ...token }: ApiToken & { tokenHash: string }): ApiToken => token;
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
    async createApiToken(token) {
      tokens.unshift({ ...token });
    },
    async listApiTokens() {
      return tokens.map(publicOf);
    },
    async findApiToken(tokenHash, now) {
      const token = tokens.find((candidate) => candidate.tokenHash === tokenHash);
      if (!token || token.revokedAt !== null) return undefined;
      if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now.getTime()) return undefined;
      return publicOf(token);
    },
    async revokeApiToken(id, at) {
      const index = tokens.findIndex((token) => token.id === id && token.revokedAt === null);
      const token = tokens[index];
      if (!token) return false;
      tokens[index] = { ...token, revokedAt: at };
      return true;
    },
  };
}
