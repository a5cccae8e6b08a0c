import type { PermissionValue } from '../../../domain/permission';
import { emailKeyOf, type ApiToken, type AuthStore } from '../../auth/types';
import type { Activation } from '../../access/activation-store';
import type { AccessTest } from '../../access/access-test-store';
import type { RoleSetCount, User } from '../../directory/directory-store';
import type { Flow, FlowStatus } from '../../flows/flow-store';
import type { PermissionChange, ValueVersion, WriteOutcome } from '../../permissions/permission-store';
import type { Session } from '../../runtime/app-user-store';
import type { Store } from '../store';
import { principalKey, StoreConflictError, type Page, type Principal } from '../types';
import { randomId, type NewId } from '../../platform/ids';
import { applyBatch } from './pg-batch';
import { createPgAudit } from '../../audit/pg-audit';
import { recountRoleSets } from '../../migrations/017-role-set-counts';
import { createPgImpact } from '../../impact/pg-impact';
import { sqlStateOf, UNIQUE_VIOLATION, type Queryable, type Sql } from '../../node/db/sql';
import { insertActivations } from './pg-activations';
import { setUserValuesAtOnce, setValueAtOnce, setValueAuditedAtOnce } from './pg-set-value';

/** Activations kept per flow; older ones are pruned now and then. */
export const ACTIVATIONS_KEPT_PER_FLOW = 1000;
const PRUNE_EVERY = 100;

interface UserRow {
  id: string;
  name: string | null;
  email: string;
  roles: string[] | null;
}

