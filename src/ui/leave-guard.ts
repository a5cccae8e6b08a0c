import { useEffect } from 'react';

/** How many parts of the page ask before it is left (changes waiting to be saved). */
let askers = 0;
let installed = false;

/**
 * One `beforeunload` listener for the page, added before any other (listeners run in the order they
 * were added): while a part of the page asks, leaving asks first, and no listener added after it hears
 * the event, since the page may well stay. Some take it for a departure: the demo's service worker
 * stops serving a page that says it leaves, and the demo's backend with it.
 */
export function installLeaveGuard(): void {
  if (installed) return;
  installed = true;
  window.addEventListener('beforeunload', (event) => {
    if (askers === 0) return;
    event.preventDefault();
    event.stopImmediatePropagation();
  });
}

/** While `ask` is true, leaving the page asks first (see installLeaveGuard). */
export function useAskBeforeLeaving(ask: boolean): void {
  useEffect(() => {
    if (!ask) return;
    installLeaveGuard();
    askers += 1;
    return () => {
      askers -= 1;
    };
  }, [ask]);
}
