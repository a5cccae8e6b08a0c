import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { LIVE_EVENTS, liveEventSchema, type LiveEvent } from '../../contract/live';
import type { Flow } from '../../contract/console';
import { flowQueries } from './flows';
import { liveChanges, liveRowKey, FLOW_ROW } from './live-changes';
import { heldForOwnWrites, isOwnValueChange, refreshValue } from './permissions';
import { nextTask, SLICE_MS } from './slices';
import { markWhoCanStartChange, whoCanStartShown } from './who-can-start';

/** Where announced changes come from: the server's event stream. */
export interface LiveSource {
  /**
   * Calls back with the JSON text of each change, or of changes sent together (an array), as it
   * arrived, and with `refetch` when some were missed; returns a disconnect. The text is validated
   * later, in slices: a bulk write announces thousands of changes, and validating them as they
   * arrive made a long task.
   */
  connect(on: { change(text: string): void; refetch(): void }): () => void;
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
        const change = (message: Event) => on.change((message as MessageEvent<string>).data);
        opened.addEventListener(LIVE_EVENTS.change, change);
        opened.addEventListener(LIVE_EVENTS.changes, change);
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

/** The announcements a text holds (one, or an array of them), not yet validated; none if it is not JSON. */
function announcementsIn(text: string): unknown[] {
  try {
    const json: unknown = JSON.parse(text);
    return Array.isArray(json) ? json : [json];
  } catch {
    return [];
  }
}

/** `['flows', 'detail', flowId, 'permissions', 'users', 'row', userId]`: the lists that show a row write it in. */
const isUserRow = (key: QueryKey) => key[3] === 'permissions' && key[4] === 'users' && key[5] === 'row';

/** Marks stale what `prefix` reaches, and the entries on screen refetch; never one request per user row. */
const refresh = (queryClient: QueryClient, prefix: QueryKey = []) =>
  queryClient.invalidateQueries({ queryKey: prefix, predicate: (query) => !isUserRow(query.queryKey) });

/** Who changed a flow when the server did not say (a database's announcement carries no one). */
export const SOMEONE = 'another administrator';

/** In the lists, which is what the Flow Manager shows once they refetched. */
function listedFlow(queryClient: QueryClient, flowId: string): Flow | undefined {
  for (const [, data] of queryClient.getQueriesData<{ pages: { items: Flow[] }[] }>({ queryKey: flowQueries.lists() })) {
    const found = data?.pages.flatMap((page) => page.items).find((flow) => flow.id === flowId);
    if (found) return found;
  }
  return undefined;
}

/** The flow as this page shows it: its own entry (a saved write lands there first), else a list's. */
const shownFlow = (queryClient: QueryClient, flowId: string) =>
  queryClient.getQueryData(flowQueries.detail(flowId).queryKey) ?? listedFlow(queryClient, flowId);

const flowWriteInFlight = (queryClient: QueryClient, flowId: string) =>
  queryClient.isMutating({
    predicate: ({ state: { variables } }) =>
      variables === flowId ||
      (typeof variables === 'object' && variables !== null && 'flowId' in variables && variables.flowId === flowId),
  }) > 0;

/** Its name or status differ: what the Flow Manager would show changed. */
const shownDiffers = (before: Flow, after: Flow | undefined) =>
  after !== undefined &&
  (after.name !== before.name || after.status !== before.status || after.description !== before.description);

/**
 * What one announced change does to this page's cache. A value: its row takes the new value and
 * version at once (highlighted, "changed by <who>"), and what it reaches on the flow refetches; the
 * flow's who-can-start line is highlighted if it reads differently. The page's own value change
 * refetches nothing: its write refreshed what it reaches. A flow another administrator
 * changed is highlighted in the lists once they refetched. A role, membership or an app-wide value can
 * change any flow's rows: everything refetches.
 */
export async function applyLiveEvent(queryClient: QueryClient, event: LiveEvent): Promise<void> {
  const marks = liveChanges(queryClient);
  if (event.kind === 'flow') {
    const before = flowWriteInFlight(queryClient, event.flowId) ? undefined : shownFlow(queryClient, event.flowId);
    await refresh(queryClient);
    if (before && shownDiffers(before, listedFlow(queryClient, event.flowId)))
      marks.mark(liveRowKey(event.flowId, FLOW_ROW), event.by ?? SOMEONE);
    return;
  }
  if (event.kind !== 'value') {
    await refresh(queryClient);
    return;
  }
  // The page's own write, echoed: the write refreshes what it reaches as it settles (the history,
  // the who-can-start line, the access tests, a role's users lists) and the exposure after it is
  // saved. Refetching the flow here did it all again, the users list with every page loaded.
  // A row with writes of its own in flight: their last answer settles it (and shows this if later).
  if (heldForOwnWrites(queryClient, event) || isOwnValueChange(queryClient, event)) return;
  if (refreshValue(queryClient, event)) marks.mark(liveRowKey(event.flowId, event.principal), event.by);
  const lineBefore = whoCanStartShown(queryClient, event.flowId);
  // A role's value changes what users inherit; any value changes the history, exposure and lists.
  await refresh(queryClient, flowQueries.detail(event.flowId).queryKey);
  markWhoCanStartChange(queryClient, event.flowId, lineBefore, event.by);
}

/** How long announced changes gather before they are applied together (a bulk write announces thousands). */
export const LIVE_GATHER_MS = 50;
/**
 * Changes announced together (their texts, as the stream delivered them), as `applyLiveEvent` applies
 * each one, but each flow's entries refetch once for all of its values (not once per value: a bulk
 * write of 5,000 users is 5,000 announcements), and the texts are validated and the rows written in
 * slices of a few milliseconds, so the page never stops answering.
 */
async function applyLiveEvents(queryClient: QueryClient, texts: readonly string[]): Promise<void> {
  const marks = liveChanges(queryClient);
  const flows = new Map<string, { by: string | undefined; summaryBefore: unknown }>();
  let sliceStart = performance.now();
  for (const announced of texts.flatMap(announcementsIn)) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await nextTask();
      sliceStart = performance.now();
    }
    const parsed = liveEventSchema.safeParse(announced);
    if (!parsed.success) continue;
    const event = parsed.data;
    if (event.kind !== 'value') {
      await applyLiveEvent(queryClient, event);
      continue;
    }
    // This page's own write, echoed: the write refreshes what it reaches itself (see applyLiveEvent).
    if (heldForOwnWrites(queryClient, event) || isOwnValueChange(queryClient, event)) continue;
    if (refreshValue(queryClient, event)) marks.mark(liveRowKey(event.flowId, event.principal), event.by);
    const flow = flows.get(event.flowId) ?? { by: undefined, summaryBefore: undefined };
    if (flow.by === undefined) {
      flow.by = event.by;
      flow.summaryBefore = whoCanStartShown(queryClient, event.flowId);
    }
    flows.set(event.flowId, flow);
  }
  await Promise.all(
    [...flows].map(async ([flowId, { by, summaryBefore }]) => {
      // A role's value changes what users inherit; any value changes the history, exposure and lists.
      await refresh(queryClient, flowQueries.detail(flowId).queryKey);
      if (by) markWhoCanStartChange(queryClient, flowId, summaryBefore, by);
    }),
  );
}

/** Keeps this page's data in step with other administrators' changes while it is open. */
const defaultSource = eventSourceLive();

/** Connects this page's data to the live stream (changes gathered for LIVE_GATHER_MS); answers the disconnect. */
export function connectLive(queryClient: QueryClient, source: LiveSource = defaultSource): () => void {
  let gathered: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const events = gathered;
    gathered = [];
    void applyLiveEvents(queryClient, events);
  };
  const disconnect = source.connect({
    change: (text) => {
      gathered.push(text);
      timer ??= setTimeout(flush, LIVE_GATHER_MS);
    },
    refetch: () => void refresh(queryClient),
  });
  return () => {
    clearTimeout(timer);
    disconnect();
  };
}
