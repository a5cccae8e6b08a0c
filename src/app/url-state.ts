import { useCallback, useSyncExternalStore } from 'react';
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

function navigate(update: (params: URLSearchParams) => void, mode: 'push' | 'replace') {
  const url = new URL(window.location.href);
  update(url.searchParams);
  if (mode === 'push') window.history.pushState({ [OPENED_HERE]: true }, '', url);
  else window.history.replaceState(window.history.state, '', url);
  for (const listener of listeners) listener();
}

const getSearch = () => window.location.search;

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
    const url = new URL(window.location.href);
    url.searchParams.delete('permissions');
    url.searchParams.delete('tab');
    if (target === 'flows') url.searchParams.delete('view');
    else url.searchParams.set('view', target);
    return `${url.pathname}${url.search}`;
  }, []);
  const go = useCallback(
    (target: View) => {
      window.history.pushState(null, '', href(target));
      for (const listener of listeners) listener();
    },
    [href],
  );
  return { view, href, go };
}
