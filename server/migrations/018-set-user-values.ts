import type { Migration } from './types';

/**
 * Several users' explicit values written in one statement (the console's concurrent single writes,
 * grouped: decision 038), in the order given, each with the steps of `set_permission_value`
 * (migration 013) — its write id and If-Match checks, its value, version and history entry — and its
 * audit entry (with the value before). Each write gets its own answer: `noFlow`, `noUser`, `failed`
 * (an error inside one write undoes that write alone: a subtransaction each), or the outcome with the
 * user, the value before and the row's value and version right after it. Two writes of one row in one
 * call behave as if sent one after the other. Flows, users and the roles' values on those flows are
 * read once: only users' values change here.
 *
 * Every lock is taken first, in one order: the flows' shared locks by hash (the order a batch write
 * takes them exclusively), then the values' by hash. So a group never deadlocks with a batch or with
 * another instance's group, whatever the order of its writes.
 */
export const setUserValuesFunction: Migration = {
  version: 18,
  name: 'set_user_values function',
  sql: `
    CREATE FUNCTION set_user_values(writes jsonb, flow_lock integer) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      flow_hash integer;
      value_hash bigint;
      flow_names jsonb;
      known_users jsonb;
      role_values jsonb;
      w jsonb;
      flow text;
      who jsonb;
      who_name text;
      key text;
      target text;
      expected integer;
      write text;
      existing record;
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

      -- FOR KEY SHARE holds off a delete of these flows until this commits.
      SELECT coalesce(jsonb_object_agg(f.id, f.name), '{}'::jsonb) INTO flow_names FROM (
        SELECT id, name FROM flows WHERE id IN (SELECT x->>'flowId' FROM jsonb_array_elements(writes) AS x) FOR KEY SHARE
      ) AS f;
      SELECT coalesce(jsonb_object_agg(u.id, jsonb_build_object('id', u.id, 'name', u.name, 'email', u.email, 'roles', to_jsonb(array(
               SELECT ur.role FROM user_roles ur JOIN custom_roles r ON r.name = ur.role WHERE ur.user_id = u.id ORDER BY r.seq)))),
             '{}'::jsonb)
        INTO known_users FROM users u WHERE u.id IN (SELECT x->>'userId' FROM jsonb_array_elements(writes) AS x);
      SELECT coalesce(jsonb_object_agg(v.flow_id, v.values_of_roles), '{}'::jsonb) INTO role_values FROM (
        SELECT flow_id, jsonb_object_agg(principal, value) AS values_of_roles FROM permission_values
         WHERE flow_id IN (SELECT x->>'flowId' FROM jsonb_array_elements(writes) AS x) AND principal LIKE 'role:%'
         GROUP BY flow_id
      ) AS v;

      FOR w IN SELECT x FROM jsonb_array_elements(writes) WITH ORDINALITY AS t(x, n) ORDER BY n LOOP
        flow := w->>'flowId';
        IF NOT flow_names ? flow THEN
          answers := answers || jsonb_build_array(jsonb_build_object('outcome', 'noFlow'));
          CONTINUE;
        END IF;
        who := known_users->(w->>'userId');
        IF who IS NULL THEN
          answers := answers || jsonb_build_array(jsonb_build_object('outcome', 'noUser'));
          CONTINUE;
        END IF;
        key := 'user:' || (w->>'userId');
        who_name := coalesce(nullif(who->>'name', ''), who->>'email');
        target := w->>'value';
        expected := (w->>'expectedVersion')::integer;
        write := w->>'writeId';
        BEGIN
          SELECT v.version, v.changed_by, v.changed_at, v.write_id,
                 (SELECT value FROM permission_values WHERE flow_id = flow AND principal = key) AS value
            INTO existing
            FROM (SELECT 1) AS one LEFT JOIN value_versions v ON v.flow_id = flow AND v.principal = key;
          outcome := NULL;
          IF write IS NOT NULL THEN
            SELECT CASE WHEN h.to_value IS NOT DISTINCT FROM target THEN 'duplicate' ELSE 'reused' END INTO outcome
              FROM value_history h WHERE h.flow_id = flow AND h.principal = key AND h.write_id = write LIMIT 1;
          END IF;
          IF outcome IS NULL THEN
            IF expected IS NOT NULL AND expected <> coalesce(existing.version, 0) THEN
              outcome := 'conflict';
            ELSIF existing.value IS NOT DISTINCT FROM target THEN
              outcome := 'unchanged';
            ELSE
              IF target IS NULL THEN
                DELETE FROM permission_values WHERE flow_id = flow AND principal = key;
              ELSE
                INSERT INTO permission_values (flow_id, principal, value) VALUES (flow, key, target)
                  ON CONFLICT (flow_id, principal) DO UPDATE SET value = excluded.value;
              END IF;
              INSERT INTO value_versions (flow_id, principal, version, changed_by, changed_at, write_id)
                VALUES (flow, key, coalesce(existing.version, 0) + 1, w->>'by', (w->>'at')::timestamptz, write)
                ON CONFLICT (flow_id, principal) DO UPDATE SET version = excluded.version, changed_by = excluded.changed_by,
                  changed_at = excluded.changed_at, write_id = excluded.write_id;
              INSERT INTO value_history (id, flow_id, principal, principal_name, from_value, to_value, changed_by, changed_at, version, write_id)
                VALUES (w->>'historyId', flow, key, who_name, existing.value, target, w->>'by', (w->>'at')::timestamptz,
                  coalesce(existing.version, 0) + 1, write);
              INSERT INTO audit_log (id, at, actor, kind, flow_id, flow_name, principal, principal_name, before_value, after_value, change_set_id)
                VALUES (w->>'auditId', (w->>'auditAt')::timestamptz, w->>'by', 'permission.value', flow, flow_names->>flow, key,
                  who_name, existing.value, target, NULL);
              outcome := 'written';
            END IF;
          END IF;
        EXCEPTION WHEN OTHERS THEN
          answers := answers || jsonb_build_array(jsonb_build_object('outcome', 'failed', 'message', SQLERRM));
          CONTINUE;
        END;
        answers := answers || jsonb_build_array(jsonb_build_object(
          'outcome', outcome,
          'flowName', flow_names->>flow,
          'user', who,
          'before', existing.value,
          'roleValues', coalesce(role_values->flow, '{}'::jsonb),
          'value', CASE WHEN outcome = 'written' THEN target ELSE existing.value END,
          'version', CASE
            WHEN outcome = 'written' THEN jsonb_build_object('version', coalesce(existing.version, 0) + 1, 'by', w->>'by',
              'at', (w->>'at')::timestamptz, 'writeId', write)
            WHEN existing.version IS NOT NULL THEN jsonb_build_object('version', existing.version, 'by', existing.changed_by,
              'at', existing.changed_at, 'writeId', existing.write_id)
          END));
      END LOOP;
      RETURN jsonb_build_object('answers', answers, 'appWide',
        (SELECT coalesce(jsonb_object_agg(role, value), '{}'::jsonb) FROM app_wide_values WHERE value = 'deny'));
    END $$;
  `,
};
