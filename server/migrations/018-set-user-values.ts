import type { Migration } from './types';

/**
 * Several users' explicit values written in one statement (the console's concurrent single writes,
 * grouped: decision 038), each exactly as `set_permission_value` writes it alone, in the order given:
 * its own checks (write id, If-Match version), history entry and version, its audit entry (with the
 * value before, read after the locks), and its own answer — the row as it stands right after it, or
 * `noFlow`, `noUser`, or `failed` (an error inside one write undoes that write alone: a
 * subtransaction each). Two writes of one row in one call behave as if sent one after the other.
 *
 * Every lock is taken first, in one order: the flows' shared locks by hash (the order a batch write
 * takes them exclusively), then the values' by hash. So a group never deadlocks with a batch or with
 * another instance's group, whatever the order of its writes. `also_roles` are the roles every user's
 * row inherits through besides the user's own (AuthenticatedUser); their values come back with the row.
 */
export const setUserValuesFunction: Migration = {
  version: 18,
  name: 'set_user_values function',
  sql: `
    CREATE FUNCTION set_user_values(writes jsonb, flow_lock integer, also_roles text[]) RETURNS jsonb
    LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      flow_hash integer;
      value_hash bigint;
      w jsonb;
      flow_name text;
      who record;
      key text;
      who_name text;
      before_value text;
      outcome text;
      answers jsonb := '[]'::jsonb;
    BEGIN
      FOR flow_hash IN SELECT DISTINCT hashtext(x->>'flowId') FROM jsonb_array_elements(writes) AS x ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock_shared(flow_lock, flow_hash);
      END LOOP;
      FOR value_hash IN
        SELECT DISTINCT hashtextextended((x->>'flowId') || E'\\n' || 'user:' || (x->>'userId'), 0)
          FROM jsonb_array_elements(writes) AS x ORDER BY 1
      LOOP
        PERFORM pg_advisory_xact_lock(value_hash);
      END LOOP;

      FOR w IN SELECT x FROM jsonb_array_elements(writes) WITH ORDINALITY AS t(x, n) ORDER BY n LOOP
        SELECT name INTO flow_name FROM flows WHERE id = w->>'flowId' FOR KEY SHARE;
        IF NOT FOUND THEN
          answers := answers || jsonb_build_array(jsonb_build_object('outcome', 'noFlow'));
          CONTINUE;
        END IF;
        SELECT u.id, u.name, u.email, array(
                 SELECT ur.role FROM user_roles ur JOIN custom_roles r ON r.name = ur.role
                  WHERE ur.user_id = u.id ORDER BY r.seq) AS roles
          INTO who FROM users u WHERE u.id = w->>'userId';
        IF NOT FOUND THEN
          answers := answers || jsonb_build_array(jsonb_build_object('outcome', 'noUser'));
          CONTINUE;
        END IF;
        key := 'user:' || who.id;
        who_name := coalesce(nullif(who.name, ''), who.email);
        BEGIN
          SELECT value INTO before_value FROM permission_values WHERE flow_id = w->>'flowId' AND principal = key;
          outcome := set_permission_value(w->>'flowId', key, w->>'value', w->>'by', (w->>'at')::timestamptz, who_name,
            (w->>'expectedVersion')::integer, w->>'writeId', NULL, w->>'historyId', flow_lock);
          IF outcome = 'written' THEN
            INSERT INTO audit_log (id, at, actor, kind, flow_id, flow_name, principal, principal_name, before_value, after_value, change_set_id)
              VALUES (w->>'auditId', (w->>'auditAt')::timestamptz, w->>'by', 'permission.value', w->>'flowId', flow_name, key,
                who_name, before_value, w->>'value', NULL);
          END IF;
        EXCEPTION WHEN OTHERS THEN
          answers := answers || jsonb_build_array(jsonb_build_object('outcome', 'failed', 'message', SQLERRM));
          CONTINUE;
        END;
        answers := answers || jsonb_build_array(jsonb_build_object(
          'outcome', outcome,
          'before', before_value,
          'flowName', flow_name,
          'user', jsonb_build_object('id', who.id, 'name', who.name, 'email', who.email, 'roles', to_jsonb(who.roles)),
          'values', (SELECT coalesce(jsonb_object_agg(principal, value), '{}'::jsonb) FROM permission_values
                      WHERE flow_id = w->>'flowId'
                        AND principal = ANY(key || array(SELECT 'role:' || r FROM unnest(who.roles || also_roles) AS r))),
          'version', (SELECT jsonb_build_object('version', version, 'by', changed_by, 'at', changed_at, 'writeId', write_id)
                        FROM value_versions WHERE flow_id = w->>'flowId' AND principal = key)));
      END LOOP;
      RETURN jsonb_build_object('answers', answers, 'appWide',
        (SELECT coalesce(jsonb_object_agg(role, value), '{}'::jsonb) FROM app_wide_values WHERE value = 'deny'));
    END $$;
  `,
};