const FLOW_COLUMNS = 'id, name, description, color, status';
// A user's custom roles, in the order of the roles list.
const USER_COLUMNS = `u.id, u.name, u.email, array(
  SELECT ur.role FROM user_roles ur JOIN custom_roles r ON r.name = ur.role WHERE ur.user_id = u.id ORDER BY r.seq
) AS roles`;
/** `$1` as a LIKE pattern that finds it anywhere, folded, with its `\`, `%` and `_` taken as themselves. */
const CONTAINS_SEARCH = `'%' || replace(replace(replace(lower($1), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;

/**
 * Case-insensitive substring match on the given columns; `$1` is the search text, '' matches all. A LIKE
 * on `lower(coalesce(column, ''))`, the expression of the users' trigram indexes (migration 019), so a
 * search of the users reads the index, not every user.
 */
const searchOn = (...columns: string[]) =>
  `($1 = '' OR ${columns.map((column) => `lower(coalesce(${column}, '')) LIKE ${CONTAINS_SEARCH}`).join(' OR ')})`;

interface HistoryRow {
  id: string;
  flow_id: string;
  principal: string;
  principal_name: string;
  from_value: PermissionValue | null;
  to_value: PermissionValue | null;
  changed_by: string;
  changed_at: unknown;
  version: number;
  write_id: string | null;
  change_set_id: string | null;
}

const HISTORY_COLUMNS =
  'id, flow_id, principal, principal_name, from_value, to_value, changed_by, changed_at, version, write_id, change_set_id';

/** `user:<id>` or `role:<name>` back into a principal. */
function principalOf(key: string): Principal {
  return key.startsWith('user:')
    ? { kind: 'user', id: key.slice('user:'.length) }
    : { kind: 'role', name: key.slice('role:'.length) };
}

const changeOf = (row: HistoryRow): PermissionChange => ({
  id: row.id,
  flowId: row.flow_id,
  principal: principalOf(row.principal),
  principalName: row.principal_name,
  from: row.from_value,
  to: row.to_value,
  by: row.changed_by,
  at: toIso(row.changed_at),
  version: row.version,
  writeId: row.write_id,
  changeSetId: row.change_set_id,
});

interface ApiTokenRow {
  id: string;
  name: string;
  access: ApiToken['access'];
  created_by: string;
  created_at: unknown;
  expires_at: unknown;
  revoked_at: unknown;
}
const API_TOKEN_COLUMNS = 'id, name, access, created_by, created_at, expires_at, revoked_at';
const apiTokenOf = (row: ApiTokenRow): ApiToken => ({
  id: row.id,
  name: row.name,
  access: row.access,
  createdBy: row.created_by,
  createdAt: toIso(row.created_at),
  expiresAt: row.expires_at == null ? null : toIso(row.expires_at),
  revokedAt: row.revoked_at == null ? null : toIso(row.revoked_at),
});

const userOf = (row: UserRow): User => ({ id: row.id, name: row.name, email: row.email, roles: row.roles ?? [] });

const toIso = (value: unknown) => (value instanceof Date ? value : new Date(String(value))).toISOString();

/** Turns a unique violation into the store's conflict error; anything else goes on. */
async function unique<T>(work: Promise<T>, message: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (sqlStateOf(error) === UNIQUE_VIOLATION) throw new StoreConflictError(message);
    throw error;
  }
}

async function count(db: Queryable, text: string, params: readonly unknown[]): Promise<number> {
  const [row] = await db.query<{ total: number }>(text, params);
  return row?.total ?? 0;
}

/**
 * The Store contract over PostgreSQL: embedded (PGlite) or a server (`pg`). It holds no state of its
 * own, so any number of server instances can share one database. Also the console's AuthStore.
 */
export interface PgStoreOptions {
  /** Ids of new users and history entries. */
  newId?: NewId;
}

/*
 * Who-can-start summaries need how many users hold each set of custom roles. Counting 100,000 users by
 * role set takes PGlite a few hundred milliseconds, so `role_set_counts` keeps the counts: each change of
 * a user's roles moves that one user from a set to another in its own transaction.
 */
/** The user's custom roles as the key of `role_set_counts`: sorted by name, `{}` for none. */
const roleSetOf = async (db: Queryable, userId: string) =>
  (
    await db.query<{ roles: string[] }>('SELECT array(SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role) AS roles', [
      userId,
    ])
  )[0]?.roles ?? [];

/**
 * One user moves from one role set to another (`from` null: a new user). Both rows in one statement,
 * in the sets' order, so that two changes that cross take the rows' locks in the same order.
 */
async function moveRoleSet(db: Queryable, from: readonly string[] | null, to: readonly string[]): Promise<void> {
  if (from !== null && from.length === to.length && from.every((role, index) => role === to[index])) return;
  const moved = from === null ? 'VALUES ($1::text[], 1)' : 'VALUES ($1::text[], 1), ($2::text[], -1)';
  await db.query(
    `INSERT INTO role_set_counts (roles, users)
     SELECT roles, delta FROM (${moved}) AS moved(roles, delta) ORDER BY roles
     ON CONFLICT (roles) DO UPDATE SET users = role_set_counts.users + excluded.users`,
    from === null ? [[...to]] : [[...to], [...from]],
  );
}

export function createPgStore(sql: Sql, { newId = randomId }: PgStoreOptions = {}): Store & AuthStore {
  const getUser = async (db: Queryable, userId: string) => {
    const [row] = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [userId]);
    return row && userOf(row);
  };

  return {
    ...createPgAudit(sql, (inTransaction) => createPgStore(inTransaction, { newId })),
    ...createPgImpact(sql),
    async listFlows({ search, offset, limit }) {
      const where = searchOn('name', 'description');
      const [items, total] = await Promise.all([
        sql.query<Flow>(`SELECT ${FLOW_COLUMNS} FROM flows WHERE ${where} ORDER BY seq LIMIT $2 OFFSET $3`, [
          search,
          limit,
          offset,
        ]),
        count(sql, `SELECT count(*)::int AS total FROM flows WHERE ${where}`, [search]),
      ]);
      return { items, total, offset };
    },
    async getFlow(flowId) {
      const [flow] = await sql.query<Flow>(`SELECT ${FLOW_COLUMNS} FROM flows WHERE id = $1`, [flowId]);
      return flow;
    },
    async findFlowByName(name) {
      const [flow] = await sql.query<Flow>(`SELECT ${FLOW_COLUMNS} FROM flows WHERE name = $1`, [name]);
      return flow;
    },
    async createFlow(flow) {
      await unique(
        sql.query('INSERT INTO flows (id, name, description, color, status) VALUES ($1, $2, $3, $4, $5)', [
          flow.id,
          flow.name,
          flow.description,
          flow.color,
          flow.status,
        ]),
        `A flow named "${flow.name}" already exists`,
      );
      return { ...flow };
    },
    async setFlowStatus(flowId, status: FlowStatus) {
      const [flow] = await sql.query<Flow>(`UPDATE flows SET status = $2 WHERE id = $1 RETURNING ${FLOW_COLUMNS}`, [
        flowId,
        status,
      ]);
      return flow;
    },
    async renameFlow(flowId, name) {
      const [flow] = await unique(
        sql.query<Flow>(`UPDATE flows SET name = $2 WHERE id = $1 RETURNING ${FLOW_COLUMNS}`, [flowId, name]),
        `A flow named "${name}" already exists`,
      );
      return flow;
    },
    async deleteFlow(flowId) {
      // The LIVE check is the delete's own condition: a flow that turns LIVE meanwhile stays.
      const deleted = await sql.query("DELETE FROM flows WHERE id = $1 AND status <> 'LIVE' RETURNING id", [flowId]);
      if (deleted.length > 0) return true;
      const [kept] = await sql.query<{ status: FlowStatus }>('SELECT status FROM flows WHERE id = $1', [flowId]);
      if (kept?.status === 'LIVE') throw new StoreConflictError('A flow with a LIVE version cannot be deleted');
      return false;
    },

    async listUsers({ search, offset, limit }) {
      const where = searchOn('u.name', 'u.email');
      const [rows, total] = await Promise.all([
        sql.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE ${where} ORDER BY u.seq LIMIT $2 OFFSET $3`, [
          search,
          limit,
          offset,
        ]),
        count(sql, `SELECT count(*)::int AS total FROM users u WHERE ${where}`, [search]),
      ]);
      return { items: rows.map(userOf), total, offset };
    },
    async listUsersWithValues(flowId, { search, offset, limit }) {
      const where = `${searchOn('u.name', 'u.email')} AND EXISTS (
        SELECT 1 FROM permission_values v WHERE v.flow_id = $4 AND v.principal = 'user:' || u.id)`;
      const [rows, total] = await Promise.all([
        sql.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE ${where} ORDER BY u.seq LIMIT $2 OFFSET $3`, [
          search,
          limit,
          offset,
          flowId,
        ]),
        count(sql, `SELECT count(*)::int AS total FROM users u WHERE ${where.replace(/\$4/g, '$2')}`, [search, flowId]),
      ]);
      return { items: rows.map(userOf), total, offset };
    },
    async listFlowUsers(flowId, { search, offset, limit, role, only, sort }) {
      const where = `${searchOn('u.name', 'u.email')}
        AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.role = $2))
        AND (NOT $3::boolean OR v.value IS NOT NULL)`;
      const from = `FROM users u LEFT JOIN permission_values v ON v.flow_id = $4 AND v.principal = 'user:' || u.id`;
      const byName = `lower(coalesce(nullif(u.name, ''), u.email)) COLLATE "C", u.seq`;
      const order =
        sort === 'name'
          ? byName
          : sort === 'state'
            ? `CASE v.value WHEN 'deny' THEN 0 WHEN 'grant' THEN 1 ELSE 2 END, ${byName}`
            : 'u.seq';
      const params = [search, role ?? null, only === 'explicit', flowId];
      const [rows, total] = await Promise.all([
        sql.query<UserRow>(`SELECT ${USER_COLUMNS} ${from} WHERE ${where} ORDER BY ${order} LIMIT $5 OFFSET $6`, [
          ...params,
          limit,
          offset,
        ]),
        count(sql, `SELECT count(*)::int AS total ${from} WHERE ${where}`, params),
      ]);
      return { items: rows.map(userOf), total, offset };
    },
    getUser: (userId) => getUser(sql, userId),
    async findUsersByEmail(emails) {
      const rows = await sql.query<UserRow & { email_key: string }>(
        `SELECT ${USER_COLUMNS}, u.email_key FROM users u WHERE u.email_key = ANY($1::text[])`,
        [emails.map(emailKeyOf)],
      );
      return new Map(rows.map((row) => [row.email_key, userOf(row)]));
    },
    async listCustomRoles() {
      return sql.query<{ name: string; description: string }>('SELECT name, description FROM custom_roles ORDER BY seq');
    },
    async countUsersByRole() {
      const rows = await sql.query<{ role: string; total: number }>(
        'SELECT role, count(*)::int AS total FROM user_roles GROUP BY role',
      );
      return new Map(rows.map((row) => [row.role, row.total]));
    },
    async countUsersByRoleSet() {
      return sql.query<RoleSetCount>('SELECT roles, users FROM role_set_counts WHERE users > 0');
    },
    async createCustomRole(role) {
      await unique(
        sql.query('INSERT INTO custom_roles (name, description) VALUES ($1, $2)', [role.name, role.description]),
        `A role named "${role.name}" already exists`,
      );
      return { ...role };
    },
    async deleteCustomRole(name) {
      return sql.transaction(async (tx) => {
        const deleted = await tx.query('DELETE FROM custom_roles WHERE name = $1 RETURNING name', [name]);
        if (deleted.length === 0) return false;
        const key = principalKey({ kind: 'role', name });
        await tx.query('DELETE FROM permission_values WHERE principal = $1', [key]);
        // A new role of the same name starts at version 0, with no last change.
        await tx.query('DELETE FROM value_versions WHERE principal = $1', [key]);
        await tx.query('DELETE FROM app_wide_values WHERE role = $1', [name]);
        // The role left every set that held it: sets merge, so they are counted again.
        await recountRoleSets(tx);
        return true;
      });
    },
    async setUserRoles(userId, roles) {
      return sql.transaction(async (tx) => {
        // Lock the user: two changes of one user's roles take turns.
        const locked = await tx.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
        if (locked.length === 0) return undefined;
        const before = await roleSetOf(tx, userId);
        await tx.query('DELETE FROM user_roles WHERE user_id = $1', [userId]);
        await tx.query(
          'INSERT INTO user_roles (user_id, role) SELECT $1, role FROM unnest($2::text[]) AS role ON CONFLICT DO NOTHING',
          [userId, [...roles]],
        );
        await moveRoleSet(tx, before, await roleSetOf(tx, userId));
        return getUser(tx, userId);
      });
    },

    async createUser({ email, name, passwordHash }) {
      const id = newId();
      const trimmed = email.trim();
      await unique(
        sql.transaction(async (tx) => {
          await tx.query('INSERT INTO users (id, name, email, email_key, password_hash) VALUES ($1, $2, $3, $4, $5)', [
            id,
            name,
            trimmed,
            emailKeyOf(email),
            passwordHash,
          ]);
          await moveRoleSet(tx, null, []);
        }),
        `A user with email "${email}" already exists`,
      );
      return { id, name, email: trimmed, roles: [] };
    },
    async findCredentials(email) {
      const [row] = await sql.query<UserRow & { password_hash: string | null }>(
        `SELECT ${USER_COLUMNS}, u.password_hash FROM users u WHERE u.email_key = $1`,
        [emailKeyOf(email)],
      );
      return row?.password_hash ? { user: userOf(row), passwordHash: row.password_hash } : undefined;
    },
    async createSession(session) {
      await sql.query('DELETE FROM sessions WHERE expires_at < $1', [session.createdAt]);
      await sql.query('INSERT INTO sessions (token_hash, user_id, login, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
        session.tokenHash,
        session.userId,
        session.login,
        session.createdAt,
        session.expiresAt,
      ]);
    },
    async getSession(tokenHash) {
      const [row] = await sql.query<{
        token_hash: string;
        user_id: string;
        login: Session['login'];
        created_at: unknown;
        expires_at: unknown;
      }>('SELECT token_hash, user_id, login, created_at, expires_at FROM sessions WHERE token_hash = $1', [tokenHash]);
      return (
        row && {
          tokenHash: row.token_hash,
          userId: row.user_id,
          login: row.login,
          createdAt: toIso(row.created_at),
          expiresAt: toIso(row.expires_at),
        }
      );
    },
    async deleteSession(tokenHash) {
      await sql.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },
    async recordLoginAttempt(key, { id, at }) {
      await sql.query("DELETE FROM login_attempts WHERE at < $1::timestamptz - interval '1 day'", [at]);
      await sql.query('INSERT INTO login_attempts (id, key, at) VALUES ($1, $2, $3)', [id, key, at]);
    },
    async listLoginAttempts(key, since) {
      const rows = await sql.query<{ id: string; at: unknown }>(
        'SELECT id, at FROM login_attempts WHERE key = $1 AND at >= $2 ORDER BY at, id',
        [key, since.toISOString()],
      );
      return rows.map((row) => ({ id: row.id, at: toIso(row.at) }));
    },
    async deleteLoginAttempt(key, id) {
      await sql.query('DELETE FROM login_attempts WHERE key = $1 AND id = $2', [key, id]);
    },
    async clearLoginAttempts(key) {
      await sql.query('DELETE FROM login_attempts WHERE key = $1', [key]);
    },

    async getValues(flowId, principals) {
      const rows = await sql.query<{ principal: string; value: PermissionValue }>(
        'SELECT principal, value FROM permission_values WHERE flow_id = $1 AND principal = ANY($2::text[])',
        [flowId, principals.map(principalKey)],
      );
      return new Map(rows.map((row) => [row.principal, row.value]));
    },
    async countUserValues(flowId) {
      const rows = await sql.query<{ value: PermissionValue; total: number }>(
        "SELECT value, count(*)::int AS total FROM permission_values WHERE flow_id = $1 AND principal LIKE 'user:%' GROUP BY value",
        [flowId],
      );
      const counts = { grant: 0, deny: 0 };
      for (const row of rows) counts[row.value] = row.total;
      return counts;
    },
    async flowsWithRoleValues() {
      const rows = await sql.query<{ flow_id: string }>(
        "SELECT DISTINCT flow_id FROM permission_values WHERE principal LIKE 'role:%'",
      );
      return new Set(rows.map((row) => row.flow_id));
    },
    async countUserValuesByRoleSet(flowId) {
      return sql.query<RoleSetCount & { value: PermissionValue }>(
        `SELECT array(SELECT ur.role FROM user_roles ur WHERE ur.user_id = u.id ORDER BY ur.role) AS roles,
                pv.value, count(*)::int AS users
           FROM permission_values pv JOIN users u ON u.id = substr(pv.principal, 6)
          WHERE pv.flow_id = $1 AND pv.principal LIKE 'user:%'
          GROUP BY 1, 2`,
        [flowId],
      );
    },
    // One writer per value at a time, across every server instance on this database; batches on the
    // flow wait (see migration 013).
    setValue: (flowId, principal, value, write): Promise<WriteOutcome> =>
      setValueAtOnce(sql, flowId, principal, value, write, newId()),
    setValueAudited: (flowId, principal, value, write, entry) =>
      setValueAuditedAtOnce(sql, flowId, principal, value, write, newId(), entry),
    setUserValues: (writes) => setUserValuesAtOnce(sql, writes, newId),
    applyBatch: (changes, write, appWide = []) => sql.transaction((tx) => applyBatch(tx, changes, write, newId, appWide)),
    async listChangeSet(changeSetId) {
      const rows = await sql.query<HistoryRow>(
        `SELECT ${HISTORY_COLUMNS} FROM value_history WHERE change_set_id = $1 ORDER BY seq`,
        [changeSetId],
      );
      return rows.map(changeOf);
    },
    async getVersions(flowId, principals) {
      const rows = await sql.query<{
        principal: string;
        version: number;
        changed_by: string;
        changed_at: unknown;
        write_id: string | null;
      }>(
        'SELECT principal, version, changed_by, changed_at, write_id FROM value_versions WHERE flow_id = $1 AND principal = ANY($2::text[])',
        [flowId, principals.map(principalKey)],
      );
      return new Map(
        rows.map((row): [string, ValueVersion] => [
          row.principal,
          { version: row.version, by: row.changed_by, at: toIso(row.changed_at), writeId: row.write_id },
        ]),
      );
    },
    async getRowState(flowId, principals, versioned) {
      const rows = await sql.query<{
        part: 'value' | 'version' | 'appWide';
        key: string;
        value: PermissionValue | null;
        version: number | null;
        changed_by: string | null;
        changed_at: unknown;
        write_id: string | null;
      }>(
        `SELECT 'value' AS part, principal AS key, value, NULL::int AS version, NULL AS changed_by,
                NULL::timestamptz AS changed_at, NULL AS write_id
           FROM permission_values WHERE flow_id = $1 AND principal = ANY($2::text[])
         UNION ALL
         SELECT 'version', principal, NULL, version, changed_by, changed_at, write_id
           FROM value_versions WHERE flow_id = $1 AND principal = ANY($3::text[])
         UNION ALL
         SELECT 'appWide', role, value, NULL, NULL, NULL, NULL FROM app_wide_values WHERE value = 'deny'`,
        [flowId, principals.map(principalKey), versioned.map(principalKey)],
      );
      const state = {
        values: new Map<string, PermissionValue>(),
        versions: new Map<string, ValueVersion>(),
        appWide: new Map<string, PermissionValue>(),
      };
      for (const row of rows) {
        if (row.part === 'version') {
          state.versions.set(row.key, {
            version: row.version ?? 0,
            by: row.changed_by ?? '',
            at: toIso(row.changed_at),
            writeId: row.write_id,
          });
        } else if (row.value) (row.part === 'value' ? state.values : state.appWide).set(row.key, row.value);
      }
      return state;
    },
    async listHistory(flowId, { offset, limit }) {
      const [rows, total] = await Promise.all([
        sql.query<HistoryRow>(
          `SELECT ${HISTORY_COLUMNS} FROM value_history WHERE flow_id = $1 ORDER BY seq DESC LIMIT $2 OFFSET $3`,
          [flowId, limit, offset],
        ),
        count(sql, 'SELECT count(*)::int AS total FROM value_history WHERE flow_id = $1', [flowId]),
      ]);
      return { items: rows.map(changeOf), total, offset };
    },
    async getAppWideValues() {
      const rows = await sql.query<{ role: string; value: PermissionValue }>(
        "SELECT role, value FROM app_wide_values WHERE value = 'deny'",
      );
      return new Map(rows.map((row) => [row.role, row.value]));
    },
    async setAppWideValue(role, value) {
      // Two-state: granted unless denied, so only denies are kept.
      if (value === 'grant') await sql.query('DELETE FROM app_wide_values WHERE role = $1', [role]);
      else {
        await sql.query(
          'INSERT INTO app_wide_values (role, value) VALUES ($1, $2) ON CONFLICT (role) DO UPDATE SET value = excluded.value',
          [role, value],
        );
      }
    },

    async recordActivation(activation) {
      const [row] = await sql.query<{ seq: number }>(
        'INSERT INTO activations (flow_id, body) SELECT $1, $2::jsonb WHERE EXISTS (SELECT 1 FROM flows WHERE id = $1) RETURNING seq::float8 AS seq',
        [activation.flowId, JSON.stringify(activation)],
      );
      if (row && row.seq % PRUNE_EVERY === 0) {
        await sql.query(
          `DELETE FROM activations WHERE flow_id = $1 AND seq < (
             SELECT seq FROM activations WHERE flow_id = $1 ORDER BY seq DESC OFFSET $2 LIMIT 1)`,
          [activation.flowId, ACTIVATIONS_KEPT_PER_FLOW - 1],
        );
      }
    },
    recordActivations: (activations) =>
      insertActivations(sql, activations, { keep: ACTIVATIONS_KEPT_PER_FLOW, pruneEvery: PRUNE_EVERY }),
    async listActivations(flowId, { offset, limit }): Promise<Page<Activation>> {
      const [rows, total] = await Promise.all([
        sql.query<{ body: Activation }>('SELECT body FROM activations WHERE flow_id = $1 ORDER BY seq DESC LIMIT $2 OFFSET $3', [
          flowId,
          limit,
          offset,
        ]),
        count(sql, 'SELECT count(*)::int AS total FROM activations WHERE flow_id = $1', [flowId]),
      ]);
      return { items: rows.map((row) => row.body), total, offset };
    },

    async listAccessTests(flowId) {
      const rows = await sql.query<{ body: AccessTest }>('SELECT body FROM access_tests WHERE flow_id = $1 ORDER BY seq', [
        flowId,
      ]);
      return rows.map((row) => row.body);
    },
    addAccessTest: (test, max) =>
      sql.transaction(async (tx) => {
        // The flow's row, locked, makes the count and the insert one step against other saves.
        const [flow] = await tx.query('SELECT id FROM flows WHERE id = $1 FOR UPDATE', [test.flowId]);
        if (!flow) return false;
        if ((await count(tx, 'SELECT count(*)::int AS total FROM access_tests WHERE flow_id = $1', [test.flowId])) >= max) {
          return false;
        }
        await tx.query('INSERT INTO access_tests (id, flow_id, body) VALUES ($1, $2, $3::jsonb)', [
          test.id,
          test.flowId,
          JSON.stringify(test),
        ]);
        return true;
      }),
    async deleteAccessTest(flowId, id) {
      const rows = await sql.query('DELETE FROM access_tests WHERE flow_id = $1 AND id = $2 RETURNING id', [flowId, id]);
      return rows.length > 0;
    },

    async findAdmin(email) {
      const [row] = await sql.query<{ id: string; email: string; password_hash: string }>(
        'SELECT id, email, password_hash FROM admins WHERE email_key = $1',
        [emailKeyOf(email)],
      );
      return row && { admin: { id: row.id, email: row.email }, passwordHash: row.password_hash };
    },
    async saveAdmin({ id, email, passwordHash }) {
      return sql.transaction(async (tx) => {
        const [row] = await tx.query<{ id: string; email: string; created: boolean }>(
          `INSERT INTO admins (id, email, email_key, password_hash) VALUES ($1, $2, $3, $4)
           ON CONFLICT (email_key) DO UPDATE SET password_hash = excluded.password_hash
           RETURNING id, email, (xmax = 0) AS created`,
          [id, email.trim(), emailKeyOf(email), passwordHash],
        );
        if (!row) throw new Error('saveAdmin: no row');
        if (!row.created) await tx.query('DELETE FROM admin_sessions WHERE admin_id = $1', [row.id]);
        return { id: row.id, email: row.email };
      });
    },
    async createAdminSession(session) {
      await sql.query('DELETE FROM admin_sessions WHERE expires_at < $1', [session.createdAt]);
      await sql.query('INSERT INTO admin_sessions (token_hash, admin_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
        session.tokenHash,
        session.adminId,
        session.createdAt,
        session.expiresAt,
      ]);
    },
    async findAdminSession(tokenHash, now) {
      const [row] = await sql.query<{ id: string; email: string; expires_at: unknown }>(
        `SELECT a.id, a.email, s.expires_at FROM admin_sessions s JOIN admins a ON a.id = s.admin_id
         WHERE s.token_hash = $1 AND s.expires_at > $2`,
        [tokenHash, now.toISOString()],
      );
      return row && { admin: { id: row.id, email: row.email }, expiresAt: toIso(row.expires_at) };
    },
    async deleteAdminSession(tokenHash) {
      await sql.query('DELETE FROM admin_sessions WHERE token_hash = $1', [tokenHash]);
    },
    async createApiToken(token) {
      await sql.query(
        `INSERT INTO api_tokens (id, name, token_hash, access, created_by, created_at, expires_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [token.id, token.name, token.tokenHash, token.access, token.createdBy, token.createdAt, token.expiresAt, token.revokedAt],
      );
    },
    async listApiTokens() {
      const rows = await sql.query<ApiTokenRow>(`SELECT ${API_TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at DESC, id`);
      return rows.map(apiTokenOf);
    },
    async findApiToken(tokenHash, now) {
      const [row] = await sql.query<ApiTokenRow>(
        `SELECT ${API_TOKEN_COLUMNS} FROM api_tokens
         WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
        [tokenHash, now.toISOString()],
      );
      return row && apiTokenOf(row);
    },
    async revokeApiToken(id, at) {
      const rows = await sql.query('UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [
        id,
        at,
      ]);
      return rows.length > 0;
    },
  };
}
