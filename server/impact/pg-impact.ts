import type { Channel } from '../../domain/caller';
import type { FlowStatus } from '../../domain/flow';
import type { PermissionValue } from '../../domain/permission';
import type { Sql } from '../node/db/sql';
import type { ImpactStore, RefusedAttempts } from './impact-store';

/**
 * Rows of `source` (attempts, or attempts grouped by caller) with their class (see ReplayScope), from the
 * activations' own columns: the flow when it has values or is in the scope ($2), the user when they have
 * a value on the flow or are in the scope ($3). Parameters: $1 since, $2 flows, $3 users.
 */
const classed = (source: string) => `
  own_flows AS (SELECT DISTINCT flow_id FROM permission_values UNION SELECT unnest($2::text[])),
  own_users AS (SELECT flow_id, substr(principal, 6) AS user_id FROM permission_values WHERE principal LIKE 'user:%'),
  classed AS (
    SELECT a.*, f.flow_id AS class_flow,
           CASE WHEN u.user_id IS NOT NULL OR a.user_id = ANY($3::text[]) THEN a.user_id END AS class_user
    FROM (${source}) AS a
    LEFT JOIN own_flows f ON f.flow_id = a.flow_id
    LEFT JOIN own_users u ON u.flow_id = a.flow_id AND u.user_id = a.user_id
  )`;

const GROUPING_WORK_MEM = '32MB';

/** json(b) arrives parsed from one driver and as text from another. */
const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/**
 * The impact preview's reads, each set-based: the replay groups the attempts by class in the database and
 * counts the refused ones there, so only a row per class and the latest refused lines leave it.
 */
export function createPgImpact(sql: Sql): ImpactStore {
  // The planner cannot foresee how few classes a week of attempts falls into: with the default work_mem
  // it sorts every attempt (on disk) to group them. Room for a hash table lets it group them in one pass.
  const grouping = <T>(text: string, params: readonly unknown[]) =>
    sql.transaction(async (tx) => {
      await tx.exec(`SET LOCAL work_mem = '${GROUPING_WORK_MEM}'`);
      return tx.query<T>(text, params);
    });
  return {
    async impactState(userIds) {
      const [flows, values, appWide, userRoles] = await Promise.all([
        sql.query<{ id: string; name: string; status: FlowStatus }>('SELECT id, name, status FROM flows ORDER BY seq'),
        sql.query<{ flow_id: string; principal: string; value: PermissionValue }>(
          'SELECT flow_id, principal, value FROM permission_values',
        ),
        sql.query<{ role: string; value: PermissionValue }>("SELECT role, value FROM app_wide_values WHERE value = 'deny'"),
        sql.query<{ user_id: string; roles: string[] }>(
          `WITH wanted AS (
             SELECT substr(principal, 6) AS id FROM permission_values WHERE principal LIKE 'user:%'
             UNION SELECT unnest($1::text[])
           )
           SELECT u.id AS user_id, coalesce(array_agg(r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles
           FROM wanted w JOIN users u ON u.id = w.id LEFT JOIN user_roles r ON r.user_id = u.id
           GROUP BY u.id`,
          [[...userIds]],
        ),
      ]);
      const byFlow = new Map<string, Map<string, PermissionValue>>();
      for (const row of values) {
        const map = byFlow.get(row.flow_id) ?? new Map<string, PermissionValue>();
        map.set(row.principal, row.value);
        byFlow.set(row.flow_id, map);
      }
      return {
        flows,
        values: byFlow,
        appWide: new Map(appWide.map((row) => [row.role, row.value])),
        userRoles: new Map(userRoles.map((row) => [row.user_id, row.roles])),
      };
    },

    async replayClasses({ since, flows, users }) {
      const rows = await grouping<{
        flow_id: string | null;
        roles: string[];
        user_id: string | null;
        by_name: boolean;
        attempts: number;
        live: number;
        started: number;
      }>(
        `WITH ${classed('SELECT flow_id, user_id, roles, outcome, by_name FROM activations WHERE at >= $1')}
         SELECT class_flow AS flow_id, roles, class_user AS user_id, by_name, count(*)::int AS attempts,
                count(*) FILTER (WHERE outcome <> 'notLive')::int AS live,
                count(*) FILTER (WHERE outcome = 'started')::int AS started
         FROM classed GROUP BY class_flow, roles, class_user, by_name`,
        [since, [...flows], [...users]],
      );
      return rows.map((row) => ({
        flowId: row.flow_id,
        roles: row.roles,
        userId: row.user_id,
        byName: row.by_name,
        attempts: row.attempts,
        live: row.live,
        started: row.started,
      }));
    },

    async replayRefused({ since, flows, users }, refused, limit) {
      const [row] = await grouping<{
        refused: number;
        callers: number;
        items:
          string | { at: string; attempts: number; flow_id: string; caller: string | null; channel: Channel; by_name: boolean }[];
      }>(
        `WITH ${classed(
          `SELECT flow_id, user_id, roles, channel, session_source, outcome, by_name,
                  count(*)::int AS attempts, max(at) AS at, max(user_name) AS caller
           FROM activations WHERE at >= $1
           GROUP BY flow_id, user_id, roles, channel, session_source, outcome, by_name`,
        )},
         refused AS (
           SELECT * FROM jsonb_to_recordset($4::jsonb)
             AS r(flow_id text, roles text[], user_id text, by_name boolean, started_only boolean)
         ),
         matched AS (
           SELECT c.* FROM classed c
           JOIN refused r ON coalesce(r.flow_id, '') = coalesce(c.class_flow, '') AND r.roles = c.roles
                         AND coalesce(r.user_id, '') = coalesce(c.class_user, '') AND r.by_name = c.by_name
           WHERE CASE WHEN r.started_only THEN c.outcome = 'started' ELSE c.outcome <> 'notLive' END
         ),
         latest AS (SELECT at, attempts, flow_id, caller, channel, by_name FROM matched ORDER BY at DESC LIMIT $5)
         SELECT (SELECT coalesce(sum(attempts), 0)::int FROM matched) AS refused,
                (SELECT count(DISTINCT coalesce(user_id, 'anonymous ' || channel))::int FROM matched) AS callers,
                coalesce((SELECT json_agg(latest ORDER BY at DESC) FROM latest), '[]') AS items`,
        [
          since,
          [...flows],
          [...users],
          JSON.stringify(
            refused.map((one) => ({
              flow_id: one.flowId,
              roles: one.roles,
              user_id: one.userId,
              by_name: one.byName,
              started_only: one.startedOnly,
            })),
          ),
          limit,
        ],
      );
      return {
        refused: row?.refused ?? 0,
        callers: row?.callers ?? 0,
        items: parsed(row?.items ?? []).map((item): RefusedAttempts => ({
          at: item.at,
          attempts: item.attempts,
          flowId: item.flow_id,
          caller: item.caller,
          channel: item.channel,
          byName: item.by_name,
        })),
      };
    },

    async byNameCallers(since, flowId, limit) {
      const rows = await sql.query<{ caller: string | null; attempts: number; total: number }>(
        `SELECT user_name AS caller, count(*)::int AS attempts, (sum(count(*)) OVER ())::int AS total
         FROM activations WHERE flow_id = $2 AND by_name AND at >= $1
         GROUP BY user_name ORDER BY attempts DESC LIMIT $3`,
        [since, flowId, limit],
      );
      return { attempts: rows[0]?.total ?? 0, callers: rows.map(({ caller, attempts }) => ({ caller, attempts })) };
    },
  };
}
