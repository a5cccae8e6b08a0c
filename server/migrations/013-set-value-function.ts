import type { Migration } from './types';

/**
 * One explicit value's write as one function, so that it costs one round trip instead of a
 * transaction of eight statements: the same steps, in the same order, under the same per-value
 * advisory lock (one writer per value across every instance). Each statement of a VOLATILE function
 * reads the latest committed data, so what it reads after the lock is what the last writer left.
 * `custom_role` names the role to hold against a concurrent delete (a custom role's value), else NULL;
 * `flow_lock` is the batch writes' lock class (`FLOW_VALUES_LOCK`).
 */
export const setValueFunction: Migration = {
  version: 13,
  name: 'set_permission_value function',
  sql: `
    CREATE FUNCTION set_permission_value(
      flow text, key text, target text, by_whom text, at timestamptz, principal_name text,
      expected integer, write text, custom_role text, history_id text, flow_lock integer
    ) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      seen record;
      current_version integer;
      current_value text;
    BEGIN
      -- A batch write on the flow holds this lock exclusively: a single write waits for it.
      PERFORM pg_advisory_xact_lock_shared(flow_lock, hashtext(flow));
      PERFORM pg_advisory_xact_lock(hashtextextended(flow || E'\\n' || key, 0));
      IF write IS NOT NULL THEN
        SELECT to_value INTO seen FROM value_history
          WHERE flow_id = flow AND principal = key AND write_id = write LIMIT 1;
        IF FOUND THEN
          RETURN CASE WHEN seen.to_value IS NOT DISTINCT FROM target THEN 'duplicate' ELSE 'reused' END;
        END IF;
      END IF;
      IF custom_role IS NOT NULL THEN
        PERFORM 1 FROM custom_roles WHERE name = custom_role FOR KEY SHARE;
        IF NOT FOUND THEN RETURN 'missing'; END IF;
      END IF;
      SELECT version INTO current_version FROM value_versions WHERE flow_id = flow AND principal = key;
      current_version := COALESCE(current_version, 0);
      SELECT value INTO current_value FROM permission_values WHERE flow_id = flow AND principal = key;
      IF expected IS NOT NULL AND expected <> current_version THEN RETURN 'conflict'; END IF;
      IF current_value IS NOT DISTINCT FROM target THEN RETURN 'unchanged'; END IF;
      IF target IS NULL THEN
        DELETE FROM permission_values WHERE flow_id = flow AND principal = key;
      ELSE
        INSERT INTO permission_values (flow_id, principal, value) VALUES (flow, key, target)
          ON CONFLICT (flow_id, principal) DO UPDATE SET value = excluded.value;
      END IF;
      INSERT INTO value_versions (flow_id, principal, version, changed_by, changed_at, write_id)
        VALUES (flow, key, current_version + 1, by_whom, at, write)
        ON CONFLICT (flow_id, principal) DO UPDATE SET version = excluded.version, changed_by = excluded.changed_by,
          changed_at = excluded.changed_at, write_id = excluded.write_id;
      INSERT INTO value_history (id, flow_id, principal, principal_name, from_value, to_value, changed_by, changed_at, version, write_id)
        VALUES (history_id, flow, key, principal_name, current_value, target, by_whom, at, current_version + 1, write);
      RETURN 'written';
    END $$;
  `,
};
