import { createListeners, type Change, type ChangeFeed } from '../../live/change-feed';
import type { Listening, Sql } from './sql';

/** The channel the triggers of migration 012 announce changes on. */
export const CHANGES_CHANNEL = 'flow_permissions_changes';

export interface ChangeListener extends ChangeFeed {
  close(): Promise<void>;
}

export interface ChangeListenerOptions {
  /** Waits between attempts to listen again after the connection was lost: first, then doubling up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  log?: (line: string) => void;
}

const parse = (payload: string): { seq: number; change: Change } | undefined => {
  try {
    const { seq, ...change } = JSON.parse(payload) as Change & { seq: number };
    return typeof seq === 'number' ? { seq, change } : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The database's committed changes, from every instance, as PostgreSQL notifies them. When the
 * listening connection is lost the feed stops being `live` at once (the decision cache then reads
 * the database), and it listens again until it can; once it does, it says `reset` (whatever was
 * kept from the feed must be reloaded) and is live again.
 */
export async function listenForChanges(
  sql: Sql,
  { retryMs = 100, maxRetryMs = 2_000, log = console.error }: ChangeListenerOptions = {},
): Promise<ChangeListener> {
  const { listen } = sql;
  if (!listen) throw new Error('This database cannot listen for notifications');
  const listeners = createListeners();
  let live = false;
  let floor = 0;
  let closed = false;
  let listening: Listening | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const currentSeq = async () => {
    const [row] = await sql.query<{ seq: number }>(
      'SELECT (CASE WHEN is_called THEN last_value ELSE 0 END)::float8 AS seq FROM change_seq',
    );
    return row?.seq ?? 0;
  };

  const start = async () => {
    listening = await listen.call(
      sql,
      CHANGES_CHANNEL,
      (payload) => {
        const parsed = parse(payload);
        if (parsed) listeners.emit({ type: 'change', ...parsed });
      },
      (error) => {
        live = false;
        listening = undefined;
        log(JSON.stringify({ event: 'notifications-lost', message: error instanceof Error ? error.message : String(error) }));
        schedule(retryMs);
      },
    );
    // Read after LISTEN: any change numbered above this commits after we listen, so it will arrive.
    floor = await currentSeq();
  };

  const schedule = (wait: number) => {
    if (closed) return;
    retry = setTimeout(() => {
      start().then(
        () => {
          if (closed) return void listening?.close();
          // Lost again while starting: the next attempt is already scheduled.
          if (!listening) return;
          log(JSON.stringify({ event: 'notifications-back' }));
          // Cleared before live again, in one step: nothing kept from before is served.
          listeners.emit({ type: 'reset' });
          live = true;
        },
        () => {
          void listening?.close();
          listening = undefined;
          schedule(Math.min(wait * 2, maxRetryMs));
        },
      );
    }, wait);
  };

  await start();
  live = true;
  return {
    get live() {
      return live;
    },
    get floor() {
      return floor;
    },
    subscribe: listeners.add,
    async close() {
      closed = true;
      live = false;
      clearTimeout(retry);
      await listening?.close();
    },
  };
}
