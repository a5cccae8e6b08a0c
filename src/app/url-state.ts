import { useCallback, useSyncExternalStore } from 'react';
import type { PermissionsTab } from '../features/permissions/permissions-dialog';

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
 * The open Permissions modal and its tab live in the URL (`?permissions=<flowId>&tab=users|roles`),
 * so reload and Back keep them. Opening pushes a history entry; switching tabs replaces it; other
 * parameters are kept.
 */
export function usePermissionsLocation() {
  const search = useSyncExternalStore(subscribeAll, getSearch, () => '');
  const params = new URLSearchParams(search);
  const location: PermissionsLocation = {
    flowId: params.get('permissions') || null,
    tab: params.get('tab') === 'roles' ? 'roles' : 'users',
  };

  const open = useCallback((flowId: string) => {
    navigate((p) => {
      p.set('permissions', flowId);
      p.set('tab', 'users');
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
