import type { Migration } from './types';

/**
 * Every change that a decision or a console depends on is announced on the channel
 * `flow_permissions_changes` by triggers, in the transaction that makes it: PostgreSQL delivers the
 * notification when (and only if) the transaction commits, to every server instance that listens.
 * Each carries the change and a number from `change_seq` (the order of announcements; gaps are fine).
 * Triggers rather than NOTIFY calls in the store, so that no write path can forget one.
 */
export const changeNotifications: Migration = {
  version: 12,
  name: 'change notifications',
  sql: `
    CREATE SEQUENCE change_seq;

    CREATE FUNCTION announce_change(change jsonb) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('flow_permissions_changes', (change || jsonb_build_object('seq', nextval('change_seq')))::text);
    END $$;

    CREATE FUNCTION announce_value() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM announce_change(jsonb_build_object('kind', 'value', 'flowId', NEW.flow_id, 'principal', NEW.principal,
        'value', NEW.to_value, 'version', NEW.version, 'by', NEW.changed_by));
      RETURN NULL;
    END $$;
    CREATE TRIGGER value_history_announce AFTER INSERT ON value_history
      FOR EACH ROW EXECUTE FUNCTION announce_value();

    CREATE FUNCTION announce_app_wide() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        PERFORM announce_change(jsonb_build_object('kind', 'appWide', 'role', OLD.role, 'value', 'grant'));
      ELSE
        PERFORM announce_change(jsonb_build_object('kind', 'appWide', 'role', NEW.role, 'value', NEW.value));
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER app_wide_values_announce AFTER INSERT OR UPDATE OR DELETE ON app_wide_values
      FOR EACH ROW EXECUTE FUNCTION announce_app_wide();

    CREATE FUNCTION announce_flow() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM announce_change(jsonb_build_object('kind', 'flow', 'flowId', COALESCE(NEW.id, OLD.id)));
      RETURN NULL;
    END $$;
    CREATE TRIGGER flows_announce AFTER INSERT OR UPDATE OR DELETE ON flows
      FOR EACH ROW EXECUTE FUNCTION announce_flow();

    CREATE FUNCTION announce_role() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM announce_change(jsonb_build_object('kind', 'role', 'name', COALESCE(NEW.name, OLD.name)));
      RETURN NULL;
    END $$;
    CREATE TRIGGER custom_roles_announce AFTER INSERT OR UPDATE OR DELETE ON custom_roles
      FOR EACH ROW EXECUTE FUNCTION announce_role();

    -- Per statement: deleting a role takes it from thousands of users at once; past 100 users one
    -- "members" announcement (every user's roles may have changed) stands for them all.
    CREATE FUNCTION announce_members() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      member text;
    BEGIN
      IF (SELECT count(DISTINCT user_id) FROM changed_rows) > 100 THEN
        PERFORM announce_change(jsonb_build_object('kind', 'members'));
        RETURN NULL;
      END IF;
      FOR member IN SELECT DISTINCT user_id FROM changed_rows LOOP
        PERFORM announce_change(jsonb_build_object('kind', 'user', 'userId', member));
      END LOOP;
      RETURN NULL;
    END $$;
    CREATE TRIGGER user_roles_added AFTER INSERT ON user_roles REFERENCING NEW TABLE AS changed_rows
      FOR EACH STATEMENT EXECUTE FUNCTION announce_members();
    CREATE TRIGGER user_roles_removed AFTER DELETE ON user_roles REFERENCING OLD TABLE AS changed_rows
      FOR EACH STATEMENT EXECUTE FUNCTION announce_members();

    CREATE FUNCTION announce_session_end() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM announce_change(jsonb_build_object('kind', 'session', 'tokenHash', OLD.token_hash));
      RETURN NULL;
    END $$;
    -- An update too: a session cut short (its expiry moved) ends on every instance, not at the old expiry.
    CREATE TRIGGER sessions_announce_end AFTER UPDATE OR DELETE ON sessions
      FOR EACH ROW EXECUTE FUNCTION announce_session_end();
  `,
};
