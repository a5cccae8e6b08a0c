import { useCallback, useSyncExternalStore } from 'react';
import { afterPaint } from '../ui/after-paint';
import { FIRST_TAB, tabFrom, type PermissionsTab } from '../features/permissions/permissions-tabs';

export interface PermissionsLocation {
  flowId: string | null;
  tab: PermissionsTab;
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
};

const listeners = new Set<() => void>();
const subscribeAll = (onChange: () => void) => {
  listeners.add(onChange);
  const unsubscribe = subscribe(onChange);
  return () => {
    listeners.delete(onChange);
    unsubscribe();
  };
};

const OPENED_HERE = 'permissionsOpenedHere';

/**
 * A pushed URL the page already shows but history does not hold yet. `pushState` cost 2–6 ms in the
 * task that opens the dialog (decision 023); the entry is pushed once the open is painted, and
 * anything that reads or changes history before then pushes it first.
 */
let pendingPush: URL | null = null;

// Back or Forward before the push: the page shows what history holds.
if (typeof window !== 'undefined') window.addEventListener('popstate', () => (pendingPush = null));

function pushPending() {
  if (!pendingPush) return;
  const url = pendingPush;
  pendingPush = null;
  window.history.pushState({ [OPENED_HERE]: true }, '', url);
}

function navigate(update: (params: URLSearchParams) => void, mode: 'push' | 'replace') {
  pushPending();
  const url = new URL(window.location.href);
  update(url.searchParams);
  if (mode === 'push') {
    pendingPush = url;
    afterPaint(pushPending);
  } else window.history.replaceState(window.history.state, '', url);
  for (const listener of listeners) listener();
}

const getSearch = () => pendingPush?.search ?? window.location.search;

/**
 * The open Permissions modal and its tab live in the URL (`?permissions=<flowId>&tab=<id>`, the ids of
 * PERMISSIONS_TABS), so reload and Back keep them. Opening pushes a history entry; switching tabs replaces it; other
 * parameters are kept.
 */
export function usePermissionsLocation() {
  const search = useSyncExternalStore(subscribeAll, getSearch, () => '');
  const params = new URLSearchParams(search);
  const location: PermissionsLocation = {
    flowId: params.get('permissions') || null,
    tab: tabFrom(params.get('tab')),
  };

  const open = useCallback((flowId: string) => {
    navigate((p) => {
      p.set('permissions', flowId);
      p.set('tab', FIRST_TAB);
    }, 'push');
  }, []);
  const setTab = useCallback((tab: PermissionsTab) => navigate((p) => p.set('tab', tab), 'replace'), []);
  const close = useCallback(() => {
    pushPending();
    // Closing what we opened goes back, so Back and Forward walk open/closed like any page.
    if ((window.history.state as Record<string, unknown> | null)?.[OPENED_HERE]) {
      window.history.back();
      return;
    }
    navigate((p) => {
      p.delete('permissions');
      p.delete('tab');
    }, 'replace');
  }, []);

  return { location, open, setTab, close };
}

export type View = 'flows' | 'app-permissions' | 'manage' | 'overview' | 'audit';
const VIEWS: readonly View[] = ['flows', 'app-permissions', 'manage', 'overview', 'audit'];

/** The page shown: the Flow Manager, or the app-wide permissions (`?view=app-permissions`). */
export function useView() {
  const search = useSyncExternalStore(subscribeAll, getSearch, () => '');
  const asked = new URLSearchParams(search).get('view');
  const view: View = VIEWS.find((candidate) => candidate === asked) ?? 'flows';
  const href = useCallback((target: View) => {
    const url = new URL(pendingPush ?? window.location.href);
    url.searchParams.delete('permissions');
    url.searchParams.delete('tab');
    if (target === 'flows') url.searchParams.delete('view');
    else url.searchParams.set('view', target);
    return `${url.pathname}${url.search}`;
  }, []);
  const go = useCallback(
    (target: View) => {
      pushPending();
      window.history.pushState(null, '', href(target));
      for (const listener of listeners) listener();
    },
    [href],
  );
  return { view, href, go };
}
