import type { Queryable, Sql } from '../node/db/sql';
import type { Store } from '../store/store';
import type { AuditEntry, AuditFilter, AuditStore } from './audit-store';

interface AuditRow {
  /** The row's seq as text: the export's cursor. */
  cursor: string;
  id: string;
  at: unknown;
  actor: string;
  kind: AuditEntry['kind'];
  flow_id: string | null;
  flow_name: string | null;
  principal: string | null;
  principal_name: string | null;
  before_value: string | null;
  after_value: string | null;
  change_set_id: string | null;
}

const COLUMNS =
  'seq::text AS cursor, id, at, actor, kind, flow_id, flow_name, principal, principal_name, before_value, after_value, change_set_id';

const toIso = (value: unknown) => (value instanceof Date ? value : new Date(String(value))).toISOString();

const entryOf = (row: AuditRow): AuditEntry => {
  const split = row.principal?.indexOf(':') ?? -1;
  return {
    id: row.id,
    at: toIso(row.at),
    by: row.actor,
    kind: row.kind,
    flow: row.flow_id === null ? null : { id: row.flow_id, name: row.flow_name ?? '' },
    principal:
      row.principal === null || split === -1
        ? null
        : {
            kind: row.principal.slice(0, split) === 'user' ? 'user' : 'role',
            id: row.principal.slice(split + 1),
            name: row.principal_name ?? '',
          },
    before: row.before_value,
    after: row.after_value,
    changeSetId: row.change_set_id,
  };
};

/** The WHERE clause of a filter; its parameters are appended to `params`. */
function whereOf(filter: AuditFilter, params: unknown[]): string {
  const conditions: string[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (filter.by !== undefined) conditions.push(`strpos(lower(actor), lower(${param(filter.by)})) > 0`);
  if (filter.kind !== undefined) conditions.push(`kind = ${param(filter.kind)}`);
  if (filter.flowId !== undefined) conditions.push(`flow_id = ${param(filter.flowId)}`);
  if (filter.principal !== undefined) conditions.push(`principal = ${param(filter.principal)}`);
  if (filter.since !== undefined) conditions.push(`at >= ${param(filter.since)}::timestamptz`);
  if (filter.until !== undefined) conditions.push(`at < ${param(filter.until)}::timestamptz`);
  if (filter.changeSetId !== undefined) conditions.push(`change_set_id = ${param(filter.changeSetId)}`);
  return conditions.length === 0 ? 'TRUE' : conditions.join(' AND ');
}

async function insert(db: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const column = <T>(pick: (entry: AuditEntry) => T) => entries.map(pick);
  await db.query(
    `INSERT INTO audit_log (id, at, actor, kind, flow_id, flow_name, principal, principal_name, before_value, after_value, change_set_id)
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::text[])`,
    [
      column((entry) => entry.id),
      column((entry) => entry.at),
      column((entry) => entry.by),
      column((entry) => entry.kind),
      column((entry) => entry.flow?.id ?? null),
      column((entry) => entry.flow?.name ?? null),
      column((entry) => (entry.principal ? `${entry.principal.kind}:${entry.principal.id}` : null)),
      column((entry) => entry.principal?.name ?? null),
      column((entry) => entry.before),
      column((entry) => entry.after),
      column((entry) => entry.changeSetId),
    ],
  );
}

/** An Sql that runs everything inside the transaction `tx`; a nested transaction is that same one. */
function inTransaction(tx: Queryable, kind: Sql['kind']): Sql {
  return {
    kind,
    query: (text, params) => tx.query(text, params),
    exec: (text) => tx.exec(text),
    transaction: (work) => work(tx),
    close: async () => undefined,
  };
}

/**
 * The audit log in PostgreSQL. `storeOn` makes the whole store over another Sql: `audited` runs the
 * change on a store bound to one transaction and inserts the entries in it before the commit.
 */
export function createPgAudit(sql: Sql, storeOn: (sql: Sql) => Store): AuditStore {
  return {
    async audited(work, entriesOf) {
      return sql.transaction(async (tx) => {
        const result = await work(storeOn(inTransaction(tx, sql.kind)));
        await insert(tx, entriesOf(result));
        return result;
      });
    },
    recordAudit: (entries) => insert(sql, entries),
    async getAuditEntry(id) {
      const [row] = await sql.query<AuditRow>(`SELECT ${COLUMNS} FROM audit_log WHERE id = $1`, [id]);
      return row && entryOf(row);
    },
    async listAudit(filter, { offset, limit }) {
      const params: unknown[] = [];
      const where = whereOf(filter, params);
      const [rows, counted] = await Promise.all([
        sql.query<AuditRow>(
          `SELECT ${COLUMNS} FROM audit_log WHERE ${where} ORDER BY seq DESC LIMIT ${String(limit)} OFFSET ${String(offset)}`,
          params,
        ),
        sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM audit_log WHERE ${where}`, params),
      ]);
      return { items: rows.map(entryOf), total: counted[0]?.total ?? 0, offset };
    },
    async readAudit(filter, cursor, limit) {
      const params: unknown[] = [];
      let where = whereOf(filter, params);
      if (cursor !== null) where += ` AND seq < $${params.push(cursor)}::bigint`;
      const rows = await sql.query<AuditRow>(
        `SELECT ${COLUMNS} FROM audit_log WHERE ${where} ORDER BY seq DESC LIMIT ${String(limit)}`,
        params,
      );
      return { items: rows.map(entryOf), cursor: rows.length < limit ? null : (rows.at(-1)?.cursor ?? null) };
    },
    async pruneAudit(before) {
      const rows = await sql.query('DELETE FROM audit_log WHERE at < $1::timestamptz RETURNING 1', [before]);
      return rows.length;
    },
  };
}
