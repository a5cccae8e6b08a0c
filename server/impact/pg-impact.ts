import type { Channel, SessionSource } from '../../domain/caller';
import type { FlowStatus } from '../../domain/flow';
import type { PermissionValue } from '../../domain/permission';
import type { ActivationOutcome } from '../../contract/access';
import type { Sql } from '../node/db/sql';
import type { ImpactData, ImpactStore } from './impact-store';

/**
 * The impact data in a few set-based reads: users are counted per set of custom roles in the database,
 * and only the attempts' fields the replay needs leave it.
 */
export function createPgImpact(sql: Sql): ImpactStore {
  return {
    async impactData(since, userIds): Promise<ImpactData> {
      const [flows, values, appWide, groups, userRoles, attempts] = await Promise.all([
        sql.query<{ id: string; name: string; status: FlowStatus }>('SELECT id, name, status FROM flows ORDER BY seq'),
        sql.query<{ flow_id: string; principal: string; value: PermissionValue }>(
          'SELECT flow_id, principal, value FROM permission_values',
        ),
        sql.query<{ role: string; value: PermissionValue }>("SELECT role, value FROM app_wide_values WHERE value = 'deny'"),
        sql.query<{ roles: string[]; total: number }>(
          `WITH held AS (SELECT user_id, array_agg(role ORDER BY role) AS roles FROM user_roles GROUP BY user_id)
           SELECT roles, count(*)::int AS total FROM held GROUP BY roles
           UNION ALL
           SELECT '{}'::text[], ((SELECT count(*) FROM users) - (SELECT count(*) FROM held))::int`,
        ),
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
        // Grouped in the database: a week of attempts is mostly the same callers again.
        sql.query<{
          at: string;
          total: number;
          flow_id: string;
          user_id: string | null;
          user_name: string | null;
          roles: string[] | string;
          channel: Channel;
          session_source: SessionSource | null;
          outcome: ActivationOutcome;
          by_name: boolean;
        }>(
          `SELECT max(body->>'at') AS at, count(*)::int AS total, flow_id, body->'user'->>'id' AS user_id,
                  max(coalesce(nullif(body->'user'->>'name', ''), body->'user'->>'email')) AS user_name,
                  body->'roles' AS roles, body->>'channel' AS channel, body->>'sessionSource' AS session_source,
                  body->>'outcome' AS outcome, coalesce((body->>'byName')::boolean, false) AS by_name
           FROM activations WHERE body->>'at' >= $1
           GROUP BY flow_id, body->'user'->>'id', body->'roles', body->>'channel', body->>'sessionSource',
                    body->>'outcome', coalesce((body->>'byName')::boolean, false)`,
          [since],
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
        groups: groups.filter((row) => row.total > 0).map((row) => ({ roles: row.roles, count: row.total })),
        userRoles: new Map(userRoles.map((row) => [row.user_id, row.roles])),
        attempts: attempts.map((row) => ({
          at: row.at,
          count: row.total,
          flowId: row.flow_id,
          userId: row.user_id,
          userName: row.user_name,
          // jsonb arrives parsed from one driver and as text from another.
          roles: typeof row.roles === 'string' ? (JSON.parse(row.roles) as string[]) : row.roles,
          channel: row.channel,
          sessionSource: row.session_source,
          outcome: row.outcome,
          byName: row.by_name,
        })),
      };
    },
  };
}
