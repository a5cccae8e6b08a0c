import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';
import { LIVE_EVENTS, liveEventSchema, type LiveEvent } from '../../contract/live';
import { flowQueries } from './flows';
import { liveChanges, liveRowKey } from './live-changes';
import { refreshValue } from './permissions';

/** Where announced changes come from: the server's event stream. */
export interface LiveSource {
  /** Calls back for each change, and with `refetch` when some were missed; returns a disconnect. */
  connect(on: { change(event: LiveEvent): void; refetch(): void }): () => void;
}

const EVENTS_URL = `${import.meta.env.VITE_API_BASE ?? ''}/api/console/events`;
/** After the server refused the stream (e.g. the session ended), how long before trying again. */
const REOPEN_MS = 5_000;

/**
 * `GET /api/console/events` through one EventSource. It reconnects by itself, sending the last event's
 * id, and the server sends what was missed (or `refetch`). If the server refused it, it is opened
 * again later, and everything is refetched once it is back.
 */
export function eventSourceLive(url = EVENTS_URL): LiveSource {
  return {
    connect(on) {
      if (typeof EventSource === 'undefined') return () => undefined;
      let source: EventSource | undefined;
      let reopen: ReturnType<typeof setTimeout> | undefined;
      let missed = false;
      const open = () => {
        const opened = new EventSource(url);
        source = opened;
        opened.addEventListener('ready', () => {
          if (!missed) return;
          missed = false;
          on.refetch();
        });
        opened.addEventListener(LIVE_EVENTS.change, (message) => {
          const parsed = liveEventSchema.safeParse(parseJson((message as MessageEvent<string>).data));
          if (parsed.success) on.change(parsed.data);
        });
        opened.addEventListener(LIVE_EVENTS.refetch, () => on.refetch());
        opened.addEventListener('error', () => {
          if (opened.readyState !== EventSource.CLOSED) return;
          missed = true;
          reopen = setTimeout(open, REOPEN_MS);
        });
      };
      open();
      return () => {
        clearTimeout(reopen);
        source?.close();
      };
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `['flows', 'detail', flowId, 'permissions', 'users', 'row', userId]`: the lists that show a row write it in. */
const isUserRow = (key: QueryKey) => key[3] === 'permissions' && key[4] === 'users' && key[5] === 'row';

/** Marks stale what `prefix` reaches, and the entries on screen refetch; never one request per user row. */
const refresh = (queryClient: QueryClient, prefix: QueryKey = []) =>
  queryClient.invalidateQueries({ queryKey: prefix, predicate: (query) => !isUserRow(query.queryKey) });

/**
 * What one announced change does to this page's cache. A value: its row takes the new value and
 * version at once (highlighted, "changed by <who>"), and what it reaches on the flow refetches. A
 * flow, a role, membership or an app-wide value can change any flow's rows: everything refetches.
 */
export function applyLiveEvent(queryClient: QueryClient, event: LiveEvent): void {
  if (event.kind !== 'value') {
    void refresh(queryClient);
    return;
  }
  if (refreshValue(queryClient, event)) liveChanges(queryClient).mark(liveRowKey(event.flowId, event.principal), event.by);
  // A role's value changes what users inherit; any value changes the history, exposure and lists.
  void refresh(queryClient, flowQueries.detail(event.flowId).queryKey);
}

/** Keeps this page's data in step with other administrators' changes while it is open. */
export function useLiveUpdates(source: LiveSource = defaultSource): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      source.connect({
        change: (event) => applyLiveEvent(queryClient, event),
        refetch: () => void refresh(queryClient),
      }),
    [queryClient, source],
  );
}

const defaultSource = eventSourceLive();
