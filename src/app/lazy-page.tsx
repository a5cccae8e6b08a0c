import { lazy, type ComponentType } from 'react';

/** A page whose code loads on demand (keeping the initial JS within budget). */
export interface LazyPage {
  Page: ComponentType;
  /** Starts loading the code, once; settles when it is in (or failed: the next call tries again). */
  load: () => Promise<unknown>;
  loaded: () => boolean;
}

/**
 * `lazy` alone suspends on a page's first render however ready its code is, and React holds a
 * fallback it has shown for at least 300 ms: once the code is in, `Page` renders the page directly.
 */
export function lazyPage(importPage: () => Promise<ComponentType>): LazyPage {
  let Loaded: ComponentType | undefined;
  let loading: Promise<ComponentType> | undefined;
  const load = () =>
    (loading ??= importPage().then(
      (page) => (Loaded = page),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  const Lazy = lazy(() => load().then((page) => ({ default: page })));
  function Page() {
    return Loaded ? <Loaded /> : <Lazy />;
  }
  return { Page, load, loaded: () => Loaded !== undefined };
}
