import { useCallback, useEffect, useRef, useState } from 'react';
import type { LazyPage } from './lazy-page';

/**
 * How long a click on a top-bar link keeps the page being left while the next page's code loads. Past
 * it the next page shows its skeleton; before it, a skeleton would be held on screen for 300 ms by
 * React (see lazy-page.tsx) however soon the code came.
 */
export const CODE_WAIT_MS = 300;

/**
 * Going to a view from a link: at once when its code is in; else the link is busy (`pending`) until the
 * code arrives or CODE_WAIT_MS pass, whichever comes first. The last click wins: a view whose code comes
 * in after another click, or after the address changed (Back), is not gone to.
 */
export function usePageNavigation<View extends string>(pages: Partial<Record<View, LazyPage>>, go: (target: View) => void) {
  const [pending, setPending] = useState<View | null>(null);
  const latest = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const navigate = useCallback(
    (target: View) => {
      const ticket = ++latest.current;
      clearTimeout(timer.current);
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
        setPending(null);
        if (window.location.href === from) go(target);
      };
      setPending(target);
      // A load that failed goes too: the page's error boundary says why, with a retry.
      page.load().then(arrive, arrive);
      timer.current = setTimeout(arrive, CODE_WAIT_MS);
    },
    [pages, go],
  );
  return { pending, navigate };
}
