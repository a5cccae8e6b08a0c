import { useCallback, useEffect, useRef, useState } from 'react';
import type { LazyPage } from './lazy-page';

/**
 * How long a click on a top-bar link keeps the page being left while the next page's code loads; past
 * it the next page shows its skeleton until its code is in.
 */
export const CODE_WAIT_MS = 300;

/**
 * Going to a view from a link: at once when its code is in; else the link is busy (`pending`) until the
 * code arrives or CODE_WAIT_MS pass, whichever comes first. The last click wins: a view whose code comes
 * in after another click, or after the address changed meanwhile (Back, a dialog opened), is not gone to.
 */
export function usePageNavigation<View extends string>(pages: Partial<Record<View, LazyPage>>, go: (target: View) => void) {
  const [pending, setPending] = useState<View | null>(null);
  // The view a click is waiting for (cleared when it goes, or when another click or the unmount ends it).
  const waiting = useRef<View | null>(null);
  const latest = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(
    () => () => {
      // Gone (the session ended, say): a page that comes in later goes nowhere.
      latest.current++;
      waiting.current = null;
      clearTimeout(timer.current);
    },
    [],
  );

  const navigate = useCallback(
    (target: View) => {
      // A second click on a link that is waiting neither restarts nor shortens its wait.
      if (waiting.current === target) return;
      const ticket = ++latest.current;
      clearTimeout(timer.current);
      waiting.current = null;
      const page = pages[target];
      if (!page || page.loaded()) {
        setPending(null);
        go(target);
        return;
      }
      const from = window.location.href;
      const arrive = () => {
        if (latest.current !== ticket) return;
        latest.current++;
        clearTimeout(timer.current);
        waiting.current = null;
        setPending(null);
        if (window.location.href === from) go(target);
      };
      waiting.current = target;
      setPending(target);
      // A load that failed goes too: the page's error boundary says why, with a retry.
      page.load().then(arrive, arrive);
      timer.current = setTimeout(arrive, CODE_WAIT_MS);
    },
    [pages, go],
  );
  return { pending, navigate };
}
