import type { Migration } from './types';

/**
 * The end of a console session (sign-out, a new password, its admin deleted) is announced like the
 * app users' sessions of migration 012, so that every instance can keep sessions in memory and still
 * refuse an ended one at once.
 */
export const adminSessionNotifications: Migration = {
  version: 16,
  name: 'admin session notifications',
  sql: `
    CREATE FUNCTION announce_admin_session_end() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM announce_change(jsonb_build_object('kind', 'adminSession', 'tokenHash', OLD.token_hash));
      RETURN NULL;
    END $$;
    CREATE TRIGGER admin_sessions_announce_end AFTER UPDATE OR DELETE ON admin_sessions
      FOR EACH ROW EXECUTE FUNCTION announce_admin_session_end();
  `,
};
